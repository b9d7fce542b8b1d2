import { redirect } from '@sveltejs/kit';
import { roundInput } from '../../../../../../../../shared/schemas/godchild.ts';
import { helsinkiToUtc } from '../../../../../../../../shared/time.ts';
import { cohortsApi } from '../../../../../../lib/server/cohorts-api.ts';
import { parseForm, readForPage, refuse, refuseFromApi } from '../../../../../../lib/server/form-actions.ts';
import { formToObject, numberField } from '../../../../../../lib/server/forms.ts';
import { roundsApi } from '../../../../../../lib/server/rounds-api.ts';
import type { Actions, PageServerLoad } from './$types';

/** A cohort's allocation rounds and the form that opens a new one. */
export const load = (async ({ parent, locals, params, url }) => {
  await parent();
  const [cohort, rounds] = await readForPage(Promise.all([cohortsApi.get(locals, params.id), roundsApi.listOfCohort(locals, params.id)]), locals.locale);
  return { cohort, rounds: rounds.items, done: url.searchParams.get('done') };
}) satisfies PageServerLoad;

/** The form's date and time (Helsinki) as the API's instant; a field the schema then names when unreadable. */
function deadlineOf(values: Record<string, unknown>): string | undefined {
  const [date, time] = [values.deadlineDate, values.deadlineTime];
  if (typeof date !== 'string' || typeof time !== 'string') return undefined;
  try {
    return helsinkiToUtc(date, time);
  } catch {
    return 'invalid';
  }
}

const fieldOfIn = (locale: string) => (path: string) => (path === 'preferencesDeadline' ? 'deadlineDate' : path === 'name' ? `name.${locale}` : path);

export const actions = {
  open: async ({ request, locals, params }) => {
    const values = formToObject(await request.formData());
    const fieldOf = fieldOfIn(locals.locale);
    const body = {
      name: values.name ?? {},
      preferencesDeadline: deadlineOf(values),
      respondDays: numberField(values.respondDays),
      offerHoldHours: numberField(values.offerHoldHours),
      ...(values.seed ? { seed: values.seed } : {}),
    };
    const parsed = parseForm(roundInput, body, locals.locale, fieldOf);
    if (parsed.errors) return refuse('round', values, parsed.errors);
    let id: string;
    try {
      id = (await roundsApi.open(locals, params.id, parsed.data)).id;
    } catch (caught) {
      return refuseFromApi('round', caught, values, fieldOf);
    }
    redirect(303, `/${locals.locale}/admin/cohorts/${params.id}/rounds/${id}?done=opened`);
  },
} satisfies Actions;
