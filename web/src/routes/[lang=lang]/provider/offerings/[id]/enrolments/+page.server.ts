import { error, redirect } from '@sveltejs/kit';
import { messages } from '../../../../../../../../shared/i18n/index.ts';
import type { Locale } from '../../../../../../../../shared/locale.ts';
import { enrolmentDecision } from '../../../../../../../../shared/schemas/enrolment.ts';
import { listAt, readForm, valueAt, type FieldErrors } from '../../../../../../lib/form-values.ts';
import { formMessage } from '../../../../../../lib/forms.ts';
import { ApiProblem } from '../../../../../../lib/server/api.ts';
import { parseForm } from '../../../../../../lib/server/form-actions.ts';
import { providerEnrolmentsApi } from '../../../../../../lib/server/provider-enrolments-api.ts';
import { requireMe } from '../../../../../../lib/server/session.ts';
import { enrolmentsPath, enteredByNames, loadOfferingEnrolments, refuseForm, refusal } from './enrolment-pages.server.ts';
import type { Actions, PageServerLoad } from './$types';

/** The status message after an action's redirect (`?done=approved&count=2`), if it is one we know. */
function doneMessage(url: URL, locale: Locale): string | undefined {
  const done = messages(locale).providerEnrolments.done;
  const count = Math.max(1, Number(url.searchParams.get('count')) || 1);
  switch (url.searchParams.get('done')) {
    case 'approved':
      return done.approved(count);
    case 'declined':
      return done.declined(count);
    case 'cancelled':
      return done.cancelled;
    case 'booked':
      return done.booked;
    case 'enrolled': {
      const outcome = url.searchParams.get('outcome');
      if (outcome === 'booked' || outcome === 'requested') return done.enrolled[outcome];
      if (outcome === 'waitlisted') return done.enrolled.waitlisted(count);
      return undefined;
    }
    default:
      return undefined;
  }
}

export const load = (async ({ parent, url, locals, params }) => {
  const { me } = await parent();
  const person = requireMe(me, url, locals.locale);
  const { offering, enrolments } = await loadOfferingEnrolments(locals, params.id, url);
  const only = url.searchParams.get('occurrence');
  const occurrences = only ? enrolments.occurrences.filter((o) => o.id === only) : enrolments.occurrences;
  if (only && occurrences.length === 0) error(404, messages(locals.locale).problems.noSuchOccurrence);

  // Shown now, so no longer new; this page still marks them, from what was read before.
  const seen = [...new Set(occurrences.flatMap((o) => o.enrolments.filter((e) => e.isNew).map((e) => e.id)))];
  for (let start = 0; start < seen.length; start += 500) {
    try {
      await providerEnrolmentsApi.markSeen(locals, params.id, seen.slice(start, start + 500));
    } catch (problem) {
      // The marks then stay until the next visit; the list itself is worth showing.
      if (!(problem instanceof ApiProblem)) throw problem;
      console.error('Enrolments could not be marked seen', problem.problem);
    }
  }

  return {
    offering: { id: offering.id, title: offering.title, enrolment: offering.enrolment },
    occurrences,
    only,
    enteredBy: await enteredByNames(locals, person, offering.organisationId, { ...enrolments, occurrences }),
    done: doneMessage(url, locals.locale),
    now: Date.now(),
  };
}) satisfies PageServerLoad;

export const actions = {
  /** Approve or decline the ticked requests of one occurrence's table, with one message to each teacher. */
  decide: async ({ request, locals, params, url }) => {
    const t = messages(locals.locale).providerEnrolments;
    const values = readForm(await request.formData(), ['enrolmentIds']);
    const occurrenceId = valueAt(values, 'occurrenceId');
    const enrolmentIds = [...new Set(listAt(values, 'enrolmentIds'))];
    const refuse = (status: number, errors: FieldErrors) =>
      refuseForm(status, { form: 'decide', occurrenceId, values, errors });

    const messageField = `message-${occurrenceId}`;
    const parsed = parseForm(enrolmentDecision, { enrolmentIds, decision: values.decision, message: values.message }, locals.locale, (path) =>
      path.startsWith('enrolmentIds') ? `select-${occurrenceId}` : path === 'message' ? messageField : formMessage,
    );
    if (enrolmentIds.length === 0) return refuse(400, { [`select-${occurrenceId}`]: t.noneSelected });
    if (parsed.errors) return refuse(400, parsed.errors);

    try {
      await providerEnrolmentsApi.decide(locals, params.id, parsed.data);
    } catch (problem) {
      if (problem instanceof ApiProblem && (problem.problem.status === 409 || problem.problem.status === 404)) {
        // The API names the first id that cannot be decided (`enrolmentIds.2`): say which group it is.
        const index = Number(problem.problem.errors?.find((e) => /^enrolmentIds\.\d+$/.test(e.field))?.field.split('.')[1]);
        const list = await providerEnrolmentsApi.list(locals, params.id).catch(() => undefined);
        const enrolment = list?.occurrences.flatMap((o) => o.enrolments).find((e) => e.id === enrolmentIds[index]);
        const message = enrolment ? t.notARequest(`${enrolment.groupName}, ${enrolment.school}`) : (problem.problem.detail ?? problem.problem.title);
        return refuseForm(problem.problem.status, { form: 'decide', occurrenceId, values, errors: {}, refusal: message });
      }
      return refusal(problem, url, locals.locale, 'decide');
    }
    const done = parsed.data.decision === 'approve' ? 'approved' : 'declined';
    redirect(303, enrolmentsPath(locals.locale, params.id, { occurrence: url.searchParams.get('occurrence') ?? undefined, done, count: String(enrolmentIds.length) }));
  },
  /** Books a group picked from the waitlist, whatever its place, if it fits (the API words why not). */
  book: async ({ request, locals, params, url }) => {
    const enrolmentId = (await request.formData()).get('book');
    if (typeof enrolmentId !== 'string' || !enrolmentId) error(400, messages(locals.locale).problems.enrolmentNotFound);
    try {
      await providerEnrolmentsApi.bookFromWaitlist(locals, params.id, enrolmentId);
    } catch (problem) {
      return refusal(problem, url, locals.locale, 'book');
    }
    redirect(303, enrolmentsPath(locals.locale, params.id, { occurrence: url.searchParams.get('occurrence') ?? undefined, done: 'booked' }));
  },
} satisfies Actions;
