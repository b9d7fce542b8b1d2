import { messages, safeParseIn, validationText } from '../../../shared/i18n/index.ts';
import { locales, type Locale, type LocalizedText } from '../../../shared/locale.ts';
import { localDate } from '../../../shared/schemas/common.ts';
import { imageTypes, maxImageBytes } from '../../../shared/schemas/image.ts';
import { enrolmentRules, offeringInput, type Offering, type OfferingInput } from '../../../shared/schemas/offering.ts';
import { helsinkiToUtc, localDateOf, localTimeOf, localTimePattern } from '../../../shared/time.ts';
import { inFieldOrder, listAt, valueAt, wholeNumber, type FieldErrors, type FormValues } from './form-values.ts';

/**
 * The offering editor's form and the API body it stands for. Fields are named by their path in
 * the body (`title.fi`, `enrolment.closesDaysBefore`) except where a person types something
 * else than the API stores: the price in euros (`priceKind`, `price`), one choice of location
 * (`location`: `venue:<id>`, `virtual`, `at-school`), the enrolment opening as a Helsinki date
 * and time (`enrolment.opensAtDate`, `enrolment.opensAtTime`), and the image file
 * (`imageFile`, uploaded first; its URL rides in `image.url`). Used by the form actions and by
 * the browser for live validation, with the same shared schema.
 */

/** The short description's limit in shared/schemas/offering.ts, for the editor's character count. */
export const shortDescriptionMax = 160;

/** The checkbox groups: lists even when nothing is ticked. */
export const offeringArrayFields = ['categories', 'keywords', 'studyLevels', 'languages'] as const;

/** Per-language texts; an API problem with the whole text ("fill in at least one language") is shown on the reader's language. */
const localizedFields = ['title', 'shortDescription', 'description', 'priceInfo', 'image.alt'];

/** The form fields in the order they appear, for the error summary. */
const fieldOrder = [
  ...locales.flatMap((l) => [`title.${l}`, `shortDescription.${l}`, `description.${l}`, `priceInfo.${l}`]),
  'imageFile',
  ...locales.map((l) => `image.alt.${l}`),
  'categories',
  'keywords',
  'studyLevels',
  'languages',
  'durationMinutes',
  'price',
  'location',
  'contact.name',
  'contact.email',
  'contact.phone',
  'enrolment.mode',
  'enrolment.externalUrl',
  'enrolment.opensAtDate',
  'enrolment.opensAtTime',
  'enrolment.closesDaysBefore',
  'enrolment.approval',
  'enrolment.visitsPerBooking',
  'enrolment.cancellationDaysBefore',
  'enrolment.reminderDaysBefore',
  'godchild.cohortId',
  'godchild.invite',
  'godchild.eventGroup',
];

/** The form field on which a problem with an API body path (`title`, `categories.2`, `priceCents`) is shown. */
export function offeringFieldOf(path: string, locale: Locale): string {
  if (localizedFields.includes(path)) return `${path}.${locale}`;
  const [first = ''] = path.split('.');
  if ((offeringArrayFields as readonly string[]).includes(first)) return first;
  if (path === 'priceCents') return 'price';
  if (first === 'location') return 'location';
  if (path === 'image' || path === 'image.url') return 'imageFile';
  if (path === 'enrolment.opensAt') return 'enrolment.opensAtDate';
  if (path === 'contact') return 'contact.name';
  if (path === 'enrolment') return 'enrolment.mode';
  if (path === 'godchild') return 'godchild.cohortId';
  return path;
}

/** API problems (keyed by body path) as messages on the form's fields, in the form's order. */
export function offeringFormErrors(errors: FieldErrors, locale: Locale): FieldErrors {
  const mapped: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) mapped[path === '_form' ? path : offeringFieldOf(path, locale)] ??= message;
  return inFieldOrder(mapped, fieldOrder);
}

const euros = (cents: number, locale: Locale) => {
  const text = cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2);
  return locale === 'en' ? text : text.replace('.', ',');
};

