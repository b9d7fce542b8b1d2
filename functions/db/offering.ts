import { ConditionalCheckFailedException, TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { occurrence, type Occurrence, type OccurrenceFields } from '../../shared/schemas/occurrence.ts';
import { offering, offeringStatus, type Offering, type OfferingStatus } from '../../shared/schemas/offering.ts';
import { localDateOf } from '../../shared/time.ts';
import { db, tableName } from './client.ts';
import { queryAll, type Key } from './items.ts';
import { organisationKey } from './organisation.ts';
import { putNew, replaceIfVersion, type VersionedWrite } from './versioned.ts';

/**
 * An offering and its occurrences share one partition, so the offering page is one strongly
 * consistent Query and an occurrence's seat counter is addressed by offering and occurrence id.
 */
const partition = (offeringId: string) => `OFFER#${offeringId}`;
export const offeringKey = (id: string): Key => ({ pk: partition(id), sk: 'OFFER' });
export const occurrenceKey = (offeringId: string, id: string): Key => ({ pk: partition(offeringId), sk: `OCC#${id}` });
const organisationIndexKey = (organisationId: string) => `ORG#${organisationId}`;

const cohortIndexKey = (cohortId: string) => `COHORT#${cohortId}#EXPERIENCES`;

/** gsi1 serves "offerings of an organisation"; gsi2, on experiences only, "experiences of a cohort". */
export function offeringToItem(value: Offering) {
  return {
    ...offeringKey(value.id),
    gsi1pk: organisationIndexKey(value.organisationId),
    gsi1sk: `OFFER#${value.id}`,
    ...(value.godchild ? { gsi2pk: cohortIndexKey(value.godchild.cohortId), gsi2sk: `OFFER#${value.id}` } : {}),
    type: 'offering',
    ...value,
  };
}

/** Access pattern: the experiences targeted at a cohort, of one status when given (gsi2 `COHORT#<id>#EXPERIENCES`, eventually consistent). */
export async function listOfferingsOfCohort(cohortId: string, options: { status?: OfferingStatus } = {}): Promise<Offering[]> {
  const { status } = options;
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ...(status ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
    ExpressionAttributeValues: { ':pk': cohortIndexKey(cohortId), ...(status ? { ':status': status } : {}) },
  });
  return items.map(offeringFromItem);
}

/** gsi2 serves "occurrences on a Helsinki day" (reminders), while an occurrence is not cancelled. */
const dayIndex = (value: Pick<Occurrence, 'id' | 'start'>) => ({ gsi2pk: `OCCURS#${localDateOf(new Date(value.start))}`, gsi2sk: `${value.start}#${value.id}` });

export function occurrenceToItem(value: Occurrence) {
  return { ...occurrenceKey(value.offeringId, value.id), ...(value.cancelled ? {} : dayIndex(value)), type: 'occurrence', ...value };
}

/** Access pattern: the occurrences, not cancelled, that start on a Helsinki day (gsi2 `OCCURS#<date>`). */
export async function listOccurrencesOnDay(date: string): Promise<Array<{ offeringId: string; id: string; start: string }>> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :day',
    ExpressionAttributeValues: { ':day': `OCCURS#${date}` },
  });
  return items.map((item) => ({ offeringId: String(item.offeringId), id: String(item.id), start: String(item.start) }));
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

/** Access pattern: an offering by id (strongly consistent: an edit follows it). */
export async function getOffering(id: string): Promise<Offering | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: offeringKey(id), ConsistentRead: true }));
  return out.Item ? offeringFromItem(out.Item) : undefined;
}

/** Access pattern: an offering's status alone, read after a write to learn whether search shows it. */
export async function getOfferingStatus(id: string): Promise<OfferingStatus | undefined> {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: offeringKey(id),
      ConsistentRead: true,
      ProjectionExpression: '#status',
      ExpressionAttributeNames: { '#status': 'status' },
    }),
  );
  return out.Item ? offeringStatus.parse(out.Item.status) : undefined;
}

/** Access pattern: one occurrence of an offering. */
export async function getOccurrence(offeringId: string, id: string): Promise<Occurrence | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: occurrenceKey(offeringId, id), ConsistentRead: true }));
  return out.Item ? occurrenceFromItem(out.Item) : undefined;
}

