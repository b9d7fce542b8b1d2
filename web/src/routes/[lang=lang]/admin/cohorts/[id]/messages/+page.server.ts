import { fail, redirect } from '@sveltejs/kit';
import { cohortMessage, type RecipientCount } from '../../../../../../../../shared/schemas/tickets.ts';
import { cohortsApi } from '../../../../../../lib/server/cohorts-api.ts';
import { fieldMapper, parseForm, readForPage, refuse, refuseFromApi, type NamedFormState } from '../../../../../../lib/server/form-actions.ts';
import { formToObject } from '../../../../../../lib/server/forms.ts';
import { ticketsApi } from '../../../../../../lib/server/tickets-api.ts';
import type { Actions, PageServerLoad } from './$types';

/** The count shown, and for which audience and kind (`audience:essential`): Send goes only to what was counted. */
type Counted = RecipientCount & { key: string };
type MessageFormState = NamedFormState & { counted?: Counted; recounted?: boolean };

/** The admin's message to a cohort's families, in two steps that need no JavaScript: count the recipients, then send. */
export const load = (async ({ parent, locals, params, url }) => {
  await parent();
  const cohort = await readForPage(cohortsApi.get(locals, params.id), locals.locale);
  const sent = url.searchParams.get('sent');
  return { cohort, sent: sent !== null && /^\d{1,9}$/.test(sent) ? Number(sent) : undefined };
}) satisfies PageServerLoad;

const form = 'message';

export const actions = {
  default: async ({ request, locals, params }) => {
    const { locale } = locals;
    const { step, counted: countedKey, ...values } = formToObject(await request.formData());
    const fieldOf = fieldMapper(locale, { localized: ['subject', 'body'] });
    const body = { audience: values.audience, essential: values.essential === 'true', subject: values.subject ?? {}, body: values.body ?? {} };
    const key = `${String(body.audience)}:${body.essential}`;

    const count = async (): Promise<Counted | ReturnType<typeof refuse>> => {
      const audience = parseForm(cohortMessage.pick({ audience: true }), { audience: body.audience }, locale, fieldOf);
      if (audience.errors) return refuse(form, values, audience.errors);
      try {
        return { ...(await ticketsApi.countRecipients(locals, params.id, audience.data.audience, body.essential)), key };
      } catch (caught) {
        return refuseFromApi(form, caught, values, fieldOf);
      }
    };

    // Counting, or sending after the audience or kind changed since the count: (re)count first.
    if (step !== 'send' || countedKey !== key) {
      const counted = await count();
      if (!('key' in counted)) return counted;
      return { form, values, errors: {}, counted, recounted: step === 'send' } satisfies MessageFormState;
    }
    const parsed = parseForm(cohortMessage, body, locale, fieldOf);
    if (parsed.errors) {
      // The form comes back with its count, so Send is there once the messages are seen to.
      const counted = await count();
      return fail(400, { form, values, errors: parsed.errors, ...('key' in counted ? { counted } : {}) } satisfies MessageFormState);
    }
    let sent: number;
    try {
      sent = (await ticketsApi.sendCohortMessage(locals, params.id, parsed.data)).sent;
    } catch (caught) {
      return refuseFromApi(form, caught, values, fieldOf);
    }
    redirect(303, `/${locale}/admin/cohorts/${params.id}/messages?sent=${sent}`);
  },
} satisfies Actions;
