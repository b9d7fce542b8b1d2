import { fail, redirect } from '@sveltejs/kit';
import { messages } from '../../../../../../shared/i18n/index.ts';
import { ApiProblem } from '../../../../lib/server/api.ts';
import { enrolmentsApi } from '../../../../lib/server/enrolments-api.ts';
import { invalidLink, loadManagedEnrolment, privatePage, teacherCaller, tokenOf } from '../../../../lib/server/managed-enrolment.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const doneKeys = ['cancelled', 'accepted', 'declined'] as const;
type Done = (typeof doneKeys)[number];

export const load = (async ({ url, locals, setHeaders }) => {
  setHeaders(privatePage);
  const token = tokenOf(url, locals.locale);
  const managed = await loadManagedEnrolment(locals, token);
  const done = doneKeys.find((key) => key === url.searchParams.get('done'));
  return {
    token,
    managed,
    done: done && messages(locals.locale).teacherEnrolment.done[done],
    // The cancel button's second step: a GET link, so it works before any script.
    confirmCancel: url.searchParams.get('confirm') === 'cancel' && managed.cancelUntil !== undefined,
  };
}) satisfies PageServerLoad;

/**
 * One of the teacher's buttons: done, back to the page with what it did; a refusal (after the
 * deadline, already cancelled, no offer to answer) re-shows the page with the API's worded reason.
 */
async function act({ url, locals }: RequestEvent, call: typeof enrolmentsApi.cancel, done: Done) {
  const token = tokenOf(url, locals.locale);
  try {
    await call(teacherCaller(locals), token);
  } catch (caught) {
    if (caught instanceof ApiProblem) {
      const { status, detail, title } = caught.problem;
      if (status === 400 || status === 404) invalidLink(locals.locale);
      if (status === 409 || status === 429) return fail(status, { refusal: detail ?? title });
    }
    throw caught;
  }
  redirect(303, `/${locals.locale}/enrolments/manage?token=${encodeURIComponent(token)}&done=${done}`);
}

export const actions = {
  cancel: (event) => act(event, enrolmentsApi.cancel, 'cancelled'),
  accept: (event) => act(event, enrolmentsApi.acceptOffer, 'accepted'),
  decline: (event) => act(event, enrolmentsApi.declineOffer, 'declined'),
} satisfies Actions;
