import { error, fail } from '@sveltejs/kit';
import type * as z from 'zod';
import { messages, safeParseIn } from '../../../../shared/i18n/index.ts';
import type { Locale } from '../../../../shared/locale.ts';
import { formMessage } from '../forms.ts';
import { ApiProblem } from './api-problem.ts';
import { failFromApi, type FormState } from './forms.ts';

/**
 * Form actions of pages with several forms (an organisation's details, members and venues; the
 * admin's decisions): a refused action says which form it was (`form`), so only that form shows
 * what was typed and its messages.
 */
export type NamedFormState = FormState & {
  form: string;
  /** After a 409: what is saved now, by form field name, for the person to compare before saving again. */
  saved?: Record<string, string>;
};

/** How the form names the field of an API body path. */
export type FieldOf = (path: string) => string;

/**
 * The form's field for a problem path: a whole per-language text (`name`: "fill in at least one
 * language") goes on the reader's language, a position in a list (`facilities.2`) on the list,
 * an object (`address`) on its first field.
 */
export function fieldMapper(locale: Locale, shape: { localized?: string[]; lists?: string[]; objects?: Record<string, string> } = {}): FieldOf {
  return (path) => {
    if (path === formMessage) return path;
    if (shape.localized?.includes(path)) return `${path}.${locale}`;
    const [first = ''] = path.split('.');
    if (shape.lists?.includes(first)) return first;
    return shape.objects?.[path] ?? path;
  };
}

function valueAtPath(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function mapErrors(errors: Record<string, string>, fieldOf: FieldOf): Record<string, string> {
  const mapped: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) mapped[fieldOf(field)] ??= message;
  return mapped;
}

/** Re-shows one form with messages. */
export function refuse(form: string, values: Record<string, unknown>, errors: Record<string, string>, status = 400) {
  return fail(status, { form, values, errors } satisfies NamedFormState);
}

/**
 * Checks a form's body with the API's own schema before sending it, so the messages appear
 * beside the fields at once. Nothing typed (an empty field, no choice) reads "this is required"
 * rather than the schema's technical wording.
 */
export function parseForm<T extends z.ZodType>(
  schema: T,
  input: Record<string, unknown>,
  locale: Locale,
  fieldOf: FieldOf = (path) => path,
): { data: z.output<T>; errors?: undefined } | { data?: undefined; errors: Record<string, string> } {
  const parsed = safeParseIn(schema, input, locale);
  if (parsed.success) return { data: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.issues) {
    const missing = valueAtPath(input, issue.path) === undefined;
    errors[fieldOf(issue.path.map(String).join('.'))] ??= missing ? messages(locale).provider.required : issue.message;
  }
  return { errors };
}

/** A refused API call re-shows its form with the API's messages on the form's fields (5xx and 401 are thrown on). */
export function refuseFromApi(form: string, caught: unknown, values: Record<string, unknown>, fieldOf: FieldOf = (path) => path) {
  const failure = failFromApi(caught, values);
  return fail(failure.status, { form, values, errors: mapErrors(failure.data.errors, fieldOf) } satisfies NamedFormState);
}

/** A refusal that belongs to no field (a button's form: accept, remove, retire): one message at the top. */
export function refuseActionFromApi(form: string, caught: unknown) {
  const failure = failFromApi(caught, {});
  const errors = failure.data.errors;
  return fail(failure.status, { form, values: {}, errors: { [formMessage]: errors[formMessage] ?? Object.values(errors)[0] ?? '' } } satisfies NamedFormState);
}

/** Form values (`{ name: { fi } }`) by field name (`name.fi`); a list as its sorted values joined. */
export function flattenValues(values: Record<string, unknown>, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) flat[name] = value.map(String).sort().join(', ');
    else if (value !== null && typeof value === 'object') Object.assign(flat, flattenValues(value as Record<string, unknown>, name));
    else if (value !== undefined) flat[name] = String(value);
  }
  return flat;
}

/** What is saved now where it differs from what the person typed (the version aside), by field name. */
export function savedDifferences(typed: Record<string, unknown>, saved: Record<string, unknown>): Record<string, string> {
  const [mine, theirs] = [flattenValues(typed), flattenValues(saved)];
  const differences: Record<string, string> = {};
  for (const name of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    if (name !== 'version' && (mine[name] ?? '') !== (theirs[name] ?? '')) differences[name] = theirs[name] ?? '';
  }
  return differences;
}

/**
 * An edit refused for a newer saved version (409) re-shows the form with what the person typed,
 * the saved version (so saving again replaces it knowingly) and what is saved now where it
 * differs. `saved` is the saved item as the form's values.
 */
export function refuseStale(form: string, typed: Record<string, unknown>, saved: Record<string, unknown>, version: number) {
  return fail(409, {
    form,
    values: { ...typed, version: String(version) },
    errors: {},
    saved: savedDifferences(typed, saved),
  } satisfies NamedFormState);
}

/** Whether an API refusal is the optimistic lock's: someone saved a newer version. */
export const isStale = (caught: unknown) => caught instanceof ApiProblem && caught.problem.status === 409 && caught.problem.errors?.some((e) => e.field === 'version') === true;

/** A page's API read, its refusal the error page `pageErrorFromApi` chooses (an unknown id in the address a 404, not a 500). */
export async function readForPage<T>(read: Promise<T>, locale: Locale): Promise<T> {
  try {
    return await read;
  } catch (caught) {
    pageErrorFromApi(caught, locale);
  }
}

/** A page's API read refused: someone else's organisation is a 403 page, a missing one a 404 page. */
export function pageErrorFromApi(caught: unknown, locale: Locale): never {
  if (caught instanceof ApiProblem) {
    const t = messages(locale);
    if (caught.problem.status === 403) error(403, t.problems.notYourOrganisation);
    // 400: a malformed id in the address, which names no page either.
    if (caught.problem.status === 404 || caught.problem.status === 400) error(404, t.page.notFoundText);
  }
  throw caught;
}
