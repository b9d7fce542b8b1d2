import * as z from 'zod';
import { localizedText } from '../locale.ts';
import { localDateOf } from '../time.ts';
import { maxWeeklySeries, weeklySeries } from '../recurrence.ts';
import { offeringLanguage } from '../vocabularies.ts';
import { id, localDate, timestamp, versioned } from './common.ts';

export const capacityUnits = ['persons', 'groups'] as const;

export const occurrence = z
  .object({
    id,
    offeringId: id,
    start: timestamp,
    end: timestamp,
    /** Overrides the offering's venue for this occurrence only. */
    venueId: id.optional(),
    languages: z.array(offeringLanguage).min(1),
    capacity: z.object({
      unit: z.enum(capacityUnits),
      total: z.int().min(1).max(100_000),
    }),
    /** Counted in persons (children + adults) whatever the capacity unit. */
    groupSize: z.object({ min: z.int().min(1), max: z.int().min(1) }),
    /** Seats held by enrolments and pending requests; moved only by conditional writes. */
    seatsTaken: z.int().min(0),
    /** Final: a cancelled occurrence is never edited or reopened. `by` is the person who cancelled it. */
    cancelled: z.object({ at: timestamp, reason: localizedText(500), by: id.optional() }).optional(),
  })
  .extend(versioned.shape);
export type Occurrence = z.infer<typeof occurrence>;

/** The fields a provider sets on an occurrence. */
export const occurrenceFields = occurrence.pick({ start: true, end: true, venueId: true, languages: true, capacity: true, groupSize: true });
export type OccurrenceFields = z.infer<typeof occurrenceFields>;

/** Rules across fields, worded by `validation` keys and placed on the field to fix. */
/** Refinements run even when a field failed its own check: rules across fields need real times. */
const readableTimes = (value: Pick<OccurrenceFields, 'start' | 'end'>) => !Number.isNaN(Date.parse(value.start)) && !Number.isNaN(Date.parse(value.end));

function occurrenceRules(value: OccurrenceFields, ctx: z.RefinementCtx): void {
  if (!readableTimes(value)) return;
  if (Date.parse(value.end) <= Date.parse(value.start)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'endBeforeStart' });
  if (value.groupSize.min > value.groupSize.max) {
    ctx.addIssue({ code: 'custom', path: ['groupSize', 'max'], message: 'groupSizeMaxBelowMin' });
  }
  if (value.capacity.unit === 'persons' && value.groupSize.max > value.capacity.total) {
    ctx.addIssue({ code: 'custom', path: ['groupSize', 'max'], message: 'groupLargerThanCapacity' });
  }
}

/**
 * One new occurrence, or a weekly series from it: the same Helsinki clock time every week
 * through `repeatWeeklyUntil` (a Helsinki date, inclusive), at most 60. A start in the past is
 * refused by the use case, which knows the time.
 */
export const newOccurrences = occurrenceFields
  .extend({ repeatWeeklyUntil: localDate.optional() })
  .superRefine((value, ctx) => {
    occurrenceRules(value, ctx);
    const until = value.repeatWeeklyUntil;
    if (until === undefined || !readableTimes(value)) return;
    if (until < localDateOf(new Date(value.start))) {
      ctx.addIssue({ code: 'custom', path: ['repeatWeeklyUntil'], message: 'untilBeforeStart' });
    } else if (weeklySeries(value, until, maxWeeklySeries + 1).length > maxWeeklySeries) {
      ctx.addIssue({ code: 'custom', path: ['repeatWeeklyUntil'], message: 'tooManyOccurrences' });
    }
  });
export type NewOccurrences = z.infer<typeof newOccurrences>;

/** An edit of an occurrence, with the version read. Capacity may not drop below the seats taken. */
export const occurrenceUpdate = occurrenceFields.extend(occurrence.pick({ version: true }).shape).superRefine(occurrenceRules);
export type OccurrenceUpdate = z.infer<typeof occurrenceUpdate>;

/** Cancelling is final and says why, in at least one language; the enrolled groups are told. */
export const occurrenceCancellation = z.object({ version: occurrence.shape.version, reason: localizedText(500) });
export type OccurrenceCancellation = z.infer<typeof occurrenceCancellation>;
