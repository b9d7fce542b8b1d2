import { messages, safeParseIn, validationText } from '../../../shared/i18n/index.ts';
import { isLocale, type Locale } from '../../../shared/locale.ts';
import type { OfferingDetail } from '../../../shared/schemas/api.ts';
import { enrolmentRequest, type EnrolmentRequest } from '../../../shared/schemas/enrolment.ts';
import { inFieldOrder, listAt, valueAt, wholeNumber, type FieldErrors, type FormValues } from './form-values.ts';

/**
 * The teacher's enrolment form and the API body it stands for. Every field is named by its path
 * in the body (`adultInCharge.name`, `contact.email`, `occurrenceIds` once per time chosen); the
 * consent box sends `true`, and `idempotencyKey` (hidden) rides along as the request's
 * Idempotency-Key header, not in the body. Used by the form action and by the browser for live
 * validation, with the shared schema and the offering's own rules (visits, mandatory
 * information, group size), so the messages a teacher sees before sending are the API's.
 */

/** The checkbox groups: lists even when nothing is ticked. */
export const enrolmentArrayFields = ['occurrenceIds', 'studyLevels'] as const;

/** What the form checks of the offering before the API does. */
export type EnrolmentFormRules = {
  visitsPerBooking: number;
  mandatoryInfo: boolean;
  /** The occurrences a group may choose now, with their group-size limits (persons). */
  occurrences: { id: string; groupSize: { min: number; max: number } }[];
};

/**
 * What the form checks before the API does: the offering's rules and its upcoming times. A time
 * that filled up or closed since the form was shown is left for the API to refuse with its reason.
 */
export const formRulesOf = (offering: Pick<OfferingDetail, 'enrolment' | 'occurrences'>): EnrolmentFormRules => ({
  visitsPerBooking: offering.enrolment.visitsPerBooking,
  mandatoryInfo: offering.enrolment.mandatoryInfo,
  occurrences: offering.occurrences.map((o) => ({ id: o.id, groupSize: o.groupSize })),
});

/** The form fields in the order they appear, for the error summary. */
const fieldOrder = [
  'occurrenceIds',
  'school',
  'groupName',
  'studyLevels',
  'children',
  'adults',
  'specialNeeds',
  'additionalInfo',
  'adultInCharge.name',
  'adultInCharge.phone',
  'contact.name',
  'contact.email',
  'contact.phone',
  'locale',
  'consent',
];

/** The texts a teacher must type; an empty one reads "fill in this field", not the schema's wording. */
const requiredTexts = ['school', 'groupName', 'adultInCharge.name', 'contact.name', 'contact.email', 'contact.phone'];

/** The form field on which a problem with an API body path (`occurrenceIds.1`, `contact`) is shown. */
export function enrolmentFieldOf(path: string): string {
  const [first = ''] = path.split('.');
  if ((enrolmentArrayFields as readonly string[]).includes(first)) return first;
  if (path === 'adultInCharge') return 'adultInCharge.name';
  if (path === 'contact') return 'contact.name';
  // The header is the form's own hidden field: nothing a teacher can fix by hand.
  if (path === 'idempotency-key') return '_form';
  return path;
}

/** API problems (keyed by body path) as messages on the form's fields, in the form's order. */
export function enrolmentFormErrors(errors: FieldErrors): FieldErrors {
  const mapped: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) mapped[path === '_form' ? path : enrolmentFieldOf(path)] ??= message;
  return inFieldOrder(mapped, fieldOrder);
}

/** A first form: the times picked on the offering page, messages in the page's language. */
export function newEnrolmentValues(occurrenceIds: string[], locale: Locale, idempotencyKey: string): FormValues {
  return { occurrenceIds, studyLevels: [], locale, idempotencyKey };
}

/**
 * The API body a filled-in form stands for, and the problems found while reading it (a word
 * where a number belongs, an empty required field), keyed by form field.
 */