/** Access pattern: offerings of an organisation, every status, newest first (gsi1, eventually consistent). */
export async function listOfferingsOfOrganisation(organisationId: string): Promise<Offering[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :offer)',
    ExpressionAttributeValues: { ':pk': organisationIndexKey(organisationId), ':offer': 'OFFER#' },
    ScanIndexForward: false,
  });
  return items.map(offeringFromItem);
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

/** Access pattern: every occurrence of an offering, past and cancelled ones included (eventually consistent). */
export async function listOccurrencesOfOffering(offeringId: string): Promise<Occurrence[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :occ)',
    ExpressionAttributeValues: { ':pk': partition(offeringId), ':occ': 'OCC#' },
  });
  return items.map(occurrenceFromItem);
}

/** Writes a new offering; false when its id is taken. */
export async function putNewOffering(value: Offering): Promise<boolean> {
  return putNew(offeringToItem(value));
}

/** Old items come back from a failed condition in DynamoDB's own notation; these read the few attributes that tell why. */
type RawItem = Record<string, AttributeValue> | undefined;
const rawNumber = (item: RawItem, name: string) => (item?.[name]?.N === undefined ? undefined : Number(item[name].N));

/** Replaces an edited offering (carrying its next version) only while it is still at `expectedVersion`. */
export async function replaceOffering(value: Offering, expectedVersion: number): Promise<VersionedWrite> {
  return replaceIfVersion(offeringToItem(value), expectedVersion);
}

export type PublishOutcome = 'published' | 'stale' | 'missing' | 'organisationNotAccepted' | 'occurrenceGone';

/**
 * Publishes in one transaction that holds only while the organisation is accepted, the
 * occurrence that justifies publishing is still in the future and not cancelled, and the
 * offering is at the version the person read: none of these can change between the check and
 * the write.
 */
export async function publishOffering(input: {
  offeringId: string;
  organisationId: string;
  expectedVersion: number;
  futureOccurrenceId: string;
  now: Date;
}): Promise<PublishOutcome> {
  const now = input.now.toISOString();
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: tableName(),
              Key: organisationKey(input.organisationId),
              ConditionExpression: '#status = :accepted',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':accepted': 'accepted' },
            },
          },
          {
            ConditionCheck: {
              TableName: tableName(),
              Key: occurrenceKey(input.offeringId, input.futureOccurrenceId),
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(cancelled) AND #start > :now',
              ExpressionAttributeNames: { '#start': 'start' },
              ExpressionAttributeValues: { ':now': now },
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: offeringKey(input.offeringId),
              UpdateExpression: 'SET #status = :published, version = :next, updatedAt = :now',
              ConditionExpression: 'version = :expected',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':published': 'published',
                ':expected': input.expectedVersion,
                ':next': input.expectedVersion + 1,
                ':now': now,
              },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
      }),
    );
    return 'published';
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [organisationCheck, occurrenceCheck, offeringUpdate] = error.CancellationReasons ?? [];
    if (offeringUpdate?.Code === 'ConditionalCheckFailed') return offeringUpdate.Item ? 'stale' : 'missing';
    if (organisationCheck?.Code === 'ConditionalCheckFailed') return 'organisationNotAccepted';
    if (occurrenceCheck?.Code === 'ConditionalCheckFailed') return 'occurrenceGone';
    throw error;
  }
}

/** Takes a published offering out of search, from the version read. */
export async function unpublishOffering(
  id: string,
  expectedVersion: number,
  now: Date,
): Promise<{ saved: Offering } | { refused: 'stale' | 'missing' | 'notPublished' }> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: offeringKey(id),
        UpdateExpression: 'SET #status = :unpublished, version = :next, updatedAt = :now',
        ConditionExpression: 'version = :expected AND #status = :published',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':unpublished': 'unpublished',
          ':published': 'published',
          ':expected': expectedVersion,
          ':next': expectedVersion + 1,
          ':now': now.toISOString(),
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { saved: offeringFromItem(out.Attributes ?? {}) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    if (!error.Item) return { refused: 'missing' };
    return { refused: rawNumber(error.Item, 'version') !== expectedVersion ? 'stale' : 'notPublished' };
  }
}

/** TransactWriteItems takes at most 100 actions. */
const transactionLimit = 100;

/**
 * Writes new occurrences, all or none (a weekly series of up to 100 is one transaction), each
 * refusing to overwrite an existing item.
 */
