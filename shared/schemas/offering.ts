import * as z from 'zod';
import { localizedText, locales } from '../locale.ts';
import { offeringLanguage, studyLevel } from '../vocabularies.ts';
import { email, httpsUrl, id, timestamp, versioned } from './common.ts';
import { experienceTarget } from './godchild.ts';
import { uploadedImageUrl } from './image.ts';

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

export const enrolmentModes = ['internal', 'external', 'none'] as const;

export const enrolmentRules = z.object({
  /** `internal`: teachers enrol here; `external`: on the provider's own site (`externalUrl`); `none`: no enrolment. */
  mode: z.enum(enrolmentModes),
  externalUrl: httpsUrl.optional(),
  /** Enrolment opens at this moment for every occurrence; absent means already open. */
  opensAt: timestamp.optional(),
  /** Enrolment for an occurrence closes this many days before it starts. */
  closesDaysBefore: z.int().min(0).max(365).default(0),
  approval: z.enum(['automatic', 'manual']).default('automatic'),
  /** How many occurrences a group books together. */
  visitsPerBooking: z.int().min(1).max(10).default(1),
  /** Whether the enrolment form requires the additional-information field. */
  mandatoryInfo: z.boolean().default(false),
  waitlist: z.boolean().default(true),
  /** Teachers may cancel themselves until this many days before the occurrence. */
  cancellationDaysBefore: z.int().min(0).max(365).default(1),
  /** Enrolled groups are reminded this many days before each occurrence; 0 sends no reminder. */
  reminderDaysBefore: z.int().min(0).max(30).default(3),
});
export type EnrolmentRules = z.infer<typeof enrolmentRules>;

/**
 * Enrolment rules as a provider sends them: an external link exactly when enrolment is
 * external. Kept apart from `enrolmentRules`, which other schemas `.pick` from (zod refuses to
 * pick from a refined object).
 */
export const enrolmentRulesInput = enrolmentRules.superRefine((rules, ctx) => {
  if (rules.mode === 'external' && !rules.externalUrl) {
    ctx.addIssue({ code: 'custom', path: ['externalUrl'], message: 'externalUrlRequired' });
  }
  if (rules.mode !== 'external' && rules.externalUrl) {
    ctx.addIssue({ code: 'custom', path: ['externalUrl'], message: 'externalUrlOnlyForExternal' });
  }
});

/** Ids of terms of an admin-managed vocabulary (categories, activity keywords). */
const termIds = z.array(id).max(20).default([]);

export const offering = z
  .object({
    id,
    organisationId: id,
    status: offeringStatus,
    title: localizedText(120),
    shortDescription: localizedText(160),
    description: localizedText(5000),
    /** An image uploaded to this site, with its alt text (required whenever there is an image). */
    image: z.object({ url: uploadedImageUrl, alt: localizedText(300) }).optional(),
    categories: termIds,
    keywords: termIds,
    studyLevels: z.array(studyLevel).min(1),
    languages: z.array(offeringLanguage).min(1),
    durationMinutes: z.int().min(5).max(60 * 24 * 14),
    /** 0 means free of charge. */
    priceCents: z.int().min(0),
    priceInfo: localizedText(300).optional(),
    location: offeringLocation,
    /** The provider's contact person for this offering. */
    contact: z.object({ name: z.string().trim().min(1).max(120), email, phone: z.string().trim().max(40).optional() }),
    enrolment: enrolmentRules,
    /** Set on an experience of the culture-godchild module: targeted at a cohort, not in the school search. */
    godchild: experienceTarget.optional(),
  })
  .extend(versioned.shape);
export type Offering = z.infer<typeof offering>;

/** The fields a provider controls, before the rules across them. */
const offeringInputFields = offering
  .pick({
    title: true,
    shortDescription: true,
    description: true,
    image: true,
    categories: true,
    keywords: true,
    studyLevels: true,
    languages: true,
    durationMinutes: true,
    priceCents: true,
    priceInfo: true,
    location: true,
    contact: true,
    enrolment: true,
    godchild: true,
  })
  .extend({ enrolment: enrolmentRulesInput });

const describingTexts = ['title', 'shortDescription', 'description'] as const;

/**
 * Each language the provider writes in gets the whole description: the title, the short
 * description and the description. A text missing in every language has its own message.
 */
function textsInEveryLanguageUsed(value: z.infer<typeof offeringInputFields>, ctx: z.RefinementCtx): void {
  const written = describingTexts.filter((field) => value[field] && locales.some((l) => value[field][l]));
  for (const l of locales) {
    if (!written.some((field) => value[field][l])) continue;
    for (const field of written) {
      if (!value[field][l]) ctx.addIssue({ code: 'custom', path: [field, l], message: 'textMissingInLanguage' });
    }
  }
}

/**
 * What a provider writes when creating or editing an offering: every field they control.
 * An edit replaces them all, so a field left out (an image, price info) is removed.
 */
export const offeringInput = offeringInputFields.superRefine(textsInEveryLanguageUsed);
export type OfferingInput = z.infer<typeof offeringInput>;

/** An edit, with the version the provider read (optimistic locking). */
export const offeringUpdate = offeringInputFields.extend(offering.pick({ version: true }).shape).superRefine(textsInEveryLanguageUsed);
export type OfferingUpdate = z.infer<typeof offeringUpdate>;

/** Publish / unpublish: only the version read. */
export const offeringVersion = offering.pick({ version: true });
export type OfferingVersion = z.infer<typeof offeringVersion>;
