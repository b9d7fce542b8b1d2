import { redirect } from '@sveltejs/kit';
import { safeParseIn } from '../../../../../shared/i18n/index.ts';
import { returnPath, signInLinkRequest } from '../../../../../shared/schemas/person.ts';
import { api } from '../../../lib/server/api.ts';
import { failFromApi } from '../../../lib/server/forms.ts';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ url, parent, locals }) => {
  const { me } = await parent();
  const returnTo = returnPath.safeParse(url.searchParams.get('returnTo')).data;
  if (me) redirect(303, returnTo ?? `/${locals.locale}/account`);
  return { returnTo, sessionEnded: url.searchParams.has('ended') };
}) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, locals }) => {
    const form = await request.formData();
    const values = { email: String(form.get('email') ?? '').trim(), returnTo: String(form.get('returnTo') ?? '') || undefined };
    const parsed = safeParseIn(signInLinkRequest, { ...values, locale: locals.locale }, locals.locale);
    if (!parsed.success) {
      return fail(400, { values, errors: Object.fromEntries(parsed.issues.map((i) => [String(i.path[0]), i.message])) });
    }
    try {
      await api.requestSignInLink(locals, parsed.data);
    } catch (error) {
      return failFromApi(error, values);
    }
    return { sent: parsed.data.email };
  },
} satisfies Actions;
