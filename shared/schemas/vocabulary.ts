import * as z from 'zod';
import { id, versioned } from './common.ts';

/**
 * Admin-managed vocabularies: offerings' categories and activity keywords. Study levels are not
 * one of them: they are fixed and structured (shared/vocabularies.ts), so search by age works.
 */
export const vocabularyNames = ['category', 'keyword'] as const;
export const vocabularyName = z.enum(vocabularyNames, { error: 'unknownVocabulary' });
export type VocabularyName = z.infer<typeof vocabularyName>;

const labelText = z.string({ error: 'labelInEveryLanguage' }).trim().min(1, { error: 'labelInEveryLanguage' }).max(80);

/** A term is chosen from a list, so its label must read in every service language. */
export const termLabel = z.object({ fi: labelText, sv: labelText, en: labelText });

export const term = z
  .object({
    id,
    vocabulary: vocabularyName,
    label: termLabel,
    /** Retired terms stay on the offerings that have them but cannot be chosen anew. */
    retired: z.boolean(),
  })
  .extend(versioned.shape);
export type Term = z.infer<typeof term>;

/** What clients see of a term (the version is there so an admin can edit it). */
export const termView = term.pick({ id: true, label: true, retired: true, version: true });
export type TermView = z.infer<typeof termView>;

export const newTerm = term.pick({ label: true }).extend({ retired: term.shape.retired.default(false) });
export type NewTerm = z.infer<typeof newTerm>;

/** An edit carries the version it was read at; a newer stored version refuses it. */
export const termUpdate = term.pick({ label: true, retired: true, version: true });
export type TermUpdate = z.infer<typeof termUpdate>;

export const vocabulariesView = z.object({ category: z.array(termView), keyword: z.array(termView) });
export type VocabulariesView = z.infer<typeof vocabulariesView>;

export const vocabularyPath = z.object({ vocabulary: vocabularyName });
export const termPath = vocabularyPath.extend({ id });
