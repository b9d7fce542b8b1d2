import { z } from 'zod';
import type { Locale } from '../locale.ts';
import { en } from './en.ts';
import { fi, type Messages } from './fi.ts';
import { sv } from './sv.ts';

export type { Messages };
const catalogues: Record<Locale, Messages> = { fi, sv, en };

export function messages(locale: Locale): Messages {
  return catalogues[locale];
}

const zodLocales = { fi: z.locales.fi(), sv: z.locales.sv(), en: z.locales.en() };

/**
 * Parses untrusted input and words every problem in the reader's language. Schemas name their
 * own messages by a key of the catalogue's `validation` section (`{ error: 'unknownArea' }`);
 * zod's built-in issues (too short, too big, ...) come from zod's Finnish, Swedish and English
 * locales.
 */
export function safeParseIn<T extends z.ZodType>(schema: T, input: unknown, locale: Locale) {
  const result = schema.safeParse(input, { error: zodLocales[locale].localeError });
  if (result.success) return result;
  const own = messages(locale).validation as Record<string, string>;
  for (const issue of result.error.issues) issue.message = own[issue.message] ?? issue.message;
  return result;
}
