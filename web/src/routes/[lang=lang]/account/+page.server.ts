import { requireMe } from '../../../lib/server/session.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ parent, url, locals }) => {
  const { me } = await parent();
  return { me: requireMe(me, url, locals.locale) };
}) satisfies PageServerLoad;
