import { redirect } from '@sveltejs/kit';
import { childRegistration } from '../../../../../../../shared/schemas/godchild.ts';
import { cohortsApi } from '../../../../../lib/server/cohorts-api.ts';
import { familyApi } from '../../../../../lib/server/family-api.ts';
import { parseForm, refuse, refuseFromApi } from '../../../../../lib/server/form-actions.ts';
import { formToObject } from '../../../../../lib/server/forms.ts';
import { childArrays, childBody } from '../../child-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ parent, locals }) => {
  await parent();
  return { servedYears: (await cohortsApi.listServed(locals)).items.map((c) => c.birthYear) };
}) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, locals }) => {
    const values = formToObject(await request.formData(), childArrays);
    // The schema checks the fields; the API checks the birth year is served and the postal code is the municipality's.
    const parsed = parseForm(childRegistration, childBody(values), locals.locale);
    if (parsed.errors) return refuse('child', values, parsed.errors);
    try {
      await familyApi.registerChild(locals, parsed.data);
    } catch (caught) {
      return refuseFromApi('child', caught, values);
    }
    redirect(303, `/${locals.locale}/family?done=registered`);
  },
} satisfies Actions;
