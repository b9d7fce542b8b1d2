import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { invitation, type Invitation } from '../../shared/schemas/godchild.ts';
import { id } from '../../shared/schemas/common.ts';
import { db, tableName } from './client.ts';
import { queryAll, type Key } from './items.ts';
import { outboxToItem, type OutboxMessage } from './outbox.ts';
import { releaseSeatsAction, takeSeatsAction, type SeatTake } from './seats.ts';
import { transaction, type TransactItem } from './transact.ts';

/**
 * Invitations live in their round's partition (`ROUND#<roundId>` / `INVITE#<id>`). gsi1: a
 * family's invitations, oldest first. gsi2 `INVITEEXPIRY` / `<respondBy>#<id>` only while
 * offered, for the expiry job. A letter's accept code is its own item (`ACCEPTCODE#<code>`),
 * so the public accept page is one GetItem. Each family the allocation placed has a guard
 * (`ALLOC#<familyId>`) written with its invitation, so a retried commit never invites twice.
 * The round's waitlist is `WAIT#<position>#<familyId>`, each entry deleted by the transaction
 * that offers it a seat.
 */
const partition = (roundId: string) => `ROUND#${roundId}`;
export const invitationKey = (roundId: string, invitationId: string): Key => ({ pk: partition(roundId), sk: `INVITE#${invitationId}` });
const acceptCodeKey = (code: string): Key => ({ pk: `ACCEPTCODE#${code}`, sk: 'ACCEPTCODE' });
const allocationGuardKey = (roundId: string, familyId: string): Key => ({ pk: partition(roundId), sk: `ALLOC#${familyId}` });
const waitKey = (roundId: string, position: number, familyId: string): Key => ({ pk: partition(roundId), sk: `WAIT#${String(position).padStart(6, '0')}#${familyId}` });
const familyIndexKey = (familyId: string) => `FAMILY#${familyId}#INVITES`;
const expiryIndex = 'INVITEEXPIRY';

export function invitationToItem(value: Invitation) {
  return {
    ...invitationKey(value.roundId, value.id),
    gsi1pk: familyIndexKey(value.familyId),
    gsi1sk: `${value.createdAt}#${value.id}`,
    ...(value.status === 'offered' ? { gsi2pk: expiryIndex, gsi2sk: `${value.respondBy}#${value.id}` } : {}),
    type: 'invitation',
    ...value,
  };
}
const invitationFromItem = (item: Record<string, unknown>): Invitation => invitation.parse(item);

export async function getInvitation(roundId: string, invitationId: string): Promise<Invitation | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: invitationKey(roundId, invitationId), ConsistentRead: true }));
  return out.Item ? invitationFromItem(out.Item) : undefined;
}

/** Access pattern: a family's invitations, oldest first (gsi1 `FAMILY#<id>#INVITES`). */
export async function listInvitationsOfFamily(familyId: string): Promise<Invitation[]> {
  const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': familyIndexKey(familyId) } });
  return items.map(invitationFromItem);
}

/** Access pattern: a round's invitations (Query `ROUND#<id>`, `begins_with(sk, INVITE#)`). */
export async function listInvitationsOfRound(roundId: string): Promise<Invitation[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :invite)',
    ExpressionAttributeValues: { ':pk': partition(roundId), ':invite': 'INVITE#' },
    ConsistentRead: true,
  });
  return items.map(invitationFromItem);
}

/** Access pattern: the invitation a letter's code belongs to (GetItem `ACCEPTCODE#<code>`). */
export async function findInvitationByCode(code: string): Promise<{ roundId: string; invitationId: string } | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: acceptCodeKey(code) }));
  if (!out.Item) return undefined;
  return { roundId: String(out.Item.roundId), invitationId: String(out.Item.invitationId) };
}

/** Access pattern: offered invitations whose time to answer ended before `until` (gsi2 `INVITEEXPIRY`, `gsi2sk < until`). */
export async function listInvitationsExpiringBefore(until: Date): Promise<Array<{ roundId: string; id: string }>> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :until',
    ExpressionAttributeValues: { ':pk': expiryIndex, ':until': until.toISOString() },
  });
  return items.map((item) => ({ roundId: String(item.roundId), id: String(item.id) }));
}

/** A family waiting in a round for a freed seat, with what decides whether a seat fits it. */
export const waitlistEntry = z.object({
  roundId: id,
  position: z.int().min(1),
  familyId: id,
  childIds: z.array(id).min(1),
  guardians: z.union([z.literal(1), z.literal(2)]),
  otherChildren: z.int().min(0),
  accessibilityNeeds: z.array(z.string()),
});
export type WaitlistEntry = z.infer<typeof waitlistEntry>;

/** Puts the round's waitlist (idempotent: the same entries again overwrite themselves). */
export async function putWaitlist(entries: WaitlistEntry[]): Promise<void> {
  for (const entry of entries) {
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...waitKey(entry.roundId, entry.position, entry.familyId), type: 'round-wait', ...entry } }));
  }
}

const waitlistMarkerKey = (roundId: string): Key => ({ pk: partition(roundId), sk: 'WAITLISTED' });

/** Whether a commit has put the round's waitlist (entries may since have left it for an offer). */
export async function isWaitlistWritten(roundId: string): Promise<boolean> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: waitlistMarkerKey(roundId), ConsistentRead: true }));
  return out.Item !== undefined;
}

export async function markWaitlistWritten(roundId: string): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...waitlistMarkerKey(roundId), type: 'round-waitlist-written' } }));
}

/** Access pattern: a round's waitlist in order (Query `ROUND#<id>`, `begins_with(sk, WAIT#)`). */
export async function listWaitlist(roundId: string): Promise<WaitlistEntry[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :wait)',
    ExpressionAttributeValues: { ':pk': partition(roundId), ':wait': 'WAIT#' },
    ConsistentRead: true,
  });
  return items.map((item) => waitlistEntry.parse(item));
}

