import { readForPage } from '../../../../../../../../lib/server/form-actions.ts';
import { roundsApi } from '../../../../../../../../lib/server/rounds-api.ts';
import type { PageServerLoad } from './$types';

/** The round's letters for families without email, print-ready. */
export const load = (async ({ parent, locals, params }) => {
  await parent();
  const [round, letters] = await readForPage(Promise.all([roundsApi.get(locals, params.roundId), roundsApi.letters(locals, params.roundId)]), locals.locale);
  return { round, letters: letters.items };
}) satisfies PageServerLoad;
