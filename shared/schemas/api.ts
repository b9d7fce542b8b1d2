/**
 * The public HTTP API's shapes: what clients send and what they get back.
 * The OpenAPI document is generated from these, so they are the contract.
 */
import * as z from 'zod';
import { accessibilityFeature, offeringLanguage, area, studyLevel, type StudyLevel } from '../vocabularies.ts';
import { id, localDate, timestamp } from './common.ts';
import { offering } from './offering.ts';
import { occurrence } from './occurrence.ts';
import { organisationSummary } from './organisation.ts';
import { venueView } from './venue.ts';

/** A list in a query string: `studyLevel=grade-1,grade-2` (API Gateway joins repeated keys the same way). */
function csv<T extends z.ZodType<string, string>>(item: T) {
  return z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(item).min(1).max(20));
}

/** A yes-only filter in a query string (`free=true`); `false` is the same as leaving it out. */
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/**
 * The study level children of an age usually are in: 0–2 and 3–4 their own levels, 5–6
 * preschool, 7–15 grades 1–9 (grade = age − 6), 16–19 upper secondary.
 */
export function studyLevelOfAge(age: number): StudyLevel {
  if (age <= 2) return 'age-0-2';
  if (age <= 4) return 'age-3-4';
  if (age <= 6) return 'preschool';
  if (age <= 15) return `grade-${age - 6}` as StudyLevel;
  return 'upper-secondary';
}
export const ageRange = { min: 0, max: 19 } as const;

export const pageLimit = { default: 20, max: 50 } as const;

export const listOfferingsQuery = z
  .object({
    q: z
      .string()
      .max(200)
      .optional()
      .meta({
        description:
          'Free text. Every word must begin a word of the title, short description, a category or keyword, the organisation or the venue, in any language; case and diacritics are ignored (muse finds Museon, aani finds Ääni).',
      }),
    studyLevel: csv(studyLevel).optional().meta({ description: 'Comma-separated study levels; any of them matches.' }),
    age: z
      .string()
      .trim()
      .min(1, { error: 'invalidNumber' })
      .transform(Number)
      .pipe(
        z
          .number({ error: (issue) => (issue.code === 'invalid_type' ? 'invalidNumber' : undefined) })
          .int()
          .min(ageRange.min)
          .max(ageRange.max),
      )
      .optional()
      .meta({
        description:
          'Age of the children (0–19), matched through the study level they are usually in: 0–2, 3–4, 5–6 preschool, 7–15 grades 1–9, 16–19 upper secondary. Combines with studyLevel: both must match.',
      }),
    language: csv(offeringLanguage).optional().meta({ description: 'Comma-separated event languages; any matches.' }),
    area: csv(area).optional().meta({ description: 'Comma-separated areas; any matches.' }),
    category: csv(id).optional().meta({ description: 'Comma-separated category term ids (GET /api/v1/vocabularies); any matches.' }),
    accessibility: csv(accessibilityFeature)
      .optional()
      .meta({ description: "Comma-separated accessibility features the offering's venue must all have; offerings without a venue do not match." }),
    free: flag.optional().meta({ description: '`true`: only offerings free of charge.' }),
    hasFreeSeats: flag
      .optional()
      .meta({ description: '`true`: only offerings with an occurrence (in the date range and language) open for enrolment now with seats free.' }),
    from: localDate.optional().meta({ description: 'First day (Europe/Helsinki) an occurrence may start; default today.' }),
    to: localDate.optional().meta({ description: 'Last day (Europe/Helsinki) an occurrence may start.' }),
    cursor: z.string().max(512).optional().meta({ description: 'Opaque cursor from the previous page.' }),
    limit: z.coerce
      .number({ error: (issue) => (issue.code === 'invalid_type' ? 'invalidNumber' : undefined) })
      .int()
      .min(1)
      .max(pageLimit.max)
      .default(pageLimit.default),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    error: 'reversedDateRange',
    path: ['to'],
  });
export type ListOfferingsQuery = z.infer<typeof listOfferingsQuery>;

export const offeringPath = z.object({ id });

/** Why a teacher can or cannot enrol in an occurrence right now. */
export const availabilityStatuses = [
  'open',
  'full',
  'not-open-yet',
  'closed',
  'cancelled',
  'external',
  'no-enrolment',
] as const;
export const availabilityStatus = z.enum(availabilityStatuses);
export type AvailabilityStatus = z.infer<typeof availabilityStatus>;

export const availability = z.object({
  status: availabilityStatus,
  /** Free seats, in the capacity unit, where enrolment is open or full. */
  seatsFree: z.int().min(0).optional(),
  unit: occurrence.shape.capacity.shape.unit.optional(),
  opensAt: timestamp.optional(),
});
export type Availability = z.infer<typeof availability>;

export const locationView = z.object({
  kind: z.enum(['venue', 'virtual', 'at-school']),
  venueName: venueView.shape.name.optional(),
  area: area.optional(),
});

export const offeringCard = offering
  .pick({ id: true, title: true, shortDescription: true, studyLevels: true, languages: true, priceCents: true, image: true })
  .extend({
    organisation: organisationSummary.pick({ id: true, name: true }),
    location: locationView,
    nextOccurrence: occurrence.pick({ start: true, end: true }).optional(),
    upcomingOccurrences: z.int().min(0),
    availability,
  });
export type OfferingCard = z.infer<typeof offeringCard>;

export const offeringPage = z.object({
  items: z.array(offeringCard),
  nextCursor: z.string().nullable(),
});
export type OfferingPage = z.infer<typeof offeringPage>;

export const occurrenceView = occurrence
  .pick({ id: true, start: true, end: true, languages: true, capacity: true, groupSize: true })
  .extend({
    venue: venueView.optional(),
    seatsFree: z.int().min(0),
    availability,
    cancellationReason: occurrence.shape.cancelled.unwrap().shape.reason.optional(),
  });
export type OccurrenceView = z.infer<typeof occurrenceView>;

export const offeringDetail = offering
  .omit({ status: true, version: true, createdAt: true, organisationId: true })
  .extend({
    organisation: organisationSummary,
    venue: venueView.optional(),
    occurrences: z.array(occurrenceView),
  });
export type OfferingDetail = z.infer<typeof offeringDetail>;

/** RFC 9457 problem details, with per-field errors for validation problems. */
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string().optional(),
  /** Why an enrolment was refused (`full`, `closed`, ...), for clients to act on. */
  reason: z.string().optional(),
  errors: z
    .array(
      z.object({
        in: z.enum(['path', 'query', 'body', 'header']),
        field: z.string(),
        pointer: z.string(),
        detail: z.string(),
      }),
    )
    .optional(),
});
export type Problem = z.infer<typeof problem>;
