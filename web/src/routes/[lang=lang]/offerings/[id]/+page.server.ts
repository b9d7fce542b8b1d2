import { error } from '@sveltejs/kit';
import { messages } from '../../../../../../shared/i18n/index.ts';
import { ApiProblem, api } from '../../../../lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ params, locals }) => {
  // The term labels are asked for while the offering is read; without them the page still shows the rest.
  const vocabularies = api.listVocabularies(locals.locale).catch(() => undefined);
  try {
    const [offering, terms] = await Promise.all([api.getOffering(params.id, locals.locale), vocabularies]);
    return { offering, vocabularies: terms };
  } catch (problem) {
    // A malformed id is, to a person, just a page that does not exist.
    if (problem instanceof ApiProblem && (problem.problem.status === 404 || problem.problem.status === 400)) {
      error(404, messages(locals.locale).problems.offeringNotFound);
    }
    throw problem;
  }
}) satisfies PageServerLoad;
