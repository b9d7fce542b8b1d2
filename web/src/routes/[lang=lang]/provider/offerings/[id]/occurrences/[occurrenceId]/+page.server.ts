import { error, redirect } from '@sveltejs/kit';
import { messages } from '../../../../../../../../../shared/i18n/index.ts';
import {
  occurrenceArrayFields,
  occurrenceFormErrors,
  occurrenceValues,
  validateCancellation,
  validateOccurrenceUpdate,
} from '../../../../../../../lib/occurrence-form.ts';
import { formToObject } from '../../../../../../../lib/server/forms.ts';
import { offeringsApi } from '../../../../../../../lib/server/offerings-api.ts';
import { failForm, pageFromProblem, refusedForm } from '../../../../../../../lib/server/offering-editor.ts';
import { requireMe } from '../../../../../../../lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ parent, url, locals, params }) => {
  const { me } = await parent();
  requireMe(me, url, locals.locale);
  let offering;
  try {
    offering = await offeringsApi.get(locals, params.id);
  } catch (problem) {
    pageFromProblem(problem, url, locals.locale, 'noSuchOffering');
  }
  const occurrence = offering.occurrences.find((o) => o.id === params.occurrenceId);
  if (!occurrence) error(404, messages(locals.locale).problems.noSuchOccurrence);
  const venues = await offeringsApi.listVenues(locals, offering.organisationId);
  return {
    offering: { id: offering.id, title: offering.title },
    occurrence,
    venues: venues.items,
    values: occurrenceValues(occurrence),
  };
}) satisfies PageServerLoad;

export const actions = {
  /** Saves from the version read; capacity may not drop below the seats taken (the API says so on the field). */
  save: async ({ request, locals, params, url }) => {
    const values = formToObject(await request.formData(), occurrenceArrayFields);
    const checked = validateOccurrenceUpdate(values, locals.locale);
    if (!checked.ok) return failForm(400, { form: 'save', values, errors: checked.errors });
    try {
      await offeringsApi.updateOccurrence(locals, params.id, params.occurrenceId, checked.body);
    } catch (problem) {
      const refused = refusedForm(problem, values, url, locals.locale, occurrenceFormErrors);
      return failForm(refused.status, { ...refused.data, form: 'save' });
    }
    redirect(303, `/${locals.locale}/provider/offerings/${params.id}?done=occurrenceSaved`);
  },
  /** Final: the reason in at least one language goes to the enrolled groups. */
  cancel: async ({ request, locals, params, url }) => {
    const values = formToObject(await request.formData());
    const checked = validateCancellation(values, locals.locale);
    if (!checked.ok) return failForm(400, { form: 'cancel', values, errors: checked.errors });
    try {
      await offeringsApi.cancelOccurrence(locals, params.id, params.occurrenceId, checked.body);
    } catch (problem) {
      const refused = refusedForm(problem, values, url, locals.locale, occurrenceFormErrors);
      return failForm(refused.status, { ...refused.data, form: 'cancel' });
    }
    redirect(303, `/${locals.locale}/provider/offerings/${params.id}?done=occurrenceCancelled`);
  },
} satisfies Actions;
