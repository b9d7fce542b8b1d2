import { roundsApi } from '../../../../../../../../lib/server/rounds-api.ts';
import type { PageServerLoad } from './$types';

/** The round's letters for families without email, print-ready. */
export const load = (async ({ parent, locals, params }) => {
  await parent();
  const [round, letters] = await Promise.all([roundsApi.get(locals, params.roundId), roundsApi.letters(locals, params.roundId)]);
  return { round, letters: letters.items };
}) satisfies PageServerLoad;
