import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { venue, type Venue } from '../../shared/schemas/venue.ts';
import { db, tableName } from './client.ts';
import { batchGet, queryAll, type Key } from './items.ts';
import { putNew, replaceIfVersion, type VersionedWrite } from './versioned.ts';

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

/** Access pattern: one venue, strongly consistent (about to edit it). */
export async function getVenue(id: string): Promise<Venue | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: venueKey(id), ConsistentRead: true }));
  return out.Item ? venueFromItem(out.Item) : undefined;
}

/** Access pattern: venues of an organisation. */
export async function listVenuesOfOrganisation(organisationId: string): Promise<Venue[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :venue)',
    ExpressionAttributeValues: { ':pk': `ORG#${organisationId}`, ':venue': 'VENUE#' },
  });
  return items.map(venueFromItem);
}

export async function createVenue(value: Venue): Promise<boolean> {
  return putNew(venueToItem(value));
}

/** Saves an edited venue (carrying its next version) if it is still at `expectedVersion`. */
export async function replaceVenue(value: Venue, expectedVersion: number): Promise<VersionedWrite> {
  return replaceIfVersion(venueToItem(value), expectedVersion);
}
