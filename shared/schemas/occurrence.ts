import * as z from 'zod';
import { localizedText } from '../locale.ts';
import { offeringLanguage } from '../vocabularies.ts';
import { id, timestamp, versioned } from './common.ts';

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
    cancelled: z.object({ at: timestamp, reason: localizedText(500) }).optional(),
  })
  .extend(versioned.shape);
export type Occurrence = z.infer<typeof occurrence>;
