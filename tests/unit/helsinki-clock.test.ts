import { describe, expect, it } from 'vitest';
import { helsinkiToUtc, localDateOf, localTimeOf } from '../../shared/time.ts';

describe('Helsinki wall-clock times', () => {
  it('turn 09:00 into 07:00 UTC in winter and 06:00 UTC in summer', () => {
    expect(helsinkiToUtc('2026-01-15', '09:00')).toBe('2026-01-15T07:00:00.000Z');
    expect(helsinkiToUtc('2026-06-01', '09:00')).toBe('2026-06-01T06:00:00.000Z');
  });

  it('keep the clock time on the days the clocks change', () => {
    // Arrange: the last Sundays of March and October 2026.
    const days = ['2026-03-28', '2026-03-29', '2026-10-24', '2026-10-25'];
    // Act
    const instants = days.map((day) => new Date(helsinkiToUtc(day, '09:00')));
    // Assert
    expect(instants.map((i) => i.toISOString())).toEqual([
      '2026-03-28T07:00:00.000Z',
      '2026-03-29T06:00:00.000Z',
      '2026-10-24T06:00:00.000Z',
      '2026-10-25T07:00:00.000Z',
    ]);
    expect(instants.map((i) => `${localDateOf(i)} ${localTimeOf(i)}`)).toEqual(days.map((day) => `${day} 09:00`));
  });

  it('move a time the spring change skips an hour later, as the clocks do', () => {
    expect(localTimeOf(new Date(helsinkiToUtc('2026-03-29', '03:30')))).toBe('04:30');
  });

  it('read midnight as the start of the Helsinki day, the day before in UTC', () => {
    expect(helsinkiToUtc('2026-10-24', '00:00')).toBe('2026-10-23T21:00:00.000Z');
    expect(localTimeOf(new Date('2026-10-23T21:00:00.000Z'))).toBe('00:00');
  });
});
