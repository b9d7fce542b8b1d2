import { redirect, type Cookies } from '@sveltejs/kit';
import type { Me } from '../../../../shared/schemas/person.ts';
import { ApiProblem, api, type Caller } from './api.ts';

/** HttpOnly, SameSite=Lax, Secure (SvelteKit leaves Secure off only on http://localhost). */
export const sessionCookie = 'tarjotin_session';

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: string): void {
  cookies.set(sessionCookie, token, { path: '/', httpOnly: true, secure: true, sameSite: 'lax', expires: new Date(expiresAt) });
}

export function clearSessionCookie(cookies: Cookies): void {
  cookies.delete(sessionCookie, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
}

/** The signed-in person, or null when there is no session or it has ended (the cookie then goes). */
export async function loadMe(locals: Caller, cookies: Cookies): Promise<Me | null> {
  if (!locals.sessionToken) return null;
  try {
    return await api.getMe(locals);
  } catch (error) {
    if (error instanceof ApiProblem && error.problem.status === 401) {
      clearSessionCookie(cookies);
      return null;
    }
    throw error;
  }
}

/** Pages for signed-in people send everyone else to sign in, and back here afterwards. */
export function requireMe(me: Me | null, url: URL, locale: string): Me {
  if (me) return me;
  redirect(303, `/${locale}/sign-in?returnTo=${encodeURIComponent(url.pathname + url.search)}`);
}
