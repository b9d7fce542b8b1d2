import { redirect } from '@sveltejs/kit';
import { offeringsApi } from '../../../../../../lib/server/offerings-api.ts';
import { doneMessage, pageFromProblem, refusalMessage } from '../../../../../../lib/server/offering-editor.ts';
import { requireMe } from '../../../../../../lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ parent, url, locals, params }) => {
  const { me } = await parent();
  requireMe(me, url, locals.locale);
  try {
    const [organisation, offerings] = await Promise.all([
      offeringsApi.getOrganisation(locals, params.id),
      offeringsApi.listOfOrganisation(locals, params.id),
    ]);
    return {
      organisation: { id: organisation.id, name: organisation.name, status: organisation.status },
      offerings: offerings.items,
      done: doneMessage(url, locals.locale),
    };
  } catch (problem) {
    pageFromProblem(problem, url, locals.locale, 'organisationNotFound');
  }
}) satisfies PageServerLoad;

export const actions = {
  /** A new draft with the same fields; the person goes on editing it. */
  copy: async ({ request, locals, url }) => {
    const offeringId = String((await request.formData()).get('offeringId') ?? '');
    let copy;
    try {
      copy = await offeringsApi.copy(locals, offeringId);
    } catch (problem) {
      return refusalMessage(problem, url, locals.locale, 'copy');
    }
    redirect(303, `/${locals.locale}/provider/offerings/${copy.id}?done=copied`);
  },
} satisfies Actions;
