import { occurrence, type Occurrence } from '../../shared/schemas/occurrence.ts';
import { offering, type Offering, type OfferingStatus } from '../../shared/schemas/offering.ts';
import { queryAll, type Key } from './items.ts';

/**
 * An offering and its occurrences share one partition, so the offering page is one strongly
 * consistent Query and an occurrence's seat counter is addressed by offering and occurrence id.
 */
const partition = (offeringId: string) => `OFFER#${offeringId}`;
export const offeringKey = (id: string): Key => ({ pk: partition(id), sk: 'OFFER' });
export const occurrenceKey = (offeringId: string, id: string): Key => ({ pk: partition(offeringId), sk: `OCC#${id}` });

/** gsi1 serves "offerings of an organisation". */
export function offeringToItem(value: Offering) {
  return {
    ...offeringKey(value.id),
    gsi1pk: `ORG#${value.organisationId}`,
    gsi1sk: `OFFER#${value.id}`,
    type: 'offering',
    ...value,
  };
}

export function occurrenceToItem(value: Occurrence) {
  return { ...occurrenceKey(value.offeringId, value.id), type: 'occurrence', ...value };
}

export const offeringFromItem = (item: Record<string, unknown>): Offering => offering.parse(item);
export const occurrenceFromItem = (item: Record<string, unknown>): Occurrence => occurrence.parse(item);

/**
 * Access pattern: an offering with all its occurrences (past ones included; callers choose).
 * The sort key range OCC#…OFFER skips the offering's catalogue entry, which sorts before it.
 */
export async function getOfferingWithOccurrences(
  id: string,
): Promise<{ offering: Offering; occurrences: Occurrence[] } | undefined> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
    ExpressionAttributeValues: { ':pk': partition(id), ':first': 'OCC#', ':last': 'OFFER' },
    ConsistentRead: true,
  });
  const offeringItem = items.find((item) => item.sk === 'OFFER');
  if (!offeringItem) return undefined;
  return {
    offering: offeringFromItem(offeringItem),
    occurrences: items.filter((item) => item.sk !== 'OFFER').map(occurrenceFromItem),
  };
}

/**
 * Access pattern: ids of an organisation's offerings, of one status when given (gsi1,
 * eventually consistent); for rebuilding catalogue entries after an organisation or venue edit.
 */
export async function listOfferingIdsOfOrganisation(organisationId: string, options: { status?: OfferingStatus } = {}): Promise<string[]> {
  const { status } = options;
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :offer)',
    ...(status ? { FilterExpression: '#status = :status' } : {}),
    ExpressionAttributeValues: { ':pk': `ORG#${organisationId}`, ':offer': 'OFFER#', ...(status ? { ':status': status } : {}) },
    ExpressionAttributeNames: { '#id': 'id', ...(status ? { '#status': 'status' } : {}) },
    ProjectionExpression: '#id',
  });
  return items.map((item) => String(item.id));
}
