import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { preferences, round, type Preferences, type Round } from '../../shared/schemas/godchild.ts';
import { roundPreview, type RoundPreview } from '../../shared/schemas/round-views.ts';
import { db, tableName } from './client.ts';
import { queryAll, type Key } from './items.ts';
import type { TransactItem } from './transact.ts';

/**
 * An allocation round and what hangs off it in its partition (`ROUND#<id>`): each family's
 * preferences, the stored preview in chunks; invitations and the round's waitlist are in
 * invitation.ts. A cohort has at most one round that is open or committed: the guard item
 * `COHORT#<cohortId>` / `ACTIVEROUND` is put with the round and deleted when it closes.
 */
const partition = (id: string) => `ROUND#${id}`;
export const roundKey = (id: string): Key => ({ pk: partition(id), sk: 'ROUND' });
const activeRoundKey = (cohortId: string): Key => ({ pk: `COHORT#${cohortId}`, sk: 'ACTIVEROUND' });
const preferencesKey = (roundId: string, familyId: string): Key => ({ pk: partition(roundId), sk: `PREF#${familyId}` });
const previewKey = (roundId: string, chunk: number): Key => ({ pk: partition(roundId), sk: `PREVIEW#${String(chunk).padStart(3, '0')}` });
const cohortIndexKey = (cohortId: string) => `COHORT#${cohortId}#ROUNDS`;

/**
 * For a transaction that may run only while the cohort has no round open or committed (a
 * first-come enrolment): refused (ConditionalCheckFailed) while the guard item exists.
 */
export function noActiveRoundCheck(cohortId: string): TransactItem {
  return { ConditionCheck: { TableName: tableName(), Key: activeRoundKey(cohortId), ConditionExpression: 'attribute_not_exists(pk)' } };
}

export function roundToItem(value: Round) {
  return { ...roundKey(value.id), gsi1pk: cohortIndexKey(value.cohortId), gsi1sk: `${value.createdAt}#${value.id}`, type: 'round', ...value };
}
const roundFromItem = (item: Record<string, unknown>): Round => round.parse(item);

/** Creates a round, refused (`active`) while the cohort has another round open or committed. */
export async function createRound(value: Round): Promise<'created' | 'active'> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName(), Item: roundToItem(value), ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: tableName(),
              Item: { ...activeRoundKey(value.cohortId), type: 'active-round', roundId: value.id },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return 'created';
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) return 'active';
    throw error;
  }
}

export async function getRound(id: string): Promise<Round | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: roundKey(id), ConsistentRead: true }));
  return out.Item ? roundFromItem(out.Item) : undefined;
}

/** Access pattern: a cohort's rounds, newest first (gsi1 `COHORT#<id>#ROUNDS`). */
export async function listRoundsOfCohort(cohortId: string): Promise<Round[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': cohortIndexKey(cohortId) },
    ScanIndexForward: false,
  });
  return items.map(roundFromItem);
}

/**
 * Marks an open round committed, once: only while it is open, its preferences deadline has
 * passed and its stored preview is the one the commit checked (`previewId`). Returns false when
 * another commit got there first or the round changed.
 */
export async function markRoundCommitted(id: string, previewId: string, now: Date): Promise<Round | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: roundKey(id),
        UpdateExpression: 'SET #status = :committed, committedAt = :now, updatedAt = :now, version = version + :one, committedPreview = :preview',
        ConditionExpression: '#status = :open AND preferencesDeadline <= :now AND previewId = :preview',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':committed': 'committed', ':open': 'open', ':now': now.toISOString(), ':one': 1, ':preview': previewId },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return roundFromItem(out.Attributes!);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Closes a round (committed, or open and given up) and frees its cohort for the next one, in one transaction. */