/** A new offering's form: the schema's enrolment defaults, free of charge, the signed-in person as the contact. */
export function newOfferingValues(contact: { name?: string; email: string }): FormValues {
  const rules = enrolmentRules.parse({ mode: 'internal' });
  return {
    categories: [],
    keywords: [],
    studyLevels: [],
    languages: [],
    priceKind: 'free',
    contact: { name: contact.name ?? '', email: contact.email },
    enrolment: {
      mode: rules.mode,
      closesDaysBefore: String(rules.closesDaysBefore),
      approval: rules.approval,
      visitsPerBooking: String(rules.visitsPerBooking),
      mandatoryInfo: rules.mandatoryInfo ? 'true' : '',
      waitlist: rules.waitlist ? 'true' : '',
      cancellationDaysBefore: String(rules.cancellationDaysBefore),
      reminderDaysBefore: String(rules.reminderDaysBefore),
    },
    godchild: { cohortId: '', invite: 'child-and-one', eventGroup: '' },
  };
}

/** A saved offering as the editor's form shows it. */
export function offeringValues(offering: Offering, locale: Locale): FormValues {
  const opensAt = offering.enrolment.opensAt ? new Date(offering.enrolment.opensAt) : undefined;
  return {
    title: offering.title,
    shortDescription: offering.shortDescription,
    description: offering.description,
    priceInfo: offering.priceInfo ?? {},
    image: offering.image ? { url: offering.image.url, alt: offering.image.alt } : {},
    categories: offering.categories,
    keywords: offering.keywords,
    studyLevels: offering.studyLevels,
    languages: offering.languages,
    durationMinutes: String(offering.durationMinutes),
    priceKind: offering.priceCents === 0 ? 'free' : 'paid',
    price: offering.priceCents === 0 ? '' : euros(offering.priceCents, locale),
    location: offering.location.kind === 'venue' ? `venue:${offering.location.venueId}` : offering.location.kind,
    contact: { ...offering.contact },
    enrolment: {
      mode: offering.enrolment.mode,
      externalUrl: offering.enrolment.externalUrl ?? '',
      opensAtDate: opensAt ? localDateOf(opensAt) : '',
      opensAtTime: opensAt ? localTimeOf(opensAt) : '',
      closesDaysBefore: String(offering.enrolment.closesDaysBefore),
      approval: offering.enrolment.approval,
      visitsPerBooking: String(offering.enrolment.visitsPerBooking),
      mandatoryInfo: offering.enrolment.mandatoryInfo ? 'true' : '',
      waitlist: offering.enrolment.waitlist ? 'true' : '',
      cancellationDaysBefore: String(offering.enrolment.cancellationDaysBefore),
      reminderDaysBefore: String(offering.enrolment.reminderDaysBefore),
    },
    godchild: {
      cohortId: offering.godchild?.cohortId ?? '',
      invite: offering.godchild?.invite ?? 'child-and-one',
      eventGroup: offering.godchild?.eventGroup ?? '',
    },
    version: String(offering.version),
  };
}

/** Why a chosen image file cannot be uploaded, if it cannot (the API checks its bytes again). */
export function imageFileProblem(file: Pick<File, 'type' | 'size'>, locale: Locale): string | undefined {
  if (!Object.hasOwn(imageTypes, file.type)) return validationText('unsupportedImageType', locale);
  if (file.size > maxImageBytes) return validationText('imageTooLarge', locale);
  return undefined;
}

/**
 * The API body a filled-in form stands for, and the problems found while reading it (a word
 * where a number belongs, a price that is not euros, a missing choice) keyed by form field.
 * `hasNewImage`: a file is chosen that will be uploaded before saving, so its alt texts are due.
 */
