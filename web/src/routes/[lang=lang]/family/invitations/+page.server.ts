import { redirect } from '@sveltejs/kit';
import { refuseActionFromApi } from '../../../../lib/server/form-actions.ts';
import { roundsApi } from '../../../../lib/server/rounds-api.ts';
import type { Action, Actions, PageServerLoad } from './$types';

/** The family's invitations with accept and decline buttons (plain form posts), and after accepting the ticket's link. */
export const load = (async ({ parent, locals, url }) => {
  await parent();
  return { invitations: (await roundsApi.familyInvitations(locals)).items, done: url.searchParams.get('done'), answered: url.searchParams.get('invitation') };
}) satisfies PageServerLoad;

const invitationIdOf = async (request: Request) => String((await request.formData()).get('invitationId') ?? '');

/** Accepting and declining differ only in the call and what comes back: an accepted invitation is scrolled to, for its ticket's link. */
const answer =
  (send: typeof roundsApi.accept, done: 'accepted' | 'declined'): Action =>
  async ({ request, locals }) => {
    const id = await invitationIdOf(request);
    try {
      await send(locals, id);
    } catch (caught) {
      return refuseActionFromApi(`invitation-${id}`, caught);
    }
    const query = `done=${done}&invitation=${encodeURIComponent(id)}`;
    redirect(303, `/${locals.locale}/family/invitations?${query}${done === 'accepted' ? `#invitation-${id}` : ''}`);
  };

export const actions = {
  accept: answer(roundsApi.accept, 'accepted'),
  decline: answer(roundsApi.decline, 'declined'),
} satisfies Actions;