export async function markRoundClosed(value: Round, now: Date): Promise<Round | undefined> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: roundKey(value.id),
              UpdateExpression: 'SET #status = :closed, closedAt = :now, updatedAt = :now, version = version + :one',
              ConditionExpression: '#status IN (:open, :committed)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':closed': 'closed', ':open': 'open', ':committed': 'committed', ':now': now.toISOString(), ':one': 1 },
            },
          },
          {
            Delete: {
              TableName: tableName(),
              Key: activeRoundKey(value.cohortId),
              ConditionExpression: 'roundId = :round',
              ExpressionAttributeValues: { ':round': value.id },
            },
          },
        ],
      }),
    );
    return { ...value, status: 'closed', closedAt: now.toISOString(), updatedAt: now.toISOString(), version: value.version + 1 };
  } catch (error) {
    if (error instanceof TransactionCanceledException) return undefined;
    throw error;
  }
}

/**
 * A family's preferences, written only while the round is open and before its deadline (a
 * ConditionCheck on the round in the same transaction). Returns false when that no longer holds.
 */
export async function putPreferences(roundId: string, familyId: string, value: Preferences, now: Date): Promise<boolean> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: tableName(),
              Key: roundKey(roundId),
              ConditionExpression: '#status = :open AND preferencesDeadline > :now',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':open': 'open', ':now': now.toISOString() },
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: { ...preferencesKey(roundId, familyId), type: 'preferences', roundId, familyId, updatedAt: now.toISOString(), ...value },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
    throw error;
  }
}

export async function getPreferences(roundId: string, familyId: string): Promise<Preferences | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: preferencesKey(roundId, familyId), ConsistentRead: true }));
  return out.Item ? preferences.parse(out.Item) : undefined;
}

/** Access pattern: every family's preferences of a round (Query `ROUND#<id>`, `begins_with(sk, PREF#)`). */
export async function listPreferencesOfRound(roundId: string): Promise<Map<string, Preferences>> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :pref)',
    ExpressionAttributeValues: { ':pk': partition(roundId), ':pref': 'PREF#' },
    ConsistentRead: true,
  });
  return new Map(items.map((item) => [String(item.familyId), preferences.parse(item)]));
}

/** A chunk stays well under DynamoDB's 400 KB item limit. */
const chunkChars = 300_000;

/**
 * Stores a preview in chunks (`PREVIEW#000`, …), each stamped with the preview's id, then points
 * the round at it (`previewId`): a reader takes only the chunks of the round's current preview,
 * so a preview being replaced is never read half old, half new.
 */
export async function putPreview(previewId: string, value: RoundPreview): Promise<number> {
  const text = JSON.stringify(value);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += chunkChars) chunks.push(text.slice(i, i + chunkChars));
  for (let i = 0; i < chunks.length; i += 25) {
    let pending = chunks.slice(i, i + 25).map((data, j) => ({
      PutRequest: { Item: { ...previewKey(value.roundId, i + j), type: 'round-preview', previewId, count: chunks.length, data } },
    }));
    while (pending.length > 0) {
      const out = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = (out.UnprocessedItems?.[tableName()] ?? []) as typeof pending;
    }
  }
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: roundKey(value.roundId),
      UpdateExpression: 'SET previewId = :preview',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':preview': previewId },
    }),
  );
  return chunks.length;
}

/** Access pattern: the round's current preview (GetItem of the round for its preview id, Query `begins_with(sk, PREVIEW#)`). */
export async function getPreview(roundId: string): Promise<{ previewId: string; preview: RoundPreview } | undefined> {
  const head = await db().send(new GetCommand({ TableName: tableName(), Key: roundKey(roundId), ConsistentRead: true }));
  const previewId = head.Item?.previewId as string | undefined;
  if (!previewId) return undefined;
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :preview)',
    ExpressionAttributeValues: { ':pk': partition(roundId), ':preview': 'PREVIEW#' },
    ConsistentRead: true,
  });
  const own = items.filter((item) => item.previewId === previewId);
  const count = Number(own[0]?.count ?? 0);
  if (own.length !== count || count === 0) return undefined;
  const text = own.map((item) => String(item.data)).join('');
  return { previewId, preview: roundPreview.parse(JSON.parse(text)) };
}

/** The preview id a commit was made from (the round item keeps it). */
export async function getCommittedPreviewId(roundId: string): Promise<string | undefined> {
  const head = await db().send(new GetCommand({ TableName: tableName(), Key: roundKey(roundId), ConsistentRead: true }));
  return head.Item?.committedPreview as string | undefined;
}
