import * as z from 'zod';
import type { LocalizedText } from './locale.ts';

/**
 * Target groups are structured, not free keywords, so that search by age works.
 * Ages are the children's usual ages in each level, used to answer "age 7".
 */
export const studyLevels = [
  'age-0-2',
  'age-3-4',
  'preschool',
  'grade-1',
  'grade-2',
  'grade-3',
  'grade-4',
  'grade-5',
  'grade-6',
  'grade-7',
  'grade-8',
  'grade-9',
  'upper-secondary',
  'other',
] as const;
export const studyLevel = z.enum(studyLevels, { error: 'unknownStudyLevel' });
export type StudyLevel = z.infer<typeof studyLevel>;

/** Languages an event can be held in (ISO 639-1); their names come from Intl.DisplayNames. */
export const offeringLanguages = ['fi', 'sv', 'en', 'se', 'ru', 'et', 'uk', 'ar', 'so', 'de', 'fr', 'es'] as const;
export const offeringLanguage = z.enum(offeringLanguages, { error: 'unknownLanguage' });
export type OfferingLanguage = z.infer<typeof offeringLanguage>;

/** The municipality's major districts (Helsinki's, for the demo). */
export const areas = {
  southern: { fi: 'Eteläinen', sv: 'Södra', en: 'Southern' },
  western: { fi: 'Läntinen', sv: 'Västra', en: 'Western' },
  central: { fi: 'Keskinen', sv: 'Mellersta', en: 'Central' },
  northern: { fi: 'Pohjoinen', sv: 'Norra', en: 'Northern' },
  'north-eastern': { fi: 'Koillinen', sv: 'Nordöstra', en: 'North-Eastern' },
  'south-eastern': { fi: 'Kaakkoinen', sv: 'Sydöstra', en: 'South-Eastern' },
  eastern: { fi: 'Itäinen', sv: 'Östra', en: 'Eastern' },
  ostersundom: { fi: 'Östersundom', sv: 'Östersundom', en: 'Östersundom' },
} as const satisfies Record<string, Required<LocalizedText>>;
export const areaIds = Object.keys(areas) as [keyof typeof areas, ...(keyof typeof areas)[]];
export const area = z.enum(areaIds, { error: 'unknownArea' });
export type Area = z.infer<typeof area>;

export const facilities = ['cloakroom', 'toilets', 'eating-place', 'indoor-play-area', 'outdoor-play-area'] as const;
export const facility = z.enum(facilities);
export type Facility = z.infer<typeof facility>;

export const accessibilityFeatures = ['step-free-access', 'accessible-toilet', 'lift', 'hearing-loop'] as const;
export const accessibilityFeature = z.enum(accessibilityFeatures);
export type AccessibilityFeature = z.infer<typeof accessibilityFeature>;

export const organisationKinds = ['museum', 'theatre', 'library', 'orchestra', 'sports', 'arts-centre', 'dance', 'nature'] as const;
export const organisationKind = z.enum(organisationKinds);
export type OrganisationKind = z.infer<typeof organisationKind>;
