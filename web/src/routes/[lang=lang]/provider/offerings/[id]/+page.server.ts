import { redirect } from '@sveltejs/kit';
import { offeringValues } from '../../../../../lib/offering-form.ts';
import { cohortsApi } from '../../../../../lib/server/cohorts-api.ts';
import { offeringsApi } from '../../../../../lib/server/offerings-api.ts';
import { doneMessage, pageFromProblem, refusalMessage, saveOfferingForm } from '../../../../../lib/server/offering-editor.ts';
import { requireMe } from '../../../../../lib/server/session.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load = (async ({ parent, url, locals, params }) => {
  const { me } = await parent();
  requireMe(me, url, locals.locale);
  try {
    const offering = await offeringsApi.get(locals, params.id);
    const [venues, vocabularies, cohorts] = await Promise.all([
      offeringsApi.listVenues(locals, offering.organisationId),
      offeringsApi.vocabularies(locals),
      cohortsApi.listServed(locals),
    ]);
    return {
      offering,
      venues: venues.items,
      vocabularies,
      cohorts: cohorts.items,
      values: offeringValues(offering, locals.locale),
      done: doneMessage(url, locals.locale),
      now: Date.now(),
    };
  } catch (problem) {
    pageFromProblem(problem, url, locals.locale, 'noSuchOffering');
  }
}) satisfies PageServerLoad;

/** Publish and unpublish send the version the page was read at, like any edit. */
async function changeStatus({ request, locals, params, url }: RequestEvent, action: 'publish' | 'unpublish') {
  const version = Number((await request.formData()).get('version'));
  try {
    await offeringsApi[action](locals, params.id, version);
  } catch (problem) {
    return refusalMessage(problem, url, locals.locale, action);
  }
  redirect(303, `/${locals.locale}/provider/offerings/${params.id}?done=${action}ed`);
}

export const actions = {
  save: async (event) => {
    // An image is uploaded for the offering's own organisation, read only when there is one.
    const organisationId = async () => {
      try {
        return (await offeringsApi.get(event.locals, event.params.id)).organisationId;
      } catch (problem) {
        pageFromProblem(problem, event.url, event.locals.locale, 'noSuchOffering');
      }
    };
    return saveOfferingForm(event, { organisationId, offeringId: event.params.id });
  },
  publish: (event) => changeStatus(event, 'publish'),
  unpublish: (event) => changeStatus(event, 'unpublish'),
} satisfies Actions;
