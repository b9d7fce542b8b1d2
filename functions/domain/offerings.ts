import type { OfferingDetail, OccurrenceView } from '../../shared/schemas/api.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Venue, VenueView } from '../../shared/schemas/venue.ts';
import { getOfferingWithOccurrences } from '../db/offering.ts';
import { getOrganisation } from '../db/organisation.ts';
import { getVenues } from '../db/venue.ts';
import { occurrenceAvailability, seatsFreeOf } from './availability.ts';
import { OfferingNotFoundError } from './errors.ts';

const venueView = ({ version: _v, createdAt: _c, updatedAt: _u, ...view }: Venue): VenueView => view;

/** Use case: a published offering with its occurrences that have not ended, and their free seats now. */
export async function getPublishedOffering(id: string, now = new Date()): Promise<OfferingDetail> {
  const found = await getOfferingWithOccurrences(id);
  if (!found || found.offering.status !== 'published') throw new OfferingNotFoundError(id);
  const { offering } = found;

  const upcoming = found.occurrences
    .filter((o) => new Date(o.end) > now)
    .sort((a, b) => a.start.localeCompare(b.start));
  const offeringVenueId = offering.location.kind === 'venue' ? offering.location.venueId : undefined;
  const venueIds = [offeringVenueId, ...upcoming.map((o) => o.venueId)].filter((v): v is string => v !== undefined);
  const [organisation, venues] = await Promise.all([getOrganisation(offering.organisationId), getVenues(venueIds)]);
  if (!organisation) throw new Error(`Offering ${id} names a missing organisation`);

  const toView = (o: Occurrence): OccurrenceView => {
    const seatsFree = seatsFreeOf(o);
    const override = o.venueId && o.venueId !== offeringVenueId ? venues.get(o.venueId) : undefined;
    return {
      id: o.id,
      start: o.start,
      end: o.end,
      languages: o.languages,
      capacity: o.capacity,
      groupSize: o.groupSize,
      venue: override ? venueView(override) : undefined,
      seatsFree,
      availability: occurrenceAvailability(
        offering.enrolment,
        { start: o.start, cancelled: o.cancelled !== undefined, seatsFree, minGroupSize: o.groupSize.min, unit: o.capacity.unit },
        now,
      ),
      cancellationReason: o.cancelled?.reason,
    };
  };

  const { status: _s, version: _v, createdAt: _c, organisationId: _o, ...publicFields } = offering;
  const venue = offeringVenueId ? venues.get(offeringVenueId) : undefined;
  return {
    ...publicFields,
    organisation: { id: organisation.id, name: organisation.name, kind: organisation.kind, website: organisation.website },
    venue: venue ? venueView(venue) : undefined,
    occurrences: upcoming.map(toView),
  };
}
