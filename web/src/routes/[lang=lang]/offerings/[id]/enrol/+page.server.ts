import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import { messages } from '../../../../../../../shared/i18n/index.ts';
import type { Locale } from '../../../../../../../shared/locale.ts';
import type { OfferingDetail } from '../../../../../../../shared/schemas/api.ts';
import { idempotencyKey } from '../../../../../../../shared/schemas/enrolment.ts';
import { enrolmentArrayFields, enrolmentFormErrors, formRulesOf, newEnrolmentValues, validateEnrolment } from '../../../../../lib/enrolment-form.ts';
import { readForm, type FieldErrors, type FormValues } from '../../../../../lib/form-values.ts';
import { ApiProblem, api } from '../../../../../lib/server/api.ts';
import { enrolmentsApi } from '../../../../../lib/server/enrolments-api.ts';
import { problemErrors } from '../../../../../lib/server/forms.ts';
import { teacherCaller } from '../../../../../lib/server/managed-enrolment.ts';
import { canEnrolIn } from '../enrolable.ts';
import type { Actions, PageServerLoad } from './$types';

/** A re-shown form: what was typed (with its Idempotency-Key), a message per field, and a refusal's worded reason. */
type EnrolmentFormState = { values: FormValues; errors: FieldErrors; refusal?: string };

async function offeringFor(id: string, locale: Locale): Promise<OfferingDetail> {
  try {
    return await api.getOffering(id, locale);
  } catch (problem) {
    if (problem instanceof ApiProblem && (problem.problem.status === 404 || problem.problem.status === 400)) {
      error(404, messages(locale).problems.offeringNotFound);
    }
    throw problem;
  }
}

export const load = (async ({ params, locals, url }) => {
  const offering = await offeringFor(params.id, locals.locale);
  if (offering.enrolment.mode !== 'internal') error(404, messages(locals.locale).problems.noInternalEnrolment);
  const open = new Set(offering.occurrences.filter((o) => canEnrolIn(offering, o)).map((o) => o.id));
  const picked = url.searchParams.getAll('occurrence').filter((id) => open.has(id)).slice(0, offering.enrolment.visitsPerBooking);
  return {
    offering,
    /** One visit per booking and its time chosen on the offering page: the form shows it, with a way back to choose another. */
    fixed: offering.enrolment.visitsPerBooking === 1 && picked.length === 1,
    // A fresh key per form shown; a re-shown form keeps its own, so sending again gives the first answer.
    values: newEnrolmentValues(picked, locals.locale, randomUUID()),
  };
}) satisfies PageServerLoad;

/**
 * An API refusal as the re-shown form: field problems beside their fields; a definite no (409)
 * as its worded reason at the top, with a new key since that attempt is answered and the next
 * is another; too many attempts, or no answer at all, with the key kept for the retry.
 */
function refused(caught: unknown, values: FormValues, locale: Locale) {
  const t = messages(locale).teacherEnrolment;
  if (caught instanceof ApiProblem) {
    const { problem } = caught;
    if (problem.status === 400) return fail(400, { values, errors: enrolmentFormErrors(problemErrors(problem)) } satisfies EnrolmentFormState);
    if (problem.status === 404) error(404, messages(locale).problems.offeringNotFound);
    if (problem.status === 409) {
      // No `reason`: the key was spent on another body, which a fresh key sets right.
      const refusal = problem.reason ? (problem.detail ?? problem.title) : t.sendFailed;
      return fail(409, { values: { ...values, idempotencyKey: randomUUID() }, errors: {}, refusal } satisfies EnrolmentFormState);
    }
    if (problem.status === 429) return fail(429, { values, errors: {}, refusal: problem.detail ?? problem.title } satisfies EnrolmentFormState);
    if (problem.status < 500) throw caught;
  } else if (!(caught instanceof TypeError || caught instanceof SyntaxError)) {
    // Not a lost connection or a gateway's page: a fault of ours, for the error page.
    throw caught;
  }
  console.error('Enrolment not answered; the form is shown again with its key', caught);
  return fail(503, { values, errors: {}, refusal: t.sendFailed } satisfies EnrolmentFormState);
}

export const actions = {
  default: async ({ request, locals, params }) => {
    const { locale } = locals;
    const values = readForm(await request.formData(), enrolmentArrayFields);
    const key = idempotencyKey.safeParse(values.idempotencyKey);
    values.idempotencyKey = key.success ? key.data : randomUUID();
    const offering = await offeringFor(params.id, locale);
    const checked = validateEnrolment(values, locale, formRulesOf(offering));
    if (!checked.ok) return fail(400, { values, errors: checked.errors } satisfies EnrolmentFormState);
    let token: string;
    try {
      token = (await enrolmentsApi.enrol(teacherCaller(locals), params.id, checked.body, String(values.idempotencyKey))).manageToken;
    } catch (caught) {
      return refused(caught, values, locale);
    }
    redirect(303, `/${locale}/offerings/${params.id}/enrol/answer?token=${encodeURIComponent(token)}`);
  },
} satisfies Actions;
