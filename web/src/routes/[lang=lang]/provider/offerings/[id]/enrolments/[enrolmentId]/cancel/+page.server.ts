import { error, redirect } from '@sveltejs/kit';
import { messages } from '../../../../../../../../../../shared/i18n/index.ts';
import { providerCancellation } from '../../../../../../../../../../shared/schemas/enrolment.ts';
import { readForm } from '../../../../../../../../lib/form-values.ts';
import { parseForm } from '../../../../../../../../lib/server/form-actions.ts';
import { providerEnrolmentsApi } from '../../../../../../../../lib/server/provider-enrolments-api.ts';
import { requireMe } from '../../../../../../../../lib/server/session.ts';
import { enrolmentsPath, loadOfferingEnrolments, refuseForm, refusal } from '../../enrolment-pages.server.ts';
import type { Actions, PageServerLoad } from './$types';

/** Cancelling a group's enrolment asks first, with a message for the teacher; the list it came from is kept (`?occurrence=`). */
export const load = (async ({ parent, url, locals, params }) => {
  const { me } = await parent();
  requireMe(me, url, locals.locale);
  const { offering, enrolments } = await loadOfferingEnrolments(locals, params.id, url);
  const found = enrolments.occurrences.flatMap((o) => o.enrolments.map((enrolment) => ({ enrolment, occurrence: o }))).find((e) => e.enrolment.id === params.enrolmentId);
  if (!found) error(404, messages(locals.locale).problems.enrolmentNotFound);
  const times = enrolments.occurrences.filter((o) => found.enrolment.occurrenceIds.includes(o.id)).map((o) => ({ start: o.start, end: o.end }));
  return {
    offering: { id: offering.id, title: offering.title },
    enrolment: found.enrolment,
    times,
    back: enrolmentsPath(locals.locale, params.id, { occurrence: url.searchParams.get('occurrence') ?? undefined }),
  };
}) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, locals, params, url }) => {
    const values = readForm(await request.formData());
    const parsed = parseForm(providerCancellation, values, locals.locale);
    if (parsed.errors) return refuseForm(400, { form: 'cancel', values, errors: parsed.errors });
    try {
      await providerEnrolmentsApi.cancel(locals, params.id, params.enrolmentId, parsed.data.message);
    } catch (problem) {
      return refusal(problem, url, locals.locale, 'cancel');
    }
    redirect(303, enrolmentsPath(locals.locale, params.id, { occurrence: url.searchParams.get('occurrence') ?? undefined, done: 'cancelled' }));
  },
} satisfies Actions;
