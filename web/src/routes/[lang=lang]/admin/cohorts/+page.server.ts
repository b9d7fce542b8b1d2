import { redirect } from '@sveltejs/kit';
import { cohortInput } from '../../../../../../shared/schemas/godchild.ts';
import { cohortsApi } from '../../../../lib/server/cohorts-api.ts';
import { parseForm, refuse, refuseFromApi } from '../../../../lib/server/form-actions.ts';
import { formToObject } from '../../../../lib/server/forms.ts';
import { cohortBody, cohortFieldOf } from './cohort-form.ts';
import type { Actions, PageServerLoad } from './$types';

/** The platform admin's cohorts (the admin layout lets only admins in), and a form for a new one. */
export const load = (async ({ parent, locals, url }) => {
  await parent();
  return { cohorts: (await cohortsApi.listAll(locals)).items, done: url.searchParams.get('done') };
}) satisfies PageServerLoad;

export const actions = {
  create: async ({ request, locals }) => {
    const values = formToObject(await request.formData());
    const { version: _version, ...body } = cohortBody(values);
    const parsed = parseForm(cohortInput, body, locals.locale, cohortFieldOf);
    if (parsed.errors) return refuse('create', values, parsed.errors);
    try {
      await cohortsApi.create(locals, parsed.data);
    } catch (caught) {
      return refuseFromApi('create', caught, values, cohortFieldOf);
    }
    redirect(303, `/${locals.locale}/admin/cohorts?done=created`);
  },
} satisfies Actions;
