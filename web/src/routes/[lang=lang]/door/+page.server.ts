import { fail } from '@sveltejs/kit';
import { doorCheck, type DoorCheckAnswer } from '../../../../../shared/schemas/godchild.ts';
import { safeParseIn } from '../../../../../shared/i18n/index.ts';
import { formMessage } from '../../../lib/forms.ts';
import { failFromApi } from '../../../lib/server/forms.ts';
import { requireMe } from '../../../lib/server/session.ts';
import { ticketsApi } from '../../../lib/server/tickets-api.ts';
import type { Actions, PageServerLoad } from './$types';

/** The door's form as re-shown: the organisation and what was typed, field messages, or the check's answer. */
type DoorState = { values: { organisationId: string; venueId: string; code: string }; errors: Record<string, string>; answer?: DoorCheckAnswer };

export const load = (async ({ parent, url, locals }) => {
  const { me } = await parent();
  const signedIn = requireMe(me, url, locals.locale);
  // Active door staff and members check tickets of their organisation.
  const organisations = signedIn.memberships.filter((m) => m.status === 'active').map((m) => m.organisation);
  const asked = url.searchParams.get('organisation');
  const chosen = organisations.find((o) => o.id === asked) ?? (organisations.length === 1 ? organisations[0] : undefined);
  const today = chosen ? await ticketsApi.doorToday(locals, chosen.id) : undefined;
  return { organisations, organisationId: chosen?.id ?? '', today };
}) satisfies PageServerLoad;

export const actions = {
  check: async ({ request, locals }) => {
    const data = await request.formData();
    const values = { organisationId: String(data.get('organisationId') ?? ''), venueId: String(data.get('venueId') ?? ''), code: String(data.get('code') ?? '') };
    const parsed = safeParseIn(doorCheck, { ...values, venueId: values.venueId || undefined }, locals.locale);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.issues) errors[issue.path.join('.') || formMessage] ??= issue.message;
      return fail(400, { values, errors } satisfies DoorState);
    }
    try {
      const answer = await ticketsApi.checkAtDoor(locals, parsed.data);
      // The code field is emptied for the next ticket; the organisation and venue stay.
      return { values: { ...values, code: '' }, errors: {}, answer } satisfies DoorState;
    } catch (caught) {
      return failFromApi(caught, values);
    }
  },
} satisfies Actions;
