import { messages, safeParseIn, validationText } from '../../../shared/i18n/index.ts';
import { locales, type Locale, type LocalizedText } from '../../../shared/locale.ts';
import { localDate } from '../../../shared/schemas/common.ts';
import {
  newOccurrences,
  occurrenceCancellation,
  occurrenceUpdate,
  type NewOccurrences,
  type Occurrence,
  type OccurrenceCancellation,
  type OccurrenceUpdate,
} from '../../../shared/schemas/occurrence.ts';
import { addLocalDays, helsinkiToUtc, localDateOf, localTimeOf, localTimePattern } from '../../../shared/time.ts';
import { inFieldOrder, listAt, valueAt, wholeNumber, type FieldErrors, type FormValues } from './form-values.ts';

/**
 * The occurrence form: a Helsinki date with start and end times (and an end date when it ends
 * on another day) that become the API's UTC `start` and `end`; the other fields are named by
 * their path in the API body (`capacity.total`, `groupSize.max`, `repeatWeeklyUntil`).
 */

export const occurrenceArrayFields = ['languages'] as const;

const fieldOrder = [
  'date',
  'startTime',
  'endTime',
  'endDate',
  'venueId',
  'languages',
  'capacity.unit',
  'capacity.total',
  'groupSize.min',
  'groupSize.max',
  'repeatWeeklyUntil',
  ...locales.map((l) => `reason.${l}`),
];

/** The form field on which a problem with an API body path is shown. */
export function occurrenceFieldOf(path: string, locale: Locale): string {
  if (path === 'start') return 'date';
  if (path === 'end') return 'endTime';
  if (path === 'reason') return `reason.${locale}`;
  if (path === 'capacity') return 'capacity.total';
  if (path === 'groupSize') return 'groupSize.min';
  if (path.startsWith('languages')) return 'languages';
  return path;
}

export function occurrenceFormErrors(errors: FieldErrors, locale: Locale): FieldErrors {
  const mapped: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) mapped[path === '_form' ? path : occurrenceFieldOf(path, locale)] ??= message;
  return inFieldOrder(mapped, fieldOrder);
}

/** An occurrence as the form shows it, `shiftDays` later at the same Helsinki clock times ("copy the previous": 7). */
export function occurrenceValues(occurrence: Occurrence, shiftDays = 0): FormValues {
  const start = new Date(occurrence.start);
  const end = new Date(occurrence.end);
  const startDate = localDateOf(start);
  const endDate = localDateOf(end);
  return {
    date: addLocalDays(startDate, shiftDays),
    startTime: localTimeOf(start),
    endTime: localTimeOf(end),
    endDate: endDate === startDate ? '' : addLocalDays(endDate, shiftDays),
    venueId: occurrence.venueId ?? '',
    languages: occurrence.languages,
    capacity: { unit: occurrence.capacity.unit, total: String(occurrence.capacity.total) },
    groupSize: { min: String(occurrence.groupSize.min), max: String(occurrence.groupSize.max) },
    repeat: 'once',
    version: String(occurrence.version),
  };
}

/** A first occurrence's form: the offering's languages, seats counted in persons. */
export function newOccurrenceValues(languages: string[]): FormValues {
  return { languages, capacity: { unit: 'persons' }, groupSize: { min: '1' }, repeat: 'once' };
}

/** The API body the form stands for, and what could not be read, keyed by form field. */
export function occurrenceBody(values: FormValues, locale: Locale, options: { series: boolean }): { body: Record<string, unknown>; errors: FieldErrors } {
  const t = messages(locale).editor;
  const errors: FieldErrors = {};
  const number = (name: string) => {
    const value = wholeNumber(valueAt(values, name), { invalid: validationText('invalidNumber', locale), required: t.required }, true);
    if (typeof value === 'string') errors[name] = value;
    return typeof value === 'number' ? value : undefined;
  };
  const date = (name: string, required: boolean) => {
    const value = valueAt(values, name);
    if (!value) {
      if (required) errors[name] = t.required;
      return undefined;
    }
    if (!localDate.safeParse(value).success) {
      errors[name] = validationText('invalidDate', locale);
      return undefined;
    }
    return value;
  };
  const time = (name: string) => {
    const value = valueAt(values, name);
    if (!value) errors[name] = t.required;
    else if (!localTimePattern.test(value)) errors[name] = t.invalidTime;
    else return value;
    return undefined;
  };

  const startDate = date('date', true);
  const endDate = date('endDate', false) ?? startDate;
  const startTime = time('startTime');
  const endTime = time('endTime');
  const body: Record<string, unknown> = {
    start: startDate && startTime ? helsinkiToUtc(startDate, startTime) : undefined,
    end: endDate && endTime ? helsinkiToUtc(endDate, endTime) : undefined,
    languages: listAt(values, 'languages'),
    capacity: { unit: valueAt(values, 'capacity.unit'), total: number('capacity.total') },
    groupSize: { min: number('groupSize.min'), max: number('groupSize.max') },
  };
  if (valueAt(values, 'venueId')) body.venueId = valueAt(values, 'venueId');
  if ((body.languages as string[]).length === 0) errors.languages = t.chooseAtLeastOne;
  if (options.series && valueAt(values, 'repeat') === 'weekly') {
    body.repeatWeeklyUntil = date('repeatWeeklyUntil', false);
    if (!valueAt(values, 'repeatWeeklyUntil')) errors.repeatWeeklyUntil = t.repeatUntilRequired;
  }
  return { body, errors };
}

type Checked<T> = { ok: true; body: T } | { ok: false; errors: FieldErrors };

function check<T>(schema: Parameters<typeof safeParseIn>[0], body: unknown, readErrors: FieldErrors, locale: Locale): Checked<T> {
  const parsed = safeParseIn(schema, body, locale);
  const all: FieldErrors = { ...readErrors };
  if (!parsed.success) for (const issue of parsed.issues) all[occurrenceFieldOf(issue.path.join('.'), locale)] ??= issue.message;
  if (parsed.success && Object.keys(all).length === 0) return { ok: true, body: parsed.data as T };
  return { ok: false, errors: inFieldOrder(all, fieldOrder) };
}

/** A new occurrence, or a weekly series, checked with the API's own schema. */
export function validateNewOccurrences(values: FormValues, locale: Locale): Checked<NewOccurrences> {
  const { body, errors } = occurrenceBody(values, locale, { series: true });
  return check<NewOccurrences>(newOccurrences, body, errors, locale);
}

/** An edited occurrence with the version it was read at. */
export function validateOccurrenceUpdate(values: FormValues, locale: Locale): Checked<OccurrenceUpdate> {
  const { body, errors } = occurrenceBody(values, locale, { series: false });
  return check<OccurrenceUpdate>(occurrenceUpdate, { ...body, version: Number(valueAt(values, 'version')) }, errors, locale);
}

/** A cancellation: the reason in the languages filled in, with the version read. */
export function validateCancellation(values: FormValues, locale: Locale): Checked<OccurrenceCancellation> {
  const reason: LocalizedText = {};
  for (const l of locales) if (valueAt(values, `reason.${l}`)) reason[l] = valueAt(values, `reason.${l}`);
  return check<OccurrenceCancellation>(occurrenceCancellation, { reason, version: Number(valueAt(values, 'version')) }, {}, locale);
}
