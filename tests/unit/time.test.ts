import { describe, expect, it } from 'vitest';
import { addLocalDays, endOfLocalDay, formatTimeRange, localDateOf, startOfLocalDay } from '../../shared/time.ts';

describe('Helsinki calendar days', () => {
  it('start at 22:00 UTC in winter and 21:00 UTC in summer', () => {
    expect(startOfLocalDay('2026-12-01').toISOString()).toBe('2026-11-30T22:00:00.000Z');
    expect(startOfLocalDay('2026-07-01').toISOString()).toBe('2026-06-30T21:00:00.000Z');
  });

  it('last 23 hours on the spring change and 25 hours on the autumn change', () => {
    const spring = endOfLocalDay('2026-03-29').getTime() - startOfLocalDay('2026-03-29').getTime();
    const autumn = endOfLocalDay('2026-10-25').getTime() - startOfLocalDay('2026-10-25').getTime();
    expect(spring / 3_600_000).toBe(23);
    expect(autumn / 3_600_000).toBe(25);
  });

  it('give the Helsinki date of an instant, not the UTC one', () => {
    expect(localDateOf(new Date('2026-07-01T21:30:00Z'))).toBe('2026-07-02');
    expect(localDateOf(new Date('2026-12-31T21:59:59Z'))).toBe('2026-12-31');
  });

  it('add days across month and year ends', () => {
    expect(addLocalDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addLocalDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('formatTimeRange', () => {
  it('shows Helsinki wall-clock times and the end date only when it differs', () => {
    expect(formatTimeRange('2026-12-03T07:30:00Z', '2026-12-03T08:15:00Z', 'fi')).toBe('to 3.12.2026 klo 09.30–10.15');
    expect(formatTimeRange('2026-06-03T06:30:00Z', '2026-06-04T06:30:00Z', 'en')).toContain('04/06/2026');
  });
});
