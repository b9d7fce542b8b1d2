import { error, redirect } from '@sveltejs/kit';
import { childEdit, type FamilyChild } from '../../../../../../../shared/schemas/godchild.ts';
import { messages } from '../../../../../lib/i18n.ts';
import type { Caller } from '../../../../../lib/server/api.ts';
import { familyApi } from '../../../../../lib/server/family-api.ts';
import { isStale, parseForm, refuse, refuseActionFromApi, refuseFromApi, refuseStale } from '../../../../../lib/server/form-actions.ts';
import { formToObject } from '../../../../../lib/server/forms.ts';
import { childArrays, childBody } from '../../child-form.ts';
import type { Actions, PageServerLoad } from './$types';

const childValues = (child: FamilyChild) => ({
  birthYear: String(child.birthYear),
  postalCode: child.postalCode,
  homeLanguages: child.homeLanguages,
  firstName: child.firstName ?? '',
  version: String(child.version),
});

/** The child named by the address, of the guardian's own family (the API has no read of one child). */
async function findChild(caller: Caller, id: string): Promise<FamilyChild> {
  const found = (await familyApi.mine(caller)).family?.children.find((c) => c.id === id);
  if (!found) error(404, messages(caller.locale).problems.childNotFound);
  return found;
}

export const load = (async ({ parent, locals, params }) => {
  await parent();
  const child = await findChild(locals, params.id);
  return { child, values: childValues(child) };
}) satisfies PageServerLoad;

export const actions = {
  save: async ({ request, locals, params }) => {
    const values = formToObject(await request.formData(), childArrays);
    const parsed = parseForm(childEdit, { ...childBody(values), version: Number(values.version) }, locals.locale);
    if (parsed.errors) return refuse('child', values, parsed.errors);
    try {
      await familyApi.editChild(locals, params.id, parsed.data);
    } catch (caught) {
      if (!isStale(caught)) return refuseFromApi('child', caught, values);
      const child = await findChild(locals, params.id);
      return refuseStale('child', values, childValues(child), child.version);
    }
    redirect(303, `/${locals.locale}/family?done=childSaved`);
  },
  remove: async ({ locals, params }) => {
    try {
      await familyApi.removeChild(locals, params.id);
    } catch (caught) {
      return refuseActionFromApi('remove', caught);
    }
    redirect(303, `/${locals.locale}/family?done=removed`);
  },
} satisfies Actions;
