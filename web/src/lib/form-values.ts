/**
 * Form values as the pages hold them: the object `readForm` makes of a submitted form
 * (fields named by their path, `title.fi` → `{ title: { fi } }`), read back by path to fill
 * the form again. Nothing here is server-only, so the browser reads its forms the same way
 * for live validation.
 */
export type FormValues = Record<string, unknown>;
/** A message per form field name; `_form` for what belongs to no field. */
export type FieldErrors = Record<string, string>;

/** The text at a dotted path (`enrolment.closesDaysBefore`), or '' when there is none. */
export function valueAt(values: FormValues | undefined, name: string): string {
  let value: unknown = values;
  for (const key of name.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** The values of a checkbox group at a path. */
export function listAt(values: FormValues | undefined, name: string): string[] {
  let value: unknown = values;
  for (const key of name.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Names that would reach an object's prototype instead of a field of its own. */
const unsafeKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A submitted form as the object its field names describe: fields named by their path in the
 * API body (`title.fi`, `location.venueId`, `studyLevels` repeated for each box ticked) nest by
 * that path, so the API's field errors land back on the field that caused them. Empty inputs
 * are left out and `arrays` are always lists; numbers stay strings for the shared schema to
 * coerce or refuse. The server reads posted forms with it and the browser its live ones.
 * A name that would reach a prototype, or nest under a field that already holds a text, is
 * dropped: form data is untrusted input.
 */
export function readForm(data: FormData, arrays: readonly string[] = []): FormValues {
  const result: FormValues = {};
  names: for (const name of new Set(data.keys())) {
    const values = data.getAll(name).filter((v): v is string => typeof v === 'string').map((v) => v.trim());
    const nonEmpty = values.filter((v) => v !== '');
    const isArray = arrays.includes(name);
    if (!isArray && nonEmpty.length === 0) continue;
    const path = name.split('.');
    if (path.some((key) => unsafeKeys.has(key))) continue;
    let target = result;
    for (const key of path.slice(0, -1)) {
      const next = (target[key] ??= {});
      if (typeof next !== 'object' || next === null || Array.isArray(next)) continue names;
      target = next as FormValues;
    }
    const last = path.at(-1) as string;
    if (typeof target[last] === 'object' && target[last] !== null && !Array.isArray(target[last])) continue;
    target[last] = isArray ? nonEmpty : nonEmpty[0];
  }
  return result;
}

/** Messages keyed by form field name, in the order the fields appear (`order`), unknown ones after, `_form` first. */
export function inFieldOrder(errors: FieldErrors, order: readonly string[]): FieldErrors {
  const rank = (key: string) => (key === '_form' ? -1 : order.includes(key) ? order.indexOf(key) : order.length);
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

/**
 * A whole number typed in a text field (`inputmode="numeric"`): the number, or a message. Empty
 * is `undefined` (the schema's default applies) unless `required`.
 */
export function wholeNumber(text: string, messages: { invalid: string; required: string }, required = false): number | string | undefined {
  if (text === '') return required ? messages.required : undefined;
  if (!/^-?\d{1,9}$/.test(text)) return messages.invalid;
  return Number(text);
}
