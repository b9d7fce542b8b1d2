import { offeringsApi } from '../../../../../../lib/server/offerings-api.ts';
import { pageFromProblem } from '../../../../../../lib/server/offering-editor.ts';
import { requireMe } from '../../../../../../lib/server/session.ts';
import type { PageServerLoad } from './$types';
import { previewOf } from './preview.ts';

export const load = (async ({ parent, url, locals, params }) => {
  const { me } = await parent();
  requireMe(me, url, locals.locale);
  try {
    const [offering, vocabularies] = await Promise.all([offeringsApi.get(locals, params.id), offeringsApi.vocabularies(locals)]);
    const organisation = await offeringsApi.getOrganisation(locals, offering.organisationId);
    return { preview: previewOf(offering, organisation, new Date()), status: offering.status, vocabularies };
  } catch (problem) {
    pageFromProblem(problem, url, locals.locale, 'noSuchOffering');
  }
}) satisfies PageServerLoad;
