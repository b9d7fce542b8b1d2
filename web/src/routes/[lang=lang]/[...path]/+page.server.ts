import { error } from '@sveltejs/kit';
import { messages } from '../../../../../shared/i18n/index.ts';
import type { PageServerLoad } from './$types';

/**
 * Any unknown page under a language: a 404 rendered inside that language's layout, so the
 * visitor keeps the header, the language switcher and a page in their language.
 */
export const load = (({ locals }) => {
  error(404, messages(locals.locale).page.notFoundText);
}) satisfies PageServerLoad;
