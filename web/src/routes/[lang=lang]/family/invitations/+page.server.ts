import { redirect } from '@sveltejs/kit';
import { refuseActionFromApi } from '../../../../lib/server/form-actions.ts';
import { roundsApi } from '../../../../lib/server/rounds-api.ts';
import type { Actions, PageServerLoad } from './$types';

/** The family's invitations with accept and decline buttons (plain form posts), and after accepting the ticket's link. */
export const load = (async ({ parent, locals, url }) => {
  await parent();
  return { invitations: (await roundsApi.familyInvitations(locals)).items, done: url.searchParams.get('done'), answered: url.searchParams.get('invitation') };
}) satisfies PageServerLoad;

const invitationIdOf = async (request: Request) => String((await request.formData()).get('invitationId') ?? '');

export const actions = {
  accept: async ({ request, locals }) => {
    const id = await invitationIdOf(request);
    try {
      await roundsApi.accept(locals, id);
    } catch (caught) {
      return refuseActionFromApi(`invitation-${id}`, caught);
    }
    redirect(303, `/${locals.locale}/family/invitations?done=accepted&invitation=${encodeURIComponent(id)}#invitation-${id}`);
  },
  decline: async ({ request, locals }) => {
    const id = await invitationIdOf(request);
    try {
      await roundsApi.decline(locals, id);
    } catch (caught) {
      return refuseActionFromApi(`invitation-${id}`, caught);
    }
    redirect(303, `/${locals.locale}/family/invitations?done=declined&invitation=${encodeURIComponent(id)}`);
  },
} satisfies Actions;
