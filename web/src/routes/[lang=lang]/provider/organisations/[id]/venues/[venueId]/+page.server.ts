import { error, redirect } from '@sveltejs/kit';
import { venueUpdate } from '../../../../../../../../../shared/schemas/venue.ts';
import { messages } from '../../../../../../../lib/i18n.ts';
import { fieldMapper, isStale, pageErrorFromApi, parseForm, refuse, refuseFromApi, refuseStale } from '../../../../../../../lib/server/form-actions.ts';
import { formToObject } from '../../../../../../../lib/server/forms.ts';
import type { Caller } from '../../../../../../../lib/server/api.ts';
import { organisationsApi } from '../../../../../../../lib/server/organisations-api.ts';
import { requireMe } from '../../../../../../../lib/server/session.ts';
import { venueArrayFields, venueBody, venueFormShape, venueValues } from '../venue-form.ts';
import type { Actions, PageServerLoad } from './$types';

/** The organisation and its venue (the API has no read of one venue; the organisation's page lists them whole). */
async function organisationAndVenue(caller: Caller, id: string, venueId: string) {
  const organisation = await organisationsApi.get(caller, id).catch((caught: unknown) => pageErrorFromApi(caught, caller.locale));
  const venue = organisation.venues.find((v) => v.id === venueId);
  if (!venue) error(404, messages(caller.locale).problems.venueNotFound);
  return { organisation, venue };
}

export const load = (async ({ parent, url, locals, params }) => {
  const { me } = await parent();
  requireMe(me, url, locals.locale);
  const { organisation, venue } = await organisationAndVenue(locals, params.id, params.venueId);
  return { organisation: { id: organisation.id, name: organisation.name }, venue: { name: venue.name }, values: venueValues(venue) };
}) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, locals, params }) => {
    const values = formToObject(await request.formData(), venueArrayFields);
    const fieldOf = fieldMapper(locals.locale, venueFormShape);
    const parsed = parseForm(venueUpdate, { ...venueBody(values), version: Number(values.version) }, locals.locale, fieldOf);
    if (parsed.errors) return refuse('venue', values, parsed.errors);
    try {
      await organisationsApi.updateVenue(locals, params.venueId, parsed.data);
    } catch (caught) {
      if (!isStale(caught)) return refuseFromApi('venue', caught, values, fieldOf);
      const { venue } = await organisationAndVenue(locals, params.id, params.venueId);
      return refuseStale('venue', values, venueValues(venue), venue.version);
    }
    redirect(303, `/${locals.locale}/provider/organisations/${encodeURIComponent(params.id)}?done=venueSaved`);
  },
} satisfies Actions;
