import { roundsApi } from '../../../../lib/server/rounds-api.ts';
import type { PageServerLoad } from './$types';

/** The open rounds of the family's cohorts, each with a link to state or change preferences. */
export const load = (async ({ parent, locals }) => {
  await parent();
  return { rounds: (await roundsApi.familyRounds(locals)).items };
}) satisfies PageServerLoad;
