import { safeParseIn } from '../../../../shared/i18n/index.ts';
import { listOfferingsQuery } from '../../../../shared/schemas/api.ts';
import { ApiProblem, api } from '../../lib/server/api.ts';
import type { PageServerLoad } from './$types';

/**
 * The filters live in the URL, so a search can be bookmarked and shared. Checkboxes send a
 * name once per box ticked (`accessibility=lift&accessibility=hearing-loop`); the API takes
 * one comma-separated value, so repeated names are joined.
 */
const filterNames = ['q', 'studyLevel', 'age', 'language', 'area', 'category', 'accessibility', 'free', 'hasFreeSeats', 'from', 'to'] as const;
export type SearchValues = Partial<Record<(typeof filterNames)[number], string>>;

export const load = (async ({ url, locals }) => {
  const { locale } = locals;
  const values: SearchValues = {};
  for (const name of filterNames) {
    const value = url.searchParams
      .getAll(name)
      .map((part) => part.trim())
      .filter(Boolean)
      .join(',');
    if (value) values[name] = value;
  }
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const query = { ...values, ...(cursor ? { cursor } : {}) };
  // The category list comes from the admin-managed vocabulary; asked for while the search runs.
  const vocabularies = api.listVocabularies(locale);

  // Checked here with the API's own schema, so mistakes are shown beside their fields at once.
  const parsed = safeParseIn(listOfferingsQuery, query, locale);
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.issues.map((issue) => [String(issue.path[0]), issue.message]));
    return { values, errors, results: null, categories: (await vocabularies).category };
  }
  try {
    const [results, { category: categories }] = await Promise.all([api.listOfferings(new URLSearchParams(query), locale), vocabularies]);
    return { values, errors: {} as Record<string, string>, results, categories };
  } catch (error) {
    if (error instanceof ApiProblem && error.problem.status === 400) {
      const errors = Object.fromEntries((error.problem.errors ?? []).map((e) => [e.field.split('.')[0] ?? e.field, e.detail]));
      return { values, errors, results: null, categories: (await vocabularies).category };
    }
    throw error;
  }
}) satisfies PageServerLoad;
