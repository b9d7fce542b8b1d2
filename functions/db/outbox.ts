import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { timestamp } from '../../shared/schemas/common.ts';
import { mail } from '../mail/send.ts';
import { db, tableName } from './client.ts';
import { queryAll, type Key } from './items.ts';

/**
 * A message waiting to be sent, written in the same transaction as the change it tells of, so
 * no committed change loses its email. Pending messages are on gsi2 `OUTBOX` (a sparse index:
 * the attributes go when the message is sent).
 */
export const outboxMessage = z.object({
  id: z.string(),
  createdAt: timestamp,
  /** What the message tells of (an enrolment's id), for tracing. */
  about: z.string().optional(),
  mail,
  /** While set and in the future, one sender holds the message; another waits for it to lapse. */
  claimedUntil: timestamp.optional(),
  sentAt: timestamp.optional(),
  attempts: z.int().min(0).default(0),
});
export type OutboxMessage = z.infer<typeof outboxMessage>;

export const outboxKey = (id: string): Key => ({ pk: `OUTBOX#${id}`, sk: 'OUTBOX' });
const pendingIndex = 'OUTBOX';
/** Sent messages are kept a month for tracing, then DynamoDB's TTL removes them. */
const keepSentSeconds = 30 * 24 * 3600;

export function outboxToItem(value: OutboxMessage) {
  return { ...outboxKey(value.id), gsi2pk: pendingIndex, gsi2sk: `${value.createdAt}#${value.id}`, type: 'outbox', ...value };
}
const outboxFromItem = (item: Record<string, unknown>) => outboxMessage.parse(item);

/** Access pattern: messages not sent yet, oldest first (gsi2 `OUTBOX`). */
export async function listPendingOutbox(limit: number): Promise<OutboxMessage[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': pendingIndex },
    Limit: limit,
  });
  return items.slice(0, limit).map(outboxFromItem);
}

/**
 * Takes a message for sending until `until`, if nobody has sent it and no other sender holds
 * it: two senders (the request that wrote it, the scheduled sweep) never both send it.
 */
export async function claimOutboxMessage(id: string, now: Date, until: Date): Promise<OutboxMessage | undefined> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: outboxKey(id),
        UpdateExpression: 'SET claimedUntil = :until, attempts = if_not_exists(attempts, :zero) + :one',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(sentAt) AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)',
        ExpressionAttributeValues: { ':until': until.toISOString(), ':now': now.toISOString(), ':zero': 0, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return outboxFromItem(out.Attributes ?? {});
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Marks a claimed message sent: it leaves the pending index and expires later. */
export async function markOutboxSent(id: string, now: Date): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: outboxKey(id),
      UpdateExpression: 'SET sentAt = :now, expiresAt = :expires REMOVE gsi2pk, gsi2sk, claimedUntil',
      ExpressionAttributeValues: { ':now': now.toISOString(), ':expires': Math.floor(now.getTime() / 1000) + keepSentSeconds },
    }),
  );
}

/** Gives a message back after a failed send, so the next sweep tries it again. */
export async function releaseOutboxMessage(id: string): Promise<void> {
  await db().send(new UpdateCommand({ TableName: tableName(), Key: outboxKey(id), UpdateExpression: 'REMOVE claimedUntil' }));
}

/** Messages that go with no other change (a notice of a changed time): written on their own. */
export async function putOutboxMessages(messages: OutboxMessage[]): Promise<void> {
  for (const message of messages) {
    await db().send(new PutCommand({ TableName: tableName(), Item: outboxToItem(message), ConditionExpression: 'attribute_not_exists(pk)' }));
  }
}
