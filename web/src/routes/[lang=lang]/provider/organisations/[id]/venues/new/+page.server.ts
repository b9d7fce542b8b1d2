import { redirect } from '@sveltejs/kit';
import { venueInput } from '../../../../../../../../../shared/schemas/venue.ts';
import { fieldMapper, pageErrorFromApi, parseForm, refuse, refuseFromApi } from '../../../../../../../lib/server/form-actions.ts';
import { formToObject } from '../../../../../../../lib/server/forms.ts';
import { organisationsApi } from '../../../../../../../lib/server/organisations-api.ts';
import { requireMe } from '../../../../../../../lib/server/session.ts';
import { venueArrayFields, venueBody, venueFormShape } from '../venue-form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ parent, url, locals, params }) => {
  const { me } = await parent();
  requireMe(me, url, locals.locale);
  const organisation = await organisationsApi.get(locals, params.id).catch((error: unknown) => pageErrorFromApi(error, locals.locale));
  return { organisation: { id: organisation.id, name: organisation.name } };
}) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, locals, params }) => {
    const values = formToObject(await request.formData(), venueArrayFields);
    const fieldOf = fieldMapper(locals.locale, venueFormShape);
    const parsed = parseForm(venueInput, venueBody(values), locals.locale, fieldOf);
    if (parsed.errors) return refuse('venue', values, parsed.errors);
    try {
      await organisationsApi.createVenue(locals, params.id, parsed.data);
    } catch (error) {
      return refuseFromApi('venue', error, values, fieldOf);
    }
    redirect(303, `/${locals.locale}/provider/organisations/${encodeURIComponent(params.id)}?done=venueAdded`);
  },
} satisfies Actions;
