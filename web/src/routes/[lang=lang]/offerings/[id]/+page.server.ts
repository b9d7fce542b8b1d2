import { error } from '@sveltejs/kit';
import { messages } from '../../../../../../shared/i18n/index.ts';
import { ApiProblem, api } from '../../../../lib/server/api.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ params, locals }) => {
  try {
    return { offering: await api.getOffering(params.id, locals.locale) };
  } catch (problem) {
    // A malformed id is, to a person, just a page that does not exist.
    if (problem instanceof ApiProblem && (problem.problem.status === 404 || problem.problem.status === 400)) {
      error(404, messages(locals.locale).problems.offeringNotFound);
    }
    throw problem;
  }
}) satisfies PageServerLoad;
