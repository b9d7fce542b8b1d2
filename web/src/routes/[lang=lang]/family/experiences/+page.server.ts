import { randomUUID } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import { messages } from '../../../../../../shared/i18n/index.ts';
import { id } from '../../../../../../shared/schemas/common.ts';
import { idempotencyKey } from '../../../../../../shared/schemas/enrolment.ts';
import { firstComeRequest, type FamilyExperiences } from '../../../../../../shared/schemas/tickets.ts';
import { readForm } from '../../../../lib/form-values.ts';
import { formMessage } from '../../../../lib/forms.ts';
import { ApiProblem } from '../../../../lib/server/api.ts';
import { parseForm, refuse, refuseFromApi, type NamedFormState } from '../../../../lib/server/form-actions.ts';
import { numberField } from '../../../../lib/server/forms.ts';
import { ticketsApi } from '../../../../lib/server/tickets-api.ts';
import type { Actions, PageServerLoad } from './$types';

/** A re-shown enrolment form: which occurrence's (`form`), what was typed with its key, and a refusal's worded reason. */
type FirstComeFormState = NamedFormState & { refusal?: string };

/**
 * The experiences of the family's cohorts with an enrolment form per occurrence. Each form gets
 * a fresh Idempotency-Key when shown; a re-shown form keeps its own, so sending it again (a
 * double click, a lost answer) gives the first answer instead of a second ticket.
 */
export const load = (async ({ parent, locals }) => {
  await parent();
  let experiences: FamilyExperiences | null;
  try {
    experiences = await ticketsApi.listExperiences(locals);
  } catch (caught) {
    // No family yet: the page asks to register a child first.
    if (caught instanceof ApiProblem && caught.problem.status === 404) experiences = null;
    else throw caught;
  }
  const keys = Object.fromEntries((experiences?.items ?? []).flatMap((e) => e.occurrences.map((o) => [o.id, randomUUID()] as const)));
  return { experiences, keys };
}) satisfies PageServerLoad;

/**
 * One page has a form per occurrence, so its fields are named under the occurrence
 * (`<occurrenceId>.childIds`): ids, values and messages of one form never meet another's.
 */
const fieldOfIn = (occurrenceId: string) => (path: string) => (path === formMessage ? path : `${occurrenceId}.${path.split('.')[0]}`);
const fieldsOf = (values: Record<string, unknown>, occurrenceId: string) => {
  const fields = values[occurrenceId];
  return fields && typeof fields === 'object' && !Array.isArray(fields) ? (fields as Record<string, unknown>) : {};
};

export const actions = {
  enrol: async ({ request, locals }) => {
    const { locale } = locals;
    const data = await request.formData();
    const offeringId = id.safeParse(data.get('offeringId'));
    const occurrenceId = id.safeParse(data.get('occurrenceId'));
    if (!offeringId.success || !occurrenceId.success) return fail(400, { form: '', values: {}, errors: { [formMessage]: messages(locale).page.notFoundText } } satisfies FirstComeFormState);
    const form = occurrenceId.data;
    const values = readForm(data, [`${form}.childIds`]);
    const fieldOf = fieldOfIn(form);
    const fields = fieldsOf(values, form);
    const key = idempotencyKey.safeParse(values.idempotencyKey);
    values.idempotencyKey = key.success ? key.data : randomUUID();
    const body = { childIds: fields.childIds, guardians: numberField(fields.guardians), otherChildren: numberField(fields.otherChildren) };
    const parsed = parseForm(firstComeRequest, body, locale, fieldOf);
    if (parsed.errors) return refuse(form, values, parsed.errors);
    let ticketId: string;
    try {
      ticketId = (await ticketsApi.enrolFirstCome(locals, offeringId.data, form, parsed.data, String(values.idempotencyKey))).ticketId;
    } catch (caught) {
      if (caught instanceof ApiProblem && caught.problem.status === 409) {
        // A definite no is answered for good: the next attempt is another, with a key of its own.
        // No `reason`: the key was spent on another body, which a fresh key sets right.
        const refusal = caught.problem.reason ? (caught.problem.detail ?? caught.problem.title) : messages(locale).teacherEnrolment.sendFailed;
        return fail(409, { form, values: { ...values, idempotencyKey: randomUUID() }, errors: {}, refusal } satisfies FirstComeFormState);
      }
      if (caught instanceof TypeError || caught instanceof SyntaxError) {
        // No answer at all: the same key goes again, so a ticket written meanwhile is not written twice.
        console.error('First-come enrolment not answered; the form is shown again with its key', caught);
        return fail(503, { form, values, errors: {}, refusal: messages(locale).teacherEnrolment.sendFailed } satisfies FirstComeFormState);
      }
      return refuseFromApi(form, caught, values, fieldOf);
    }
    // The ticket page says the enrolment went through (experiences.done) above the new ticket.
    redirect(303, `/${locale}/family/tickets/${ticketId}?done=enrolled`);
  },
} satisfies Actions;