export function enrolmentBody(values: FormValues, locale: Locale): { body: Record<string, unknown>; errors: FieldErrors } {
  const limits = messages(locale).limits;
  const errors: FieldErrors = {};
  const text = (name: string) => {
    const value = valueAt(values, name);
    if (!value && requiredTexts.includes(name)) errors[name] = limits.required;
    return value;
  };
  const optional = (name: string) => valueAt(values, name) || undefined;
  const number = (name: string) => {
    const value = wholeNumber(valueAt(values, name), { invalid: validationText('invalidNumber', locale), required: limits.required }, true);
    if (typeof value === 'string') errors[name] = value;
    return typeof value === 'number' ? value : undefined;
  };

  const children = number('children');
  const adults = number('adults');
  const notificationLocale = valueAt(values, 'locale');
  if (!isLocale(notificationLocale)) errors.locale = messages(locale).teacherEnrolment.chooseLanguage;
  const body: Record<string, unknown> = {
    occurrenceIds: listAt(values, 'occurrenceIds'),
    school: text('school'),
    groupName: text('groupName'),
    studyLevels: listAt(values, 'studyLevels'),
    children,
    adults,
    specialNeeds: optional('specialNeeds'),
    additionalInfo: optional('additionalInfo'),
    adultInCharge: { name: text('adultInCharge.name'), phone: optional('adultInCharge.phone') },
    contact: { name: text('contact.name'), email: text('contact.email'), phone: text('contact.phone') },
    locale: notificationLocale,
    consent: valueAt(values, 'consent') === 'true',
  };
  // The schema says so too, but only once every field parses; a teacher should hear it at once.
  if (children !== undefined && adults !== undefined && children + adults < 1) errors.children = validationText('nobodyInGroup', locale);
  return { body, errors };
}

/** What the offering's rules say of the times chosen and the group, as the API's use case would. */
function ruleErrors(body: Record<string, unknown>, rules: EnrolmentFormRules, locale: Locale): FieldErrors {
  const errors: FieldErrors = {};
  const chosenIds = body.occurrenceIds as string[];
  const byId = new Map(rules.occurrences.map((o) => [o.id, o]));
  const chosen = chosenIds.map((id) => byId.get(id));
  if (chosen.some((o) => o === undefined)) errors.occurrenceIds = validationText('unknownOccurrence', locale);
  else if (chosenIds.length > 0 && chosenIds.length !== rules.visitsPerBooking) errors.occurrenceIds = validationText('wrongNumberOfVisits', locale);
  if (rules.mandatoryInfo && !body.additionalInfo) errors.additionalInfo = validationText('additionalInfoRequired', locale);
  const { children, adults } = body;
  if (typeof children === 'number' && typeof adults === 'number' && children + adults > 0) {
    const persons = children + adults;
    const limits = chosen.filter((o) => o !== undefined).map((o) => o.groupSize);
    if (limits.some((size) => persons > size.max)) errors.children = validationText('groupTooLarge', locale);
    else if (limits.some((size) => persons < size.min)) errors.children = validationText('groupTooSmall', locale);
  }
  return errors;
}

/**
 * Reads and checks the form with the shared schema and the offering's rules: the body to send,
 * or every problem keyed by form field (reading problems first, then the rules, then the schema).
 */
export function validateEnrolment(
  values: FormValues,
  locale: Locale,
  rules: EnrolmentFormRules,
): { ok: true; body: EnrolmentRequest } | { ok: false; errors: FieldErrors } {
  const { body, errors } = enrolmentBody(values, locale);
  const all: FieldErrors = { ...errors };
  for (const [field, message] of Object.entries(ruleErrors(body, rules, locale))) all[field] ??= message;
  const parsed = safeParseIn(enrolmentRequest, body, locale);
  if (!parsed.success) for (const issue of parsed.issues) all[enrolmentFieldOf(issue.path.map(String).join('.'))] ??= issue.message;
  if (parsed.success && Object.keys(all).length === 0) return { ok: true, body: parsed.data };
  return { ok: false, errors: inFieldOrder(all, fieldOrder) };
}
