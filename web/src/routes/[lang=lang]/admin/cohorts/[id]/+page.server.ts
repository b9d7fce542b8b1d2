import { redirect } from '@sveltejs/kit';
import { cohortUpdate, type Cohort } from '../../../../../../../shared/schemas/godchild.ts';
import { cohortsApi } from '../../../../../lib/server/cohorts-api.ts';
import { isStale, parseForm, readForPage, refuse, refuseFromApi, refuseStale } from '../../../../../lib/server/form-actions.ts';
import { formToObject } from '../../../../../lib/server/forms.ts';
import { cohortBody, cohortFieldOf } from '../cohort-form.ts';
import type { Actions, PageServerLoad } from './$types';

const cohortValues = (cohort: Cohort) => ({
  postalCodes: cohort.postalCodes.join(', '),
  yearlyLimit: String(cohort.yearlyLimit),
  active: String(cohort.active),
  version: String(cohort.version),
});

export const load = (async ({ parent, locals, params }) => {
  await parent();
  const cohort = await readForPage(cohortsApi.get(locals, params.id), locals.locale);
  return { cohort, values: cohortValues(cohort) };
}) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, locals, params }) => {
    const values = formToObject(await request.formData());
    const { birthYear: _birthYear, ...body } = cohortBody(values);
    const parsed = parseForm(cohortUpdate, body, locals.locale, cohortFieldOf);
    if (parsed.errors) return refuse('cohort', values, parsed.errors);
    try {
      await cohortsApi.update(locals, params.id, parsed.data);
    } catch (caught) {
      if (!isStale(caught)) return refuseFromApi('cohort', caught, values, cohortFieldOf);
      const cohort = await cohortsApi.get(locals, params.id);
      return refuseStale('cohort', values, cohortValues(cohort), cohort.version);
    }
    redirect(303, `/${locals.locale}/admin/cohorts?done=saved`);
  },
} satisfies Actions;
