import { fail, redirect } from '@sveltejs/kit';
import { validationText } from '../../../../../../shared/i18n/index.ts';
import { signInToken } from '../../../../../../shared/schemas/person.ts';
import { api } from '../../../../lib/server/api.ts';
import { failFromApi } from '../../../../lib/server/forms.ts';
import { setSessionCookie } from '../../../../lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * The emailed link opens this page, and signing in takes a press of its button (a POST): mail
 * scanners that open links must not use up a single-use token.
 */
export const load = (({ url }) => ({ token: url.searchParams.get('token') ?? '' })) satisfies PageServerLoad;

export const actions = {
  default: async ({ request, locals, cookies }) => {
    const token = String((await request.formData()).get('token') ?? '');
    if (!signInToken.safeParse(token).success) {
      return fail(400, { values: {}, errors: { token: validationText('signInLinkInvalid', locals.locale) } });
    }
    let session;
    try {
      session = await api.createSession(locals, token);
    } catch (error) {
      return failFromApi(error, { token: '' });
    }
    setSessionCookie(cookies, session.token, session.expiresAt);
    redirect(303, session.returnTo ?? `/${locals.locale}/account`);
  },
} satisfies Actions;
