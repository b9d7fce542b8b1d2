import { describe, expect, it } from 'vitest';
import { enrolmentClosesAt, occurrenceAvailability, offeringAvailability } from '../../functions/domain/availability.ts';

const now = new Date('2026-12-01T10:00:00Z');
const open = { mode: 'internal' as const, closesDaysBefore: 0 };
const slot = { start: '2026-12-10T08:00:00Z', cancelled: false, seatsFree: 12, minGroupSize: 5, unit: 'persons' as const };

describe('occurrenceAvailability', () => {
  it('is open with the free seats while enrolment runs', () => {
    expect(occurrenceAvailability(open, slot, now)).toEqual({ status: 'open', seatsFree: 12, unit: 'persons' });
  });

  it('is full when fewer seats remain than the smallest allowed group', () => {
    expect(occurrenceAvailability(open, { ...slot, seatsFree: 4 }, now)).toEqual({ status: 'full', seatsFree: 0, unit: 'persons' });
  });

  it('tells when enrolment opens', () => {
    const rules = { ...open, opensAt: '2026-12-05T07:00:00.000Z' };
    expect(occurrenceAvailability(rules, slot, now)).toEqual({ status: 'not-open-yet', opensAt: '2026-12-05T07:00:00.000Z' });
  });

  it('is closed from N days before the occurrence, at its Helsinki clock time', () => {
    // The slot starts Thursday 10 December at 10:00 in Helsinki; two days before is Tuesday 10:00.
    const rules = { ...open, closesDaysBefore: 2 };
    expect(occurrenceAvailability(rules, slot, new Date('2026-12-08T07:59:00Z')).status).toBe('open');
    expect(occurrenceAvailability(rules, slot, new Date('2026-12-08T08:00:00Z')).status).toBe('closed');
  });

  it('puts cancellation before every other reason', () => {
    expect(occurrenceAvailability({ ...open, mode: 'external' }, { ...slot, cancelled: true }, now).status).toBe('cancelled');
  });

  it('sends teachers elsewhere for external or no enrolment', () => {
    expect(occurrenceAvailability({ ...open, mode: 'external' }, slot, now).status).toBe('external');
    expect(occurrenceAvailability({ ...open, mode: 'none' }, slot, now).status).toBe('no-enrolment');
  });
});

describe('enrolmentClosesAt', () => {
  it('is the start itself when enrolment runs until the occurrence', () => {
    expect(enrolmentClosesAt(slot.start, 0).toISOString()).toBe('2026-12-10T08:00:00.000Z');
  });

  it('keeps the Helsinki clock time across the spring daylight-saving change', () => {
    // Tuesday 31 March 2026 09:00 in Helsinki (UTC+3) → Friday 27 March 09:00 (UTC+2).
    expect(enrolmentClosesAt('2026-03-31T06:00:00Z', 4).toISOString()).toBe('2026-03-27T07:00:00.000Z');
  });

  it('counts Helsinki days, also when the occurrence is early in the morning UTC', () => {
    // 00:30 in Helsinki on 10 December is still 9 December in UTC; one day before is 9 December 00:30.
    expect(enrolmentClosesAt('2026-12-09T22:30:00Z', 1).toISOString()).toBe('2026-12-08T22:30:00.000Z');
  });
});

describe('offeringAvailability', () => {
  it('adds up the free seats of every open occurrence', () => {
    const result = offeringAvailability(open, [slot, { ...slot, seatsFree: 8 }, { ...slot, seatsFree: 0 }], now);
    expect(result).toEqual({ status: 'open', seatsFree: 20, unit: 'persons' });
  });

  it('gives the reason of the next occurrence when none is open', () => {
    const result = offeringAvailability(open, [{ ...slot, cancelled: true }, { ...slot, seatsFree: 0 }], now);
    expect(result.status).toBe('full');
  });
});
