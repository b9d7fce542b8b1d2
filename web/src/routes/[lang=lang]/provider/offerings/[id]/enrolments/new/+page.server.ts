import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import { messages } from '../../../../../../../../../shared/i18n/index.ts';
import type { Locale } from '../../../../../../../../../shared/locale.ts';
import { idempotencyKey } from '../../../../../../../../../shared/schemas/enrolment.ts';
import type { ManagedOffering } from '../../../../../../../../../shared/schemas/offering-management.ts';
import { enrolmentArrayFields, enrolmentFormErrors, newEnrolmentValues, validateEnrolment, type EnrolmentFormRules } from '../../../../../../../lib/enrolment-form.ts';
import { readForm, type FieldErrors, type FormValues } from '../../../../../../../lib/form-values.ts';
import { ApiProblem } from '../../../../../../../lib/server/api.ts';
import { problemErrors } from '../../../../../../../lib/server/forms.ts';
import { offeringsApi } from '../../../../../../../lib/server/offerings-api.ts';
import { pageFromProblem } from '../../../../../../../lib/server/offering-editor.ts';
import { providerEnrolmentsApi } from '../../../../../../../lib/server/provider-enrolments-api.ts';
import { requireMe } from '../../../../../../../lib/server/session.ts';
import { enrolmentsPath } from '../enrolment-pages.server.ts';
import type { Actions, PageServerLoad } from './$types';

/** A re-shown form: what was typed (with its Idempotency-Key), a message per field, and a refusal's worded reason. */
type AssistedFormState = { values: FormValues; errors: FieldErrors; refusal?: string };

/** The times a group can be entered for: upcoming and not cancelled (the API still applies the enrolment window). */
const upcoming = (offering: ManagedOffering, now = Date.now()) => offering.occurrences.filter((o) => !o.cancelled && Date.parse(o.start) > now);

const rulesOf = (offering: ManagedOffering): EnrolmentFormRules => ({
  visitsPerBooking: offering.enrolment.visitsPerBooking,
  mandatoryInfo: offering.enrolment.mandatoryInfo,
  occurrences: upcoming(offering).map((o) => ({ id: o.id, groupSize: o.groupSize })),
});

async function offeringFor(locals: App.Locals, id: string, url: URL): Promise<ManagedOffering> {
  try {
    return await offeringsApi.get(locals, id);
  } catch (problem) {
    pageFromProblem(problem, url, locals.locale, 'noSuchOffering');
  }
}

export const load = (async ({ parent, url, locals, params }) => {
  const { me } = await parent();
  requireMe(me, url, locals.locale);
  const offering = await offeringFor(locals, params.id, url);
  if (offering.enrolment.mode !== 'internal') error(404, messages(locals.locale).problems.noInternalEnrolment);
  const times = upcoming(offering);
  const open = new Set(times.map((o) => o.id));
  const picked = url.searchParams.getAll('occurrence').filter((id) => open.has(id)).slice(0, offering.enrolment.visitsPerBooking);
  return {
    offering: { id: offering.id, title: offering.title, enrolment: offering.enrolment, studyLevels: offering.studyLevels },
    times,
    rules: rulesOf(offering),
    // A fresh key per form shown; a re-shown form keeps its own, so sending again gives the first answer.
    values: newEnrolmentValues(picked, locals.locale, randomUUID()),
  };
}) satisfies PageServerLoad;

/**
 * An API refusal as the re-shown form: field problems beside their fields; a definite no (409)
 * as its worded reason, with a new key since that attempt is answered; no answer at all with
 * the key kept for the retry.
 */
function refused(caught: unknown, values: FormValues, url: URL, locale: Locale) {
  const t = messages(locale).teacherEnrolment;
  if (caught instanceof ApiProblem) {
    const { problem } = caught;
    if (problem.status === 401 || problem.status === 403 || problem.status === 404) pageFromProblem(caught, url, locale, 'noSuchOffering');
    if (problem.status === 400) return fail(400, { values, errors: enrolmentFormErrors(problemErrors(problem)) } satisfies AssistedFormState);
    if (problem.status === 409) {
      // No `reason`: the key was spent on another body, which a fresh key sets right.
      const refusal = problem.reason ? (problem.detail ?? problem.title) : t.sendFailed;
      return fail(409, { values: { ...values, idempotencyKey: randomUUID() }, errors: {}, refusal } satisfies AssistedFormState);
    }
    if (problem.status === 429) return fail(429, { values, errors: {}, refusal: problem.detail ?? problem.title } satisfies AssistedFormState);
    if (problem.status < 500) throw caught;
  } else if (!(caught instanceof TypeError || caught instanceof SyntaxError)) {
    throw caught;
  }
  console.error('Assisted enrolment not answered; the form is shown again with its key', caught);
  return fail(503, { values, errors: {}, refusal: t.sendFailed } satisfies AssistedFormState);
}

export const actions = {
  default: async ({ request, locals, params, url }) => {
    const { locale } = locals;
    const values = readForm(await request.formData(), enrolmentArrayFields);
    const key = idempotencyKey.safeParse(values.idempotencyKey);
    values.idempotencyKey = key.success ? key.data : randomUUID();
    const offering = await offeringFor(locals, params.id, url);
    const checked = validateEnrolment(values, locale, rulesOf(offering));
    if (!checked.ok) return fail(400, { values, errors: checked.errors } satisfies AssistedFormState);
    let answer;
    try {
      answer = await providerEnrolmentsApi.enrolForTeacher(locals, params.id, checked.body, String(values.idempotencyKey));
    } catch (caught) {
      return refused(caught, values, url, locale);
    }
    redirect(
      303,
      enrolmentsPath(locale, params.id, {
        occurrence: checked.body.occurrenceIds[0],
        done: 'enrolled',
        outcome: answer.outcome,
        count: answer.position === undefined ? undefined : String(answer.position),
      }),
    );
  },
} satisfies Actions;
