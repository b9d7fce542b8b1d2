import * as z from 'zod';
import { localizedText } from '../locale.ts';
import { offeringLanguage, studyLevel } from '../vocabularies.ts';
import { email, httpsUrl, id, timestamp, versioned } from './common.ts';

export const offeringStatuses = ['draft', 'published', 'unpublished'] as const;
export const offeringStatus = z.enum(offeringStatuses);
export type OfferingStatus = z.infer<typeof offeringStatus>;

/** Where an offering happens: at a venue, online, or the provider comes to the school. */
export const offeringLocation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('venue'), venueId: id }),
  z.object({ kind: z.literal('virtual') }),
  z.object({ kind: z.literal('at-school') }),
]);
export type OfferingLocation = z.infer<typeof offeringLocation>;

export const enrolmentRules = z.object({
  mode: z.enum(['internal', 'external', 'none']),
  externalUrl: httpsUrl.optional(),
  /** Enrolment opens at this moment for every occurrence; absent means already open. */
  opensAt: timestamp.optional(),
  /** Enrolment for an occurrence closes this many days before it starts. */
  closesDaysBefore: z.int().min(0).max(365).default(0),
  approval: z.enum(['automatic', 'manual']).default('automatic'),
  visitsPerBooking: z.int().min(1).max(10).default(1),
  mandatoryInfo: z.boolean().default(false),
  waitlist: z.boolean().default(true),
  /** Teachers may cancel themselves until this many days before the occurrence. */
  cancellationDaysBefore: z.int().min(0).max(365).default(1),
});
export type EnrolmentRules = z.infer<typeof enrolmentRules>;

export const offering = z
  .object({
    id,
    organisationId: id,
    status: offeringStatus,
    title: localizedText(120),
    shortDescription: localizedText(160),
    description: localizedText(5000),
    image: z.object({ url: z.string().min(1), alt: localizedText(300) }).optional(),
    studyLevels: z.array(studyLevel).min(1),
    languages: z.array(offeringLanguage).min(1),
    durationMinutes: z.int().min(5).max(60 * 24 * 14),
    /** 0 means free of charge. */
    priceCents: z.int().min(0),
    priceInfo: localizedText(300).optional(),
    location: offeringLocation,
    contact: z.object({ name: z.string().trim().min(1).max(120), email, phone: z.string().max(40).optional() }),
    enrolment: enrolmentRules,
  })
  .extend(versioned.shape);
export type Offering = z.infer<typeof offering>;
