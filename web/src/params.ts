import { defineParams } from '@sveltejs/kit/params';
import { locale } from '../../shared/locale.ts';

/** `[lang=lang]` in a route matches only the service languages (fi, sv, en). */
export const params = defineParams({ lang: locale });
