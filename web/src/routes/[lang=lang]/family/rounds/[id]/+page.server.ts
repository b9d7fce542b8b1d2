import { redirect } from '@sveltejs/kit';
import { preferences } from '../../../../../../../shared/schemas/godchild.ts';
import { parseForm, refuse, refuseFromApi } from '../../../../../lib/server/form-actions.ts';
import { formToObject } from '../../../../../lib/server/forms.ts';
import { roundsApi } from '../../../../../lib/server/rounds-api.ts';
import type { Actions, PageServerLoad } from './$types';

/** A guardian's preferences for one round: checkboxes for each wish, the party coming along. */
export const load = (async ({ parent, locals, params, url }) => {
  await parent();
  return { item: await roundsApi.familyRound(locals, params.id), done: url.searchParams.get('done') };
}) satisfies PageServerLoad;

const lists = ['languages', 'areas', 'weekdays', 'timesOfDay', 'accessibilityNeeds'] as const;
/** A position in a list (`areas.0`) is reported on the list's boxes. */
const fieldOf = (path: string) => path.split('.')[0] ?? path;

export const actions = {
  default: async ({ request, locals, params }) => {
    const values = formToObject(await request.formData(), lists);
    const body = {
      languages: values.languages,
      areas: values.areas,
      weekdays: ((values.weekdays as string[] | undefined) ?? []).map((d) => (/^\d+$/.test(d) ? Number(d) : d)),
      timesOfDay: values.timesOfDay,
      accessibilityNeeds: values.accessibilityNeeds,
      guardians: values.guardians === '2' ? 2 : values.guardians === '1' || values.guardians === undefined ? 1 : values.guardians,
      otherChildren: values.otherChildren === undefined ? 0 : /^\d+$/.test(String(values.otherChildren)) ? Number(values.otherChildren) : values.otherChildren,
    };
    const parsed = parseForm(preferences.strict(), body, locals.locale, fieldOf);
    if (parsed.errors) return refuse('preferences', values, parsed.errors);
    try {
      await roundsApi.savePreferences(locals, params.id, parsed.data);
    } catch (caught) {
      return refuseFromApi('preferences', caught, values, fieldOf);
    }
    redirect(303, `/${locals.locale}/family/rounds/${params.id}?done=saved`);
  },
} satisfies Actions;
