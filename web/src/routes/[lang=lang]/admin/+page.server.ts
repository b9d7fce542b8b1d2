import { redirect } from '@sveltejs/kit';
import { organisationDecision } from '../../../../../shared/schemas/organisation.ts';
import { parseForm, refuse, refuseFromApi } from '../../../lib/server/form-actions.ts';
import { formToObject } from '../../../lib/server/forms.ts';
import { organisationsApi } from '../../../lib/server/organisations-api.ts';
import type { Actions, PageServerLoad } from './$types';

/** Organisations waiting for the platform admin, and those already decided. */
export const load = (async ({ parent, locals, url }) => {
  await parent();
  const [pending, accepted, rejected] = await Promise.all(
    (['pending', 'accepted', 'rejected'] as const).map((status) => organisationsApi.list(locals, status)),
  );
  return { pending: pending!.items, accepted: accepted!.items, rejected: rejected!.items, done: url.searchParams.get('done') };
}) satisfies PageServerLoad;

export const actions = {
  /** Accept or reject, by the button pressed (`status`), with the optional message of that organisation's form. */
  decide: async ({ request, locals }) => {
    const values = formToObject(await request.formData());
    const id = String(values.id ?? '');
    // Each organisation has its own message field: its messages are keyed by the organisation.
    const fieldOf = (path: string) => (path === 'message' ? `${id}.message` : '_form');
    const parsed = parseForm(organisationDecision, { status: values.status, message: values.message }, locals.locale, fieldOf);
    if (parsed.errors) return refuse('decide', values, parsed.errors);
    try {
      await organisationsApi.decide(locals, id, parsed.data);
    } catch (error) {
      return refuseFromApi('decide', error, values, fieldOf);
    }
    redirect(303, `/${locals.locale}/admin?done=${parsed.data.status}`);
  },
} satisfies Actions;
