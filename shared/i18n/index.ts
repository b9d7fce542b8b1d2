import type { Locale } from '../locale.ts';
import { en } from './en.ts';
import { fi, type Messages } from './fi.ts';
import { sv } from './sv.ts';

/** Every text of the web app: the API's own (./api.ts) and the pages'. */
export type { Messages };
export type { ApiMessages, Issue } from './api.ts';
export { safeParseIn, validationText } from './api.ts';
const catalogues: Record<Locale, Messages> = { fi, sv, en };

export function messages(locale: Locale): Messages {
  return catalogues[locale];
}
