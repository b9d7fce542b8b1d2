import { loadMe } from '../lib/server/session.ts';
import type { LayoutServerLoad } from './$types';

/** Every page knows its language (from the URL, or Accept-Language outside the language folders) and who is signed in. */
export const load = (async ({ locals, cookies }) => ({
  locale: locals.locale,
  me: await loadMe(locals, cookies),
})) satisfies LayoutServerLoad;
