import * as z from 'zod';
import zodEn from 'zod/v4/locales/en.js';
import zodFi from 'zod/v4/locales/fi.js';
import zodSv from 'zod/v4/locales/sv.js';
import type { Locale } from '../locale.ts';
import { enApi } from './api/en.ts';
import { fiApi, type ApiMessages } from './api/fi.ts';
import { svApi } from './api/sv.ts';

/**
 * The API's own texts (problems, validation, limits, mail, CSV): what the back end imports, so a
 * Lambda bundle carries only these and not the web's pages. The web's catalogue (index.ts)
 * holds them too.
 */
export type { ApiMessages };
const catalogues: Record<Locale, ApiMessages> = { fi: fiApi, sv: svApi, en: enApi };

export function messages(locale: Locale): ApiMessages {
  return catalogues[locale];
}

// Imported one by one: `z.locales` would pull every language zod has into each bundle.
const zodLocales = { fi: zodFi(), sv: zodSv(), en: zodEn() };

export type Issue = { path: PropertyKey[]; message: string };

/**
 * Parses untrusted input and words every problem in the reader's language. Schemas name their
 * own messages by a key of the catalogue's `validation` section (`{ error: 'unknownArea' }`);
 * zod's built-in issues (too short, too big, ...) come from zod's Finnish, Swedish and English
 * locales.
 */
export function safeParseIn<T extends z.ZodType>(
  schema: T,
  input: unknown,
  locale: Locale,
): { success: true; data: z.output<T> } | { success: false; issues: Issue[] } {
  const result = schema.safeParse(input, { error: (issue) => limitText(issue, locale) ?? zodLocales[locale].localeError(issue) });
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    issues: result.error.issues.map((issue) => ({ path: [...issue.path], message: validationText(issue.message, locale) })),
  };
}

/** Our wording of a length, range or list-size limit; undefined for every other issue. */
function limitText(issue: z.core.$ZodRawIssue, locale: Locale): string | undefined {
  const t = messages(locale).limits;
  if (issue.code === 'too_big') {
    const max = Number(issue.maximum);
    if (issue.origin === 'string') return t.tooLong(max);
    if (issue.origin === 'number' || issue.origin === 'int') return t.atMost(max);
    if (issue.origin === 'array') return t.tooMany(max);
  }
  if (issue.code === 'too_small') {
    const min = Number(issue.minimum);
    if (issue.origin === 'string') return min === 1 ? t.required : t.tooShort(min);
    if (issue.origin === 'number' || issue.origin === 'int') return t.atLeast(min);
    if (issue.origin === 'array' && min === 1) return t.chooseAtLeastOne;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'int') return t.wholeNumber;
  return undefined;
}

/** A key of the catalogue's `validation` section in the reader's language; any other text as it is. */
export function validationText(keyOrText: string, locale: Locale): string {
  return (messages(locale).validation as Record<string, string>)[keyOrText] ?? keyOrText;
}
