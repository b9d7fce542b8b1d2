import { redirect } from '@sveltejs/kit';
import { guardianInvitationToken } from '../../../../../../shared/schemas/godchild.ts';
import { familyApi } from '../../../../lib/server/family-api.ts';
import { refuseActionFromApi } from '../../../../lib/server/form-actions.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * The second guardian's page from the emailed link (`?token=…`): signed in (the layout sends
 * them to sign in and back), they join with a button, never on merely opening the link, so a
 * mail scanner fetching it changes nothing.
 */
export const load = (async ({ parent, url }) => {
  await parent();
  const token = guardianInvitationToken.safeParse(url.searchParams.get('token') ?? '');
  return { token: token.success ? token.data : null };
}) satisfies PageServerLoad;

export const actions = {
  default: async ({ url, locals }) => {
    const token = url.searchParams.get('token') ?? '';
    try {
      await familyApi.acceptInvitation(locals, token);
    } catch (caught) {
      return refuseActionFromApi('accept', caught);
    }
    redirect(303, `/${locals.locale}/family?done=joined`);
  },
} satisfies Actions;
