import { redirect } from '@sveltejs/kit';
import { familySettingsInput, secondGuardianInvitationInput } from '../../../../../shared/schemas/godchild.ts';
import { cohortsApi } from '../../../lib/server/cohorts-api.ts';
import { familyApi } from '../../../lib/server/family-api.ts';
import { parseForm, refuse, refuseFromApi } from '../../../lib/server/form-actions.ts';
import { formToObject } from '../../../lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

/** A guardian's family: its children with their cohort and yearly use, the contact settings, the second guardian. */
export const load = (async ({ parent, locals, url }) => {
  await parent();
  const [mine, served] = await Promise.all([familyApi.mine(locals), cohortsApi.listServed(locals)]);
  return {
    family: mine.family,
    servedYears: served.items.map((c) => c.birthYear),
    done: url.searchParams.get('done'),
    sentTo: url.searchParams.get('sentTo'),
  };
}) satisfies PageServerLoad;

export const actions = {
  settings: async ({ request, locals }) => {
    const values = formToObject(await request.formData());
    const body = {
      locale: values.locale,
      nonEssentialMail: values.nonEssentialMail === 'true',
      ...(values.version ? { version: Number(values.version) } : {}),
    };
    const parsed = parseForm(familySettingsInput, body, locals.locale);
    if (parsed.errors) return refuse('settings', values, parsed.errors);
    try {
      await familyApi.saveSettings(locals, parsed.data);
    } catch (caught) {
      return refuseFromApi('settings', caught, values);
    }
    redirect(303, `/${locals.locale}/family?done=settingsSaved`);
  },
  invite: async ({ request, locals }) => {
    const values = formToObject(await request.formData());
    const parsed = parseForm(secondGuardianInvitationInput, { email: values.email }, locals.locale);
    if (parsed.errors) return refuse('invite', values, parsed.errors);
    let sentTo: string;
    try {
      sentTo = (await familyApi.inviteGuardian(locals, parsed.data.email)).email;
    } catch (caught) {
      return refuseFromApi('invite', caught, values);
    }
    redirect(303, `/${locals.locale}/family?done=invitationSent&sentTo=${encodeURIComponent(sentTo)}`);
  },
} satisfies Actions;
