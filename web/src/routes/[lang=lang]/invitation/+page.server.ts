import { fail, redirect } from '@sveltejs/kit';
import { invitationCodePath } from '../../../../../shared/schemas/round-views.ts';
import { safeParseIn } from '../../../../../shared/i18n/index.ts';
import { ApiProblem } from '../../../lib/server/api.ts';
import { refuseActionFromApi } from '../../../lib/server/form-actions.ts';
import { problemErrors } from '../../../lib/server/forms.ts';
import { roundsApi } from '../../../lib/server/rounds-api.ts';
import type { Action, Actions, PageServerLoad } from './$types';

/**
 * The public page of a letter's invitation: type the code (a GET form, so it works without
 * JavaScript and can be bookmarked), see the invitation, accept or decline it. Private: no-store.
 */
export const load = (async ({ locals, url, setHeaders }) => {
  setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
  const typed = url.searchParams.get('code');
  const done = url.searchParams.get('done');
  if (typed === null) return { code: '', invitation: null, errors: {}, done };
  const parsed = safeParseIn(invitationCodePath, { code: typed.replace(/\s+/g, '') }, locals.locale);
  if (!parsed.success) return { code: typed, invitation: null, errors: { code: parsed.issues[0]!.message }, done };
  try {
    return { code: parsed.data.code, invitation: await roundsApi.byCode(locals, parsed.data.code), errors: {}, done };
  } catch (caught) {
    if (caught instanceof ApiProblem && caught.problem.status < 500 && caught.problem.status !== 401) {
      const errors = problemErrors(caught.problem);
      return { code: typed, invitation: null, errors: { code: errors.code ?? Object.values(errors)[0] ?? '' }, done };
    }
    throw caught;
  }
}) satisfies PageServerLoad;

const codeOf = async (request: Request) => String((await request.formData()).get('code') ?? '').trim().toUpperCase();

/** Accepting and declining differ only in the call and the word the page is told afterwards. */
const answer =
  (send: typeof roundsApi.acceptByCode, done: 'accepted' | 'declined'): Action =>
  async ({ request, locals }) => {
    const code = await codeOf(request);
    if (!code) return fail(400, { form: 'answer', values: {}, errors: {} });
    try {
      await send(locals, code);
    } catch (caught) {
      return refuseActionFromApi('answer', caught);
    }
    redirect(303, `/${locals.locale}/invitation?code=${encodeURIComponent(code)}&done=${done}`);
  };

export const actions = {
  accept: answer(roundsApi.acceptByCode, 'accepted'),
  decline: answer(roundsApi.declineByCode, 'declined'),
} satisfies Actions;
