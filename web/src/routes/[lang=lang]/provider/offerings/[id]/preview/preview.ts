import type { Availability, OfferingDetail } from '../../../../../../../../shared/schemas/api.ts';
import type { ManagedOffering } from '../../../../../../../../shared/schemas/offering-management.ts';
import type { OrganisationDetail } from '../../../../../../../../shared/schemas/member.ts';
import type { Occurrence } from '../../../../../../../../shared/schemas/occurrence.ts';
import type { Venue, VenueView } from '../../../../../../../../shared/schemas/venue.ts';
import { sameClockTimeDaysBefore } from '../../../../../../../../shared/time.ts';

const venueView = ({ version: _v, createdAt: _c, updatedAt: _u, ...view }: Venue): VenueView => view;

/**
 * Whether a teacher could enrol now, or why not: the rule of functions/domain/availability.ts
 * (which the web app cannot import), for an offering that search does not show yet.
 */
function availabilityOf(offering: ManagedOffering, occurrence: Occurrence, now: Date): Availability {
  const rules = offering.enrolment;
  if (occurrence.cancelled) return { status: 'cancelled' };
  if (rules.mode === 'external') return { status: 'external' };
  if (rules.mode === 'none') return { status: 'no-enrolment' };
  if (rules.opensAt && new Date(rules.opensAt) > now) return { status: 'not-open-yet', opensAt: rules.opensAt };
  const closes = rules.closesDaysBefore === 0 ? new Date(occurrence.start) : sameClockTimeDaysBefore(new Date(occurrence.start), rules.closesDaysBefore);
  if (now >= closes) return { status: 'closed' };
  const unit = occurrence.capacity.unit;
  const free = Math.max(0, occurrence.capacity.total - occurrence.seatsTaken);
  const usable = unit === 'persons' && free < occurrence.groupSize.min ? 0 : free;
  return usable === 0 ? { status: 'full', seatsFree: 0, unit } : { status: 'open', seatsFree: usable, unit };
}

/** The offering as its public page would show it if it were published now: occurrences that have not ended, with free seats. */
export function previewOf(offering: ManagedOffering, organisation: OrganisationDetail, now: Date): OfferingDetail {
  const venues = new Map(organisation.venues.map((venue) => [venue.id, venue]));
  const venueOf = (id: string | undefined) => {
    const venue = id ? venues.get(id) : undefined;
    return venue ? venueView(venue) : undefined;
  };
  return {
    id: offering.id,
    title: offering.title,
    shortDescription: offering.shortDescription,
    description: offering.description,
    image: offering.image,
    categories: offering.categories,
    keywords: offering.keywords,
    studyLevels: offering.studyLevels,
    languages: offering.languages,
    durationMinutes: offering.durationMinutes,
    priceCents: offering.priceCents,
    priceInfo: offering.priceInfo,
    location: offering.location,
    contact: offering.contact,
    enrolment: offering.enrolment,
    updatedAt: offering.updatedAt,
    organisation: { id: organisation.id, name: organisation.name, kind: organisation.kind, website: organisation.website },
    venue: venueOf(offering.location.kind === 'venue' ? offering.location.venueId : undefined),
    occurrences: offering.occurrences
      .filter((occurrence) => new Date(occurrence.end) > now)
      .map((occurrence) => ({
        id: occurrence.id,
        start: occurrence.start,
        end: occurrence.end,
        languages: occurrence.languages,
        capacity: occurrence.capacity,
        groupSize: occurrence.groupSize,
        venue: venueOf(occurrence.venueId),
        seatsFree: Math.max(0, occurrence.capacity.total - occurrence.seatsTaken),
        availability: availabilityOf(offering, occurrence, now),
        cancellationReason: occurrence.cancelled?.reason,
      })),
  };
}
