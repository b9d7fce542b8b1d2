import type { Locale } from '../../../../../../../../shared/locale.ts';
import type { Venue } from '../../../../../../../../shared/schemas/venue.ts';
import { accessibilityFeatures, areas, facilities, type AccessibilityFeature, type Area, type Facility } from '../../../../../../../../shared/vocabularies.ts';
import { messages } from '../../../../../../lib/i18n.ts';

/**
 * The venue form, shared by the new and edit pages. Its fields are named by their path in the
 * API body (`name.fi`, `address.postalCode`, `facilities` once per box ticked).
 */

/** The checkbox groups: lists even when nothing is ticked. */
export const venueArrayFields = ['facilities', 'accessibility'];

/** Where problems on whole texts, list items and the address go in the form. */
export const venueFormShape = { localized: ['name', 'accessibilityInfo'], lists: venueArrayFields, objects: { address: 'address.street' } };

/** A saved venue as the form's values. */
export function venueValues(venue: Venue): Record<string, unknown> {
  return {
    name: venue.name,
    address: venue.address,
    area: venue.area,
    facilities: venue.facilities,
    accessibility: venue.accessibility,
    accessibilityInfo: venue.accessibilityInfo,
    version: String(venue.version),
  };
}

/** The API body a submitted form stands for, before the schema checks it (empty groups present, so their messages land on their fields). */
export function venueBody(values: Record<string, unknown>): Record<string, unknown> {
  const { version: _version, ...rest } = values;
  return { ...rest, name: values.name ?? {}, address: values.address ?? {} };
}

/** A venue field and its saved value as a person reads them, for what is saved now after a conflict. */
export function describeVenueField(field: string, value: string, locale: Locale): { label: string; value: string } {
  const t = messages(locale);
  const [first = '', second = ''] = field.split('.');
  const inLanguage = (label: string) => `${label}, ${t.provider.inLanguage[second as Locale]?.toLowerCase() ?? second}`;
  const list = (names: Record<string, string>, known: readonly string[]) =>
    value
      .split(', ')
      .filter((v) => known.includes(v))
      .map((v) => names[v])
      .join(', ');
  switch (first) {
    case 'name':
      return { label: inLanguage(t.provider.venueName), value };
    case 'accessibilityInfo':
      return { label: inLanguage(t.provider.accessibilityInfo), value };
    case 'address':
      return { label: t.provider[second as 'street' | 'postalCode' | 'city'] ?? field, value };
    case 'area':
      return { label: t.provider.area, value: areas[value as Area]?.[locale] ?? value };
    case 'facilities':
      return { label: t.provider.facilities, value: list(t.facilities as Record<Facility, string>, facilities) };
    case 'accessibility':
      return { label: t.provider.accessibility, value: list(t.accessibilityFeatures as Record<AccessibilityFeature, string>, accessibilityFeatures) };
    default:
      return { label: field, value };
  }
}
