import { redirect } from '@sveltejs/kit';
import type { Occurrence } from '../../../../../../../../../shared/schemas/occurrence.ts';
import { newOccurrenceValues, occurrenceArrayFields, occurrenceFormErrors, occurrenceValues, validateNewOccurrences } from '../../../../../../../lib/occurrence-form.ts';
import { formToObject } from '../../../../../../../lib/server/forms.ts';
import { offeringsApi } from '../../../../../../../lib/server/offerings-api.ts';
import { failForm, pageFromProblem, refusedForm } from '../../../../../../../lib/server/offering-editor.ts';
import { requireMe } from '../../../../../../../lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

/** "Copy the previous": the occurrence that starts last, preferring one that is not cancelled. */
function latest(occurrences: Occurrence[]): Occurrence | undefined {
  const byStart = [...occurrences].sort((a, b) => b.start.localeCompare(a.start));
  return byStart.find((o) => !o.cancelled) ?? byStart[0];
}

export const load = (async ({ parent, url, locals, params }) => {
  const { me } = await parent();
  requireMe(me, url, locals.locale);
  try {
    const offering = await offeringsApi.get(locals, params.id);
    const venues = await offeringsApi.listVenues(locals, offering.organisationId);
    const previous = url.searchParams.get('from') === 'previous' ? latest(offering.occurrences) : undefined;
    const values = previous ? { ...occurrenceValues(previous, 7), version: undefined } : newOccurrenceValues(offering.languages);
    return {
      offering: { id: offering.id, title: offering.title },
      venues: venues.items,
      values,
      copiedFrom: previous?.start,
    };
  } catch (problem) {
    pageFromProblem(problem, url, locals.locale, 'noSuchOffering');
  }
}) satisfies PageServerLoad;

export const actions = {
  add: async ({ request, locals, params, url }) => {
    const values = formToObject(await request.formData(), occurrenceArrayFields);
    const checked = validateNewOccurrences(values, locals.locale);
    if (!checked.ok) return failForm(400, { values, errors: checked.errors });
    let added;
    try {
      added = await offeringsApi.addOccurrences(locals, params.id, checked.body);
    } catch (problem) {
      return refusedForm(problem, values, url, locals.locale, occurrenceFormErrors);
    }
    redirect(303, `/${locals.locale}/provider/offerings/${params.id}?done=occurrencesAdded&count=${added.occurrences.length}`);
  },
} satisfies Actions;
