import { redirect } from '@sveltejs/kit';
import { ApiProblem, api } from '../../../lib/server/api.ts';
import { clearSessionCookie } from '../../../lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ locals }) => redirect(303, `/${locals.locale}`)) satisfies PageServerLoad;

export const actions = {
  default: async ({ locals, cookies }) => {
    if (locals.sessionToken) {
      try {
        await api.deleteSession(locals);
      } catch (error) {
        // An already ended session is signed out all the same.
        if (!(error instanceof ApiProblem && error.problem.status === 401)) throw error;
      }
    }
    clearSessionCookie(cookies);
    redirect(303, `/${locals.locale}`);
  },
} satisfies Actions;
