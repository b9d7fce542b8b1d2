import { redirect } from '@sveltejs/kit';
import { organisationProposal } from '../../../../../shared/schemas/organisation.ts';
import { fieldMapper, parseForm, refuse, refuseActionFromApi, refuseFromApi } from '../../../lib/server/form-actions.ts';
import { formToObject } from '../../../lib/server/forms.ts';
import { organisationsApi } from '../../../lib/server/organisations-api.ts';
import { loadMe, requireMe } from '../../../lib/server/session.ts';
import { messages } from '../../../lib/i18n.ts';
import type { Actions, PageServerLoad } from './$types';

/** "My organisations": where a provider starts, proposes an organisation or asks to join one. */
export const load = (async ({ parent, url, locals }) => {
  const { me } = await parent();
  const person = requireMe(me, url, locals.locale);
  const accepted = await organisationsApi.list(locals, 'accepted');
  const mine = new Set(person.memberships.map((m) => m.organisation.id));
  return {
    me: person,
    joinable: accepted.items.filter((o) => !mine.has(o.id)).map(({ id, name }) => ({ id, name })),
    done: url.searchParams.get('done'),
  };
}) satisfies PageServerLoad;

const done = (locale: string, what: string) => redirect(303, `/${locale}/provider?done=${what}`);

export const actions = {
  propose: async ({ request, locals }) => {
    const values = formToObject(await request.formData());
    const fieldOf = fieldMapper(locals.locale, { localized: ['name'] });
    const parsed = parseForm(organisationProposal, { ...values, name: values.name ?? {} }, locals.locale, fieldOf);
    if (parsed.errors) return refuse('propose', values, parsed.errors);
    try {
      await organisationsApi.propose(locals, parsed.data);
    } catch (error) {
      return refuseFromApi('propose', error, values, fieldOf);
    }
    done(locals.locale, 'proposed');
  },
  join: async ({ request, locals }) => {
    const values = formToObject(await request.formData());
    const organisationId = typeof values.organisationId === 'string' ? values.organisationId : undefined;
    if (!organisationId) return refuse('join', values, { organisationId: messages(locals.locale).provider.required });
    try {
      await organisationsApi.requestToJoin(locals, organisationId);
    } catch (error) {
      // The API names the organisation by its path id; here it is the field that chose it.
      return refuseFromApi('join', error, values, (path) => (path === 'id' ? 'organisationId' : path));
    }
    done(locals.locale, 'joinRequested');
  },
  withdraw: async ({ request, locals, cookies, url }) => {
    const organisationId = String((await request.formData()).get('organisationId') ?? '');
    const me = requireMe(await loadMe(locals, cookies), url, locals.locale);
    try {
      await organisationsApi.removeMember(locals, organisationId, me.id);
    } catch (error) {
      return refuseActionFromApi('withdraw', error);
    }
    done(locals.locale, 'requestWithdrawn');
  },
} satisfies Actions;
