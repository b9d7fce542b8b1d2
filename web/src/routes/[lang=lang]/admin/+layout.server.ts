import { error } from '@sveltejs/kit';
import { messages } from '../../../lib/i18n.ts';
import { requireMe } from '../../../lib/server/session.ts';
import type { LayoutServerLoad } from './$types';

/** The platform admin's pages: sign in first; anyone else is refused (the API refuses their calls too). */
export const load = (async ({ parent, url, locals }) => {
  const { me } = await parent();
  const person = requireMe(me, url, locals.locale);
  if (!person.platformAdmin) error(403, messages(locals.locale).admin.forbidden);
  return { me: person };
}) satisfies LayoutServerLoad;
