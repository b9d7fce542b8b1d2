import { requireMe } from '../../../lib/server/session.ts';
import type { LayoutServerLoad } from './$types';

/** A guardian's pages: sign in first, and come back here (the invitation link's token included). */
export const load = (async ({ parent, url, locals }) => {
  const { me } = await parent();
  return { me: requireMe(me, url, locals.locale) };
}) satisfies LayoutServerLoad;
