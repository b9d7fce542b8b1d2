import { redirect } from '@sveltejs/kit';
import { memberInvite } from '../../../../../../../shared/schemas/member.ts';
import { organisationUpdate, type Organisation } from '../../../../../../../shared/schemas/organisation.ts';
import {
  fieldMapper,
  isStale,
  pageErrorFromApi,
  parseForm,
  refuse,
  refuseActionFromApi,
  refuseFromApi,
  refuseStale,
} from '../../../../../lib/server/form-actions.ts';
import { formToObject } from '../../../../../lib/server/forms.ts';
import { organisationsApi } from '../../../../../lib/server/organisations-api.ts';
import { calendarFeedLinkOf } from '../../../../../lib/server/my-enrolments-api.ts';
import { loadMe, requireMe } from '../../../../../lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

/** An organisation's details form as it is saved: what the form shows and what a conflict is compared with. */
const detailsValues = (o: Pick<Organisation, 'name' | 'kind' | 'website' | 'version'>) => ({
  name: o.name,
  kind: o.kind,
  website: o.website,
  version: String(o.version),
});

/** An organisation for its members (and platform admins): details, members, join requests and venues. */
export const load = (async ({ parent, url, locals, params }) => {
  const { me } = await parent();
  const person = requireMe(me, url, locals.locale);
  const organisation = await organisationsApi.get(locals, params.id).catch((error: unknown) => pageErrorFromApi(error, locals.locale));
  const calendar = await calendarFeedLinkOf(locals, params.id);
  return { me: person, organisation, details: detailsValues(organisation), calendarUrl: calendar.url, done: url.searchParams.get('done') };
}) satisfies PageServerLoad;

const here = (locale: string, id: string) => `/${locale}/provider/organisations/${encodeURIComponent(id)}`;

export const actions = {
  details: async ({ request, locals, params }) => {
    const values = formToObject(await request.formData());
    const fieldOf = fieldMapper(locals.locale, { localized: ['name'] });
    const parsed = parseForm(organisationUpdate, { ...values, name: values.name ?? {}, version: Number(values.version) }, locals.locale, fieldOf);
    if (parsed.errors) return refuse('details', values, parsed.errors);
    try {
      await organisationsApi.update(locals, params.id, parsed.data);
    } catch (error) {
      if (!isStale(error)) return refuseFromApi('details', error, values, fieldOf);
      const saved = await organisationsApi.get(locals, params.id);
      return refuseStale('details', values, detailsValues(saved), saved.version);
    }
    redirect(303, `${here(locals.locale, params.id)}?done=detailsSaved`);
  },
  invite: async ({ request, locals, params }) => {
    const values = formToObject(await request.formData());
    const parsed = parseForm(memberInvite, values, locals.locale);
    if (parsed.errors) return refuse('invite', values, parsed.errors);
    try {
      await organisationsApi.invite(locals, params.id, parsed.data);
    } catch (error) {
      return refuseFromApi('invite', error, values);
    }
    redirect(303, `${here(locals.locale, params.id)}?done=invited`);
  },
  accept: async ({ request, locals, params }) => {
    const personId = String((await request.formData()).get('personId') ?? '');
    try {
      await organisationsApi.acceptMember(locals, params.id, personId);
    } catch (error) {
      return refuseActionFromApi('members', error);
    }
    redirect(303, `${here(locals.locale, params.id)}?done=accepted`);
  },
  refuse: async ({ request, locals, params }) => {
    const personId = String((await request.formData()).get('personId') ?? '');
    try {
      await organisationsApi.removeMember(locals, params.id, personId);
    } catch (error) {
      return refuseActionFromApi('members', error);
    }
    redirect(303, `${here(locals.locale, params.id)}?done=refused`);
  },
  remove: async ({ request, locals, params, cookies, url }) => {
    const personId = String((await request.formData()).get('personId') ?? '');
    const me = requireMe(await loadMe(locals, cookies), url, locals.locale);
    try {
      await organisationsApi.removeMember(locals, params.id, personId);
    } catch (error) {
      return refuseActionFromApi('members', error);
    }
    // Someone who left can no longer see the organisation's page.
    if (personId === me.id && !me.platformAdmin) redirect(303, `/${locals.locale}/provider?done=left`);
    redirect(303, `${here(locals.locale, params.id)}?done=removed`);
  },
} satisfies Actions;
