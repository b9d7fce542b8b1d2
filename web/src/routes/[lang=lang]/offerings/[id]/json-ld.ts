import { pickText, type Locale } from '../../../../../../shared/locale.ts';
import type { AvailabilityStatus, OfferingDetail } from '../../../../../../shared/schemas/api.ts';

/** schema.org's word for each state; the rest (cancelled, external, no enrolment) say nothing. */
const offerAvailability: Partial<Record<AvailabilityStatus, string>> = {
  open: 'https://schema.org/InStock',
  full: 'https://schema.org/SoldOut',
  'not-open-yet': 'https://schema.org/PreOrder',
  closed: 'https://schema.org/SoldOut',
};

/**
 * schema.org Event markup for an offering's upcoming occurrences, so search engines and other
 * municipal services can read them. One Event per occurrence.
 */
export function offeringEvents(offering: OfferingDetail, locale: Locale, pageUrl: string) {
  const text = (value: Parameters<typeof pickText>[0]) => pickText(value, locale).text;
  const place = (venue: OfferingDetail['venue']) =>
    venue
      ? {
          '@type': 'Place',
          name: text(venue.name),
          address: {
            '@type': 'PostalAddress',
            streetAddress: venue.address.street,
            postalCode: venue.address.postalCode,
            addressLocality: venue.address.city,
            addressCountry: 'FI',
          },
        }
      : undefined;
  const online = offering.location.kind === 'virtual';
  return {
    '@context': 'https://schema.org',
    '@graph': offering.occurrences.map((occurrence) => ({
      '@type': 'Event',
      '@id': `${pageUrl}#${occurrence.id}`,
      name: text(offering.title),
      description: text(offering.shortDescription),
      url: pageUrl,
      startDate: occurrence.start,
      endDate: occurrence.end,
      inLanguage: occurrence.languages,
      eventStatus: occurrence.cancellationReason ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
      eventAttendanceMode: online ? 'https://schema.org/OnlineEventAttendanceMode' : 'https://schema.org/OfflineEventAttendanceMode',
      location: online
        ? { '@type': 'VirtualLocation', url: pageUrl }
        : (place(occurrence.venue ?? offering.venue) ?? { '@type': 'Place', name: text(offering.title) }),
      organizer: {
        '@type': 'Organization',
        name: text(offering.organisation.name),
        ...(offering.organisation.website ? { url: offering.organisation.website } : {}),
      },
      offers: {
        '@type': 'Offer',
        price: (offering.priceCents / 100).toFixed(2),
        priceCurrency: 'EUR',
        url: pageUrl,
        ...(offerAvailability[occurrence.availability.status]
          ? { availability: offerAvailability[occurrence.availability.status] }
          : {}),
      },
      ...(offering.image ? { image: offering.image.url } : {}),
    })),
  };
}

/** JSON that is safe inside a <script> element: no "</script>" or HTML comment can be formed. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
