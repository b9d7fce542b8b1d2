import { describe, expect, it } from 'vitest';
import { maxWeeklySeries, weeklySeries } from '../../shared/recurrence.ts';

describe('weeklySeries', () => {
  const first = { start: '2026-10-13T06:00:00.000Z', end: '2026-10-13T07:30:00.000Z' }; // Tue 09:00–10:30 Helsinki

  it('includes an occurrence that starts on the last day', () => {
    expect(weeklySeries(first, '2026-10-27').map((s) => s.start)).toEqual([
      '2026-10-13T06:00:00.000Z',
      '2026-10-20T06:00:00.000Z',
      '2026-10-27T07:00:00.000Z', // winter time from 25 October: still 09:00 in Helsinki
    ]);
  });

  it('keeps the length of a span that crosses the change of time in Helsinki clock terms', () => {
    const overnight = { start: '2026-10-24T15:00:00.000Z', end: '2026-10-25T07:00:00.000Z' }; // Sat 18:00 – Sun 09:00
    expect(weeklySeries(overnight, '2026-10-31')).toEqual([
      overnight,
      { start: '2026-10-31T16:00:00.000Z', end: '2026-11-01T07:00:00.000Z' },
    ]);
  });

  it('stops at the limit, so one more than allowed tells a series is too long', () => {
    expect(weeklySeries(first, '2028-12-31', maxWeeklySeries + 1)).toHaveLength(maxWeeklySeries + 1);
    expect(weeklySeries(first, '2028-12-31')).toHaveLength(maxWeeklySeries);
  });

  it('is only the first occurrence when the last day is its day', () => {
    expect(weeklySeries(first, '2026-10-13')).toEqual([first]);
  });
});