export function offeringBody(values: FormValues, locale: Locale, hasNewImage = false): { body: Record<string, unknown>; errors: FieldErrors } {
  const t = messages(locale).editor;
  const errors: FieldErrors = {};
  const text = (name: string): LocalizedText => {
    const result: LocalizedText = {};
    for (const l of locales) {
      const value = valueAt(values, `${name}.${l}`);
      if (value) result[l] = value;
    }
    return result;
  };
  const number = (name: string, required = false) => {
    const value = wholeNumber(valueAt(values, name), { invalid: validationText('invalidNumber', locale), required: t.required }, required);
    if (typeof value === 'string') errors[name] = value;
    return typeof value === 'number' ? value : undefined;
  };
  const required = (name: string) => {
    const value = valueAt(values, name);
    if (!value) errors[name] = t.required;
    return value;
  };

  const title = text('title');
  const priceInfo = text('priceInfo');
  const body: Record<string, unknown> = {
    title,
    shortDescription: text('shortDescription'),
    description: text('description'),
    categories: listAt(values, 'categories'),
    keywords: listAt(values, 'keywords'),
    studyLevels: listAt(values, 'studyLevels'),
    languages: listAt(values, 'languages'),
    durationMinutes: number('durationMinutes', true),
    ...(Object.keys(priceInfo).length > 0 ? { priceInfo } : {}),
  };
  for (const group of ['studyLevels', 'languages'] as const) {
    if ((body[group] as string[]).length === 0) errors[group] = t.chooseAtLeastOne;
  }

  // The image: alt text is due in every language the offering has a title in.
  const imageUrl = valueAt(values, 'image.url');
  const keepsImage = imageUrl !== '' && valueAt(values, 'imageRemove') !== 'true';
  const alt = text('image.alt');
  if (keepsImage) body.image = { url: imageUrl, alt };
  if (keepsImage || hasNewImage) {
    for (const l of locales) if (title[l] && !alt[l]) errors[`image.alt.${l}`] = t.altRequired;
  }

  if (valueAt(values, 'priceKind') === 'paid') {
    const price = valueAt(values, 'price');
    const match = /^(\d{1,6})(?:[.,](\d{1,2}))?$/.exec(price.replace(/\s|€/g, ''));
    if (!price) errors.price = t.priceRequired;
    else if (!match) errors.price = t.invalidPrice;
    else body.priceCents = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  } else {
    body.priceCents = 0;
  }

  const location = valueAt(values, 'location');
  if (location === 'virtual' || location === 'at-school') body.location = { kind: location };
  else if (location.startsWith('venue:')) body.location = { kind: 'venue', venueId: location.slice('venue:'.length) };
  else errors.location = t.chooseLocation;

  body.contact = {
    name: required('contact.name'),
    email: required('contact.email'),
    ...(valueAt(values, 'contact.phone') ? { phone: valueAt(values, 'contact.phone') } : {}),
  };

  const mode = valueAt(values, 'enrolment.mode');
  const enrolment: Record<string, unknown> = {
    mode,
    approval: valueAt(values, 'enrolment.approval') || undefined,
    closesDaysBefore: number('enrolment.closesDaysBefore'),
    visitsPerBooking: number('enrolment.visitsPerBooking'),
    cancellationDaysBefore: number('enrolment.cancellationDaysBefore'),
    reminderDaysBefore: number('enrolment.reminderDaysBefore'),
    mandatoryInfo: valueAt(values, 'enrolment.mandatoryInfo') === 'true',
    waitlist: valueAt(values, 'enrolment.waitlist') === 'true',
  };
  // The link only means something for external enrolment; a leftover one is dropped, not refused.
  if (mode === 'external') enrolment.externalUrl = valueAt(values, 'enrolment.externalUrl') || undefined;
  const opensDate = valueAt(values, 'enrolment.opensAtDate');
  const opensTime = valueAt(values, 'enrolment.opensAtTime');
  if (opensTime && !localTimePattern.test(opensTime)) errors['enrolment.opensAtTime'] = t.invalidTime;
  if (!opensDate && opensTime) errors['enrolment.opensAtDate'] = t.timeWithoutDate;
  else if (opensDate && !localDate.safeParse(opensDate).success) errors['enrolment.opensAtDate'] = validationText('invalidDate', locale);
  else if (opensDate && !errors['enrolment.opensAtTime']) enrolment.opensAt = helsinkiToUtc(opensDate, opensTime || '00:00');
  body.enrolment = enrolment;

  // A culture-godchild experience when a cohort is chosen; otherwise an offering for schools.
  const cohortId = valueAt(values, 'godchild.cohortId');
  if (cohortId) {
    const eventGroup = valueAt(values, 'godchild.eventGroup');
    body.godchild = { cohortId, invite: valueAt(values, 'godchild.invite') || undefined, ...(eventGroup ? { eventGroup } : {}) };
  }

  return { body, errors };
}

/**
 * Reads and checks the form with the shared schema: the body to send, or every problem keyed
 * by form field (reading problems win over the schema's, which would only say the same less well).
 */
export function validateOffering(
  values: FormValues,
  locale: Locale,
  hasNewImage = false,
): { ok: true; body: OfferingInput } | { ok: false; errors: FieldErrors } {
  const { body, errors } = offeringBody(values, locale, hasNewImage);
  const parsed = safeParseIn(offeringInput, body, locale);
  const all: FieldErrors = { ...errors };
  if (!parsed.success) for (const issue of parsed.issues) all[offeringFieldOf(issue.path.join('.'), locale)] ??= issue.message;
  if (parsed.success && Object.keys(all).length === 0) return { ok: true, body: parsed.data };
  return { ok: false, errors: inFieldOrder(all, fieldOrder) };
}
