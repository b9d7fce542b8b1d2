import type { Availability } from '../../shared/schemas/api.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { EnrolmentRules } from '../../shared/schemas/offering.ts';
import { sameClockTimeDaysBefore } from '../../shared/time.ts';

type Rules = Pick<EnrolmentRules, 'mode' | 'opensAt' | 'closesDaysBefore'>;
type Slot = { start: string; cancelled: boolean; seatsFree: number; minGroupSize: number; unit: 'persons' | 'groups' };

/**
 * When enrolment for an occurrence closes: N days before it at the same Helsinki clock time
 * ("closes 2 days before" a Thursday 10:00 event: until Tuesday 10:00), as teachers read it and
 * as Kultus counts it; N = 0 means until it starts. Right across daylight-saving changes.
 */
export function enrolmentClosesAt(start: string, closesDaysBefore: number): Date {
  if (closesDaysBefore === 0) return new Date(start);
  // Calendar arithmetic in a time zone is slow, and search asks for the same occurrences often.
  const key = `${start}|${closesDaysBefore}`;
  let closes = closingTimes.get(key);
  if (closes === undefined) {
    closes = sameClockTimeDaysBefore(new Date(start), closesDaysBefore).getTime();
    if (closingTimes.size > 200_000) closingTimes.clear();
    closingTimes.set(key, closes);
  }
  return new Date(closes);
}
const closingTimes = new Map<string, number>();

/** Seats not held by enrolments or pending requests, in the occurrence's capacity unit. */
export const seatsFreeOf = (o: Pick<Occurrence, 'capacity' | 'seatsTaken'>): number => Math.max(0, o.capacity.total - o.seatsTaken);

/** Whether a teacher could enrol in this occurrence now, or why not. */
export function occurrenceAvailability(rules: Rules, slot: Slot, now: Date): Availability {
  if (slot.cancelled) return { status: 'cancelled' };
  if (rules.mode === 'external') return { status: 'external' };
  if (rules.mode === 'none') return { status: 'no-enrolment' };
  if (rules.opensAt && new Date(rules.opensAt) > now) return { status: 'not-open-yet', opensAt: rules.opensAt };
  if (now >= enrolmentClosesAt(slot.start, rules.closesDaysBefore)) return { status: 'closed' };
  // A seat count below the smallest allowed group cannot take anyone.
  const usable = slot.unit === 'persons' && slot.seatsFree < slot.minGroupSize ? 0 : slot.seatsFree;
  if (usable === 0) return { status: 'full', seatsFree: 0, unit: slot.unit };
  return { status: 'open', seatsFree: usable, unit: slot.unit };
}

/**
 * One line for a search result: the free seats of every open occurrence (in the unit of the
 * first), or else the reason the next occurrence cannot be enrolled in.
 */
export function offeringAvailability(rules: Rules, slots: Slot[], now: Date): Availability {
  const each = slots.map((slot) => occurrenceAvailability(rules, slot, now));
  const open = each.filter((a) => a.status === 'open');
  if (open.length > 0) {
    const unit = open[0]?.unit ?? 'persons';
    const seatsFree = open.filter((a) => a.unit === unit).reduce((sum, a) => sum + (a.seatsFree ?? 0), 0);
    return { status: 'open', seatsFree, unit };
  }
  return each.find((a) => a.status !== 'cancelled') ?? each[0] ?? { status: 'cancelled' };
}