export async function putNewOccurrences(values: Occurrence[]): Promise<void> {
  for (let i = 0; i < values.length; i += transactionLimit) {
    await db().send(
      new TransactWriteCommand({
        TransactItems: values.slice(i, i + transactionLimit).map((value) => ({
          Put: { TableName: tableName(), Item: occurrenceToItem(value), ConditionExpression: 'attribute_not_exists(pk)' },
        })),
      }),
    );
  }
}

/** Why a guarded occurrence write was refused, read from the stored item. */
export type OccurrenceRefusal = { refused: 'missing' | 'cancelled' | 'stale' } | { refused: 'belowSeatsTaken'; seatsTaken: number };

function occurrenceRefusal(item: RawItem, expectedVersion: number): OccurrenceRefusal {
  if (!item) return { refused: 'missing' };
  if (item.cancelled !== undefined) return { refused: 'cancelled' };
  if (rawNumber(item, 'version') !== expectedVersion) return { refused: 'stale' };
  return { refused: 'belowSeatsTaken', seatsTaken: rawNumber(item, 'seatsTaken') ?? 0 };
}

/**
 * Saves an occurrence's new fields if it is still at `expectedVersion`, not cancelled, and its
 * seats taken fit the new capacity: the seat counter moves under concurrent enrolments, so the
 * capacity rule is part of the condition, not a check beforehand.
 */
export async function updateOccurrence(input: {
  offeringId: string;
  occurrenceId: string;
  fields: OccurrenceFields;
  expectedVersion: number;
  now: Date;
}): Promise<{ saved: Occurrence } | OccurrenceRefusal> {
  const { fields } = input;
  // CAPACITY and END are reserved words: every attribute goes by a placeholder name.
  const set = ['#start = :start', '#end = :end', '#languages = :languages', '#capacity = :capacity', '#groupSize = :groupSize', 'version = :next', 'updatedAt = :now', 'gsi2pk = :day', 'gsi2sk = :daySk'];
  const day = dayIndex({ id: input.occurrenceId, start: fields.start });
  if (fields.venueId) set.push('venueId = :venueId');
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: occurrenceKey(input.offeringId, input.occurrenceId),
        UpdateExpression: `SET ${set.join(', ')}${fields.venueId ? '' : ' REMOVE venueId'}`,
        ConditionExpression: 'version = :expected AND attribute_not_exists(cancelled) AND seatsTaken <= :total',
        ExpressionAttributeNames: { '#start': 'start', '#end': 'end', '#languages': 'languages', '#capacity': 'capacity', '#groupSize': 'groupSize' },
        ExpressionAttributeValues: {
          ':start': fields.start,
          ':end': fields.end,
          ':languages': fields.languages,
          ':capacity': fields.capacity,
          ':groupSize': fields.groupSize,
          ':day': day.gsi2pk,
          ':daySk': day.gsi2sk,
          ':total': fields.capacity.total,
          ':expected': input.expectedVersion,
          ':next': input.expectedVersion + 1,
          ':now': input.now.toISOString(),
          ...(fields.venueId ? { ':venueId': fields.venueId } : {}),
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { saved: occurrenceFromItem(out.Attributes ?? {}) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return occurrenceRefusal(error.Item, input.expectedVersion);
  }
}

/** Cancels an occurrence for good, if it is still at `expectedVersion` and not cancelled already. */
export async function cancelOccurrence(input: {
  offeringId: string;
  occurrenceId: string;
  cancelled: NonNullable<Occurrence['cancelled']>;
  expectedVersion: number;
  now: Date;
}): Promise<{ saved: Occurrence } | OccurrenceRefusal> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: occurrenceKey(input.offeringId, input.occurrenceId),
        UpdateExpression: 'SET cancelled = :cancelled, version = :next, updatedAt = :now REMOVE gsi2pk, gsi2sk',
        ConditionExpression: 'version = :expected AND attribute_not_exists(cancelled)',
        ExpressionAttributeValues: {
          ':cancelled': input.cancelled,
          ':expected': input.expectedVersion,
          ':next': input.expectedVersion + 1,
          ':now': input.now.toISOString(),
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { saved: occurrenceFromItem(out.Attributes ?? {}) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return occurrenceRefusal(error.Item, input.expectedVersion);
  }
}
