import type { LayoutServerLoad } from './$types';

/** Every page knows its language (from the URL, or Accept-Language outside the language folders). */
export const load = (({ locals }) => ({ locale: locals.locale })) satisfies LayoutServerLoad;
