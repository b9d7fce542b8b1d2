import { venue, type Venue } from '../../shared/schemas/venue.ts';
import { batchGet, type Key } from './items.ts';

export const venueKey = (id: string): Key => ({ pk: `VENUE#${id}`, sk: 'VENUE' });

/** gsi1 serves "venues of an organisation". */
export function venueToItem(value: Venue) {
  return { ...venueKey(value.id), gsi1pk: `ORG#${value.organisationId}`, gsi1sk: `VENUE#${value.id}`, type: 'venue', ...value };
}

export function venueFromItem(item: Record<string, unknown>): Venue {
  return venue.parse(item);
}

/** Access pattern: venues by ids (an offering's venue and its occurrences' venues). */
export async function getVenues(ids: string[]): Promise<Map<string, Venue>> {
  const items = await batchGet(ids.map(venueKey));
  return new Map(items.map(venueFromItem).map((v) => [v.id, v]));
}