export type InvitationWriteRefusal = 'guard' | 'seats' | 'waitlist' | 'code' | 'contention';

/**
 * Writes a new invitation with its seats taken, its accept code and its email, all or nothing;
 * `guard` (an allocated family) or `fromWaitlist` (the entry it leaves) make it happen once.
 */
export async function writeNewInvitation(input: {
  invitation: Invitation;
  take: SeatTake;
  outbox?: OutboxMessage;
  guard?: boolean;
  fromWaitlist?: WaitlistEntry;
}): Promise<'written' | { refused: InvitationWriteRefusal }> {
  const { invitation: value } = input;
  const { add, write } = transaction<InvitationWriteRefusal>();
  if (input.guard) {
    add('guard', {
      Put: {
        TableName: tableName(),
        Item: { ...allocationGuardKey(value.roundId, value.familyId), type: 'allocation-guard', invitationId: value.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  if (input.fromWaitlist) {
    const entry = input.fromWaitlist;
    add('waitlist', { Delete: { TableName: tableName(), Key: waitKey(entry.roundId, entry.position, entry.familyId), ConditionExpression: 'attribute_exists(pk)' } });
  }
  add('seats', takeSeatsAction(value.offeringId, input.take));
  add('contention', { Put: { TableName: tableName(), Item: invitationToItem(value), ConditionExpression: 'attribute_not_exists(pk)' } });
  add('code', {
    Put: {
      TableName: tableName(),
      Item: { ...acceptCodeKey(value.acceptCode), type: 'accept-code', roundId: value.roundId, invitationId: value.id },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  if (input.outbox) add('contention', { Put: { TableName: tableName(), Item: outboxToItem(input.outbox), ConditionExpression: 'attribute_not_exists(pk)' } });
  const outcome = await write();
  return outcome === 'written' ? outcome : { refused: outcome.first ?? 'contention' };
}

/** The status change of an answered or lapsed invitation: from offered, leaving the expiry index. */
export function answerInvitationAction(
  value: Invitation,
  to: 'accepted' | 'declined' | 'expired',
  now: Date,
  extra: { ticketId?: string } = {},
): TransactItem {
  const values: Record<string, unknown> = { ':offered': 'offered', ':to': to, ':now': now.toISOString() };
  let update = 'SET #status = :to, answeredAt = :now REMOVE gsi2pk, gsi2sk';
  if (extra.ticketId) {
    update = 'SET #status = :to, answeredAt = :now, ticketId = :ticket REMOVE gsi2pk, gsi2sk';
    values[':ticket'] = extra.ticketId;
  }
  // Accepting and declining need time left; expiring needs the time to have run out.
  const condition = to === 'expired' ? '#status = :offered AND respondBy <= :now' : '#status = :offered AND respondBy > :now';
  return {
    Update: {
      TableName: tableName(),
      Key: invitationKey(value.roundId, value.id),
      UpdateExpression: update,
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    },
  };
}

/** Declines or expires an invitation and gives its seats back, in one transaction. */
export async function releaseInvitation(value: Invitation, to: 'declined' | 'expired', now: Date, outbox?: OutboxMessage): Promise<'written' | { refused: 'status' | 'contention' }> {
  const { add, write } = transaction<'status' | 'seats' | 'outbox'>();
  add('status', answerInvitationAction(value, to, now));
  add('seats', releaseSeatsAction(value.offeringId, { occurrenceId: value.occurrenceId, seats: value.persons }));
  if (outbox) add('outbox', { Put: { TableName: tableName(), Item: outboxToItem(outbox), ConditionExpression: 'attribute_not_exists(pk)' } });
  const outcome = await write();
  if (outcome === 'written') return outcome;
  if (outcome.failed.has('status')) return { refused: 'status' };
  if (outcome.failed.size > 0) throw new Error(`Releasing invitation ${value.id} refused by ${[...outcome.failed].join(', ')}`);
  return { refused: 'contention' };
}

/**
 * Access pattern: cancel an offered invitation because its occurrence was cancelled.
 * TransactWriteItems: Update invitation `status = offered` → cancelled (leaves the expiry index,
 * whatever its deadline: a lapsed one the expiry job has not reached yet is cancelled too) +
 * `releaseSeatsAction`, so the cancelled occurrence's `seatsTaken` keeps counting exactly the
 * seats its live enrolments, invitations and tickets hold + Put the family's email.
 */
export async function writeInvitationCancellation(value: Invitation, outbox?: OutboxMessage): Promise<'written' | { refused: 'status' | 'contention' }> {
  const { add, write } = transaction<'status' | 'seats' | 'outbox'>();
  add('status', {
    Update: {
      TableName: tableName(),
      Key: invitationKey(value.roundId, value.id),
      UpdateExpression: 'SET #status = :cancelled REMOVE gsi2pk, gsi2sk',
      ConditionExpression: '#status = :offered',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':offered': 'offered', ':cancelled': 'cancelled' },
    },
  });
  add('seats', releaseSeatsAction(value.offeringId, { occurrenceId: value.occurrenceId, seats: value.persons }));
  if (outbox) add('outbox', { Put: { TableName: tableName(), Item: outboxToItem(outbox), ConditionExpression: 'attribute_not_exists(pk)' } });
  const outcome = await write();
  if (outcome === 'written') return outcome;
  if (outcome.failed.has('status')) return { refused: 'status' };
  if (outcome.failed.size > 0) throw new Error(`Cancelling invitation ${value.id} refused by ${[...outcome.failed].join(', ')}`);
  return { refused: 'contention' };
}
