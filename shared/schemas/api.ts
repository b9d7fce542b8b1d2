/**
 * The public HTTP API's shapes: what clients send and what they get back.
 * The OpenAPI document is generated from these, so they are the contract.
 */
import * as z from 'zod';
import { offeringLanguage, area, studyLevel } from '../vocabularies.ts';
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

export const pageLimit = { default: 20, max: 50 } as const;

export const listOfferingsQuery = z
  .object({
    studyLevel: csv(studyLevel).optional().meta({ description: 'Comma-separated study levels; any of them matches.' }),
    language: csv(offeringLanguage).optional().meta({ description: 'Comma-separated event languages; any matches.' }),
    area: csv(area).optional().meta({ description: 'Comma-separated areas; any matches.' }),
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
