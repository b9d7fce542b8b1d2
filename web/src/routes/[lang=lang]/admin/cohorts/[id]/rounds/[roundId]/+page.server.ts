import { redirect } from '@sveltejs/kit';
import { ApiProblem } from '../../../../../../../lib/server/api.ts';
import { readForPage, refuseActionFromApi } from '../../../../../../../lib/server/form-actions.ts';
import { roundsApi } from '../../../../../../../lib/server/rounds-api.ts';
import type { Actions, PageServerLoad } from './$types';

/** One round for the platform admin: its status, the last preview's figures, commit (after a confirmation step) and close. */
export const load = (async ({ parent, locals, params, url }) => {
  await parent();
  const round = await readForPage(roundsApi.get(locals, params.roundId), locals.locale);
  let preview = null;
  try {
    preview = await roundsApi.lastPreview(locals, params.roundId);
  } catch (caught) {
    if (!(caught instanceof ApiProblem && caught.problem.status === 404)) throw caught;
  }
  const counts = ['invitations', 'letters', 'waitlisted'].map((name) => Number(url.searchParams.get(name) ?? 0)) as [number, number, number];
  return { round, preview, done: url.searchParams.get('done'), counts, confirming: url.searchParams.get('confirm') === 'commit' };
}) satisfies PageServerLoad;

const here = (locale: string, cohortId: string, roundId: string) => `/${locale}/admin/cohorts/${cohortId}/rounds/${roundId}`;

export const actions = {
  preview: async ({ locals, params }) => {
    try {
      await roundsApi.preview(locals, params.roundId);
    } catch (caught) {
      return refuseActionFromApi('preview', caught);
    }
    redirect(303, `${here(locals.locale, params.id, params.roundId)}?done=previewed#preview`);
  },
  commit: async ({ locals, params }) => {
    let answer;
    try {
      answer = await roundsApi.commit(locals, params.roundId);
    } catch (caught) {
      return refuseActionFromApi('commit', caught);
    }
    const query = new URLSearchParams({ done: answer.complete ? 'committed' : 'committing', invitations: String(answer.invitations), letters: String(answer.letters), waitlisted: String(answer.waitlisted) });
    redirect(303, `${here(locals.locale, params.id, params.roundId)}?${query}`);
  },
  close: async ({ locals, params }) => {
    try {
      await roundsApi.close(locals, params.roundId);
    } catch (caught) {
      return refuseActionFromApi('close', caught);
    }
    redirect(303, `${here(locals.locale, params.id, params.roundId)}?done=closed`);
  },
} satisfies Actions;
