import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { enrolment, type Enrolment } from '../../shared/schemas/enrolment.ts';
import { db, tableName } from './client.ts';
import { queryAll, type Key } from './items.ts';
import { occurrenceKey } from './offering.ts';
import { outboxToItem, type OutboxMessage } from './outbox.ts';
import { releaseSeatsAction, takeSeatsAction, type SeatRelease, type SeatTake } from './seats.ts';
import { transaction } from './transact.ts';

/**
 * Enrolments live in their offering's partition (`ENROL#<id>`, sorting before the occurrences),
 * so an offering's enrolments are one Query and each seat move is a transaction within one
 * partition. A teacher's enrolments are on gsi1 by their address.
 */
const partition = (offeringId: string) => `OFFER#${offeringId}`;
export const enrolmentKey = (offeringId: string, id: string): Key => ({ pk: partition(offeringId), sk: `ENROL#${id}` });
const teacherIndexKey = (email: string) => `TEACHER#${email}`;
const offerIndex = 'OFFERS';
const newRequestsIndex = 'NEWREQUESTS';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * One group enrols once per occurrence: the guard's key is the occurrence, the contact's address
 * and the group's name (a teacher may enrol two classes, not the same class twice).
 */
export const enrolmentGuardKey = (e: Pick<Enrolment, 'offeringId' | 'contact' | 'groupName'>, occurrenceId: string): Key => ({
  pk: partition(e.offeringId),
  sk: `GUARD#${occurrenceId}#${sha256(`${e.contact.email}\n${e.groupName.trim().toLowerCase()}`)}`,
});

/**
 * gsi1: a teacher's enrolments, newest last. gsi2, sparse, one use at a time: while a seat is
 * offered, offers by expiry; while a request waits unseen by its provider, new requests by
 * organisation (for the daily summary).
 */
export function enrolmentToItem(value: Enrolment) {
  const offer = value.status === 'offered' && value.offerExpiresAt ? { gsi2pk: offerIndex, gsi2sk: `${value.offerExpiresAt}#${value.id}` } : {};
  const unseen = value.status === 'requested' && !value.seenAt ? { gsi2pk: newRequestsIndex, gsi2sk: `${value.organisationId}#${value.createdAt}#${value.id}` } : {};
  return {
    ...enrolmentKey(value.offeringId, value.id),
    gsi1pk: teacherIndexKey(value.contact.email),
    gsi1sk: `ENROL#${value.createdAt}#${value.id}`,
    ...offer,
    ...unseen,
    type: 'enrolment',
    ...value,
  };
}

/** Access pattern: requests no provider member has seen yet, by organisation (gsi2 `NEWREQUESTS`). */
export async function listUnseenRequests(): Promise<Enrolment[]> {
  const items = await queryAll({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': newRequestsIndex } });
  return items.map(enrolmentFromItem);
}

/** Access pattern: note that an organisation's summary for a day is sent; false when it was already. */
export async function claimDailySummary(organisationId: string, date: string): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { pk: `SUMMARY#${organisationId}`, sk: date, type: 'daily-summary', expiresAt: Math.floor(Date.now() / 1000) + 14 * 86_400 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
export const enrolmentFromItem = (item: Record<string, unknown>): Enrolment => enrolment.parse(item);

/** Access pattern: one enrolment (strongly consistent: a change follows it). */
export async function getEnrolment(offeringId: string, id: string): Promise<Enrolment | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: enrolmentKey(offeringId, id), ConsistentRead: true }));
  return out.Item ? enrolmentFromItem(out.Item) : undefined;
}

/** Access pattern: every enrolment of an offering, oldest first (ULIDs), strongly consistent. */
export async function listEnrolmentsOfOffering(offeringId: string): Promise<Enrolment[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :enrol)',
    ExpressionAttributeValues: { ':pk': partition(offeringId), ':enrol': 'ENROL#' },
    ConsistentRead: true,
  });
  return items.map(enrolmentFromItem);
}

/** Access pattern: the enrolments made with an address (gsi1, eventually consistent), oldest first. */
export async function listEnrolmentsOfTeacher(email: string): Promise<Enrolment[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :enrol)',
    ExpressionAttributeValues: { ':pk': teacherIndexKey(email.toLowerCase()), ':enrol': 'ENROL#' },
  });
  return items.map(enrolmentFromItem);
}

/**
 * Marks enrolments seen by their provider (the first time only). Not a versioned edit: a change
 * of the enrolment written from an older read may clear the mark again, which only shows it as
 * new once more.
 */
export async function markEnrolmentsSeen(offeringId: string, ids: string[], now: Date): Promise<void> {
  const mark = (leaveNewRequests: boolean) => (id: string) =>
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: enrolmentKey(offeringId, id),
        // A request seen leaves the new-requests index; other uses of gsi2 (offers) stay.
        UpdateExpression: `SET seenAt = if_not_exists(seenAt, :now)${leaveNewRequests ? ' REMOVE gsi2pk, gsi2sk' : ''}`,
        ConditionExpression: leaveNewRequests ? 'attribute_exists(pk) AND gsi2pk = :newRequests' : 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':now': now.toISOString(), ...(leaveNewRequests ? { ':newRequests': newRequestsIndex } : {}) },
      }),
    );
  await Promise.all(
    ids.map(async (id) => {
      try {
        await mark(true)(id);
      } catch (error) {
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
        await mark(false)(id);
      }
    }),
  );
}

/** Access pattern: seats offered to waiting groups whose hold ends before `until` (gsi2 `OFFERS`). */
export async function listOffersExpiringBefore(until: Date): Promise<Array<Pick<Enrolment, 'id' | 'offeringId'>>> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :until',
    ExpressionAttributeValues: { ':pk': offerIndex, ':until': until.toISOString() },
  });
  return items.map((item) => ({ id: String(item.id), offeringId: String(item.offeringId) }));
}

/**
 * The answer given to a submission with an Idempotency-Key, kept a day so a retry gets it
 * again instead of enrolling twice. `request` is a hash of what was sent: the same key with
 * another body is a client error, not a replay.
 */
export const idempotencyRecord = z.object({
  request: z.string(),
  status: z.int(),
  body: z.record(z.string(), z.unknown()),
});
export type IdempotencyRecord = z.infer<typeof idempotencyRecord>;
const keepAnswersSeconds = 24 * 3600;
const idempotencyKeyOf = (scope: string, key: string): Key => ({ pk: `IDEMPOTENCY#${sha256(`${scope}\n${key}`)}`, sk: 'IDEMPOTENCY' });

export function idempotencyItem(scope: string, key: string, record: IdempotencyRecord, now: Date) {
  return { ...idempotencyKeyOf(scope, key), type: 'idempotency', ...record, expiresAt: Math.floor(now.getTime() / 1000) + keepAnswersSeconds };
}

/** Access pattern: the answer kept for an idempotency key, if any. */
export async function getIdempotencyRecord(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: idempotencyKeyOf(scope, key), ConsistentRead: true }));
  return out.Item ? idempotencyRecord.parse(out.Item) : undefined;
}

/** Keeps a refusal's answer for its key (nothing else is written for a refusal); false when an answer is kept already. */
export async function putIdempotencyRecord(scope: string, key: string, record: IdempotencyRecord, now: Date): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({ TableName: tableName(), Item: idempotencyItem(scope, key, record, now), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/**
 * An occurrence's waitlist has a small item of its own (`QUEUE#<occurrenceId>`): how many
 * groups have joined (each joiner's ticket, in the order they joined) and the tickets of those
 * that have left (offered a seat, booked, cancelled). A group's place is its ticket less the
 * earlier tickets that left: one GetItem, exact, and it never races the seat counter.
 */
const queueKey = (offeringId: string, occurrenceId: string): Key => ({ pk: partition(offeringId), sk: `QUEUE#${occurrenceId}` });

/** Access pattern: the next ticket of an occurrence's waitlist (1, 2, ...). */
export async function takeWaitlistTicket(offeringId: string, occurrenceId: string): Promise<number> {
  const out = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: queueKey(offeringId, occurrenceId),
      UpdateExpression: 'ADD joined :one SET #type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'waitlist' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(out.Attributes?.joined);
}

/** Access pattern: the tickets of groups that have left an occurrence's waitlist. */
export async function getWaitlistDepartures(offeringId: string, occurrenceId: string): Promise<number[]> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: queueKey(offeringId, occurrenceId), ConsistentRead: true }));
  const left = out.Item?.left as Set<number> | undefined;
  return left ? [...left].map(Number) : [];
}


/** One change of an enrolment and everything that must move with it, all or nothing. */
export type EnrolmentChange = {
  enrolment: Enrolment;
  /** Absent for a new enrolment (which must not exist yet). */
  expectedVersion?: number;
  take?: SeatTake[];
  release?: SeatRelease[];
  /** A waiting group is written only while this occurrence still cannot take it. */
  stillFull?: SeatTake;
  /** The group leaves the waitlist it held this ticket of. */
  leaveWaitlist?: { occurrenceId: string; ticket: number };
  putGuards?: string[];
  deleteGuards?: string[];
  outbox?: OutboxMessage[];
  idempotency?: { scope: string; key: string; record: IdempotencyRecord; now: Date };
};

/** Why a change was not written; the use case reads the state again and decides anew. */
export type EnrolmentChangeRefusal = 'stale' | 'seats' | 'occurrenceGone' | 'stillFits' | 'alreadyEnrolled' | 'replayed' | 'contention';

/**
 * Writes an enrolment change in one TransactWriteItems: the seat counters move under their
 * conditions (never above capacity, never below zero, not on a cancelled occurrence), the
 * enrolment is written from the version read, its uniqueness guards, its outbox messages and
 * the idempotency answer go with it. Seats can therefore never be oversold, whatever runs at
 * the same time.
 */
export async function writeEnrolmentChange(change: EnrolmentChange): Promise<'written' | { refused: EnrolmentChangeRefusal }> {
  const table = tableName();
  const { enrolment: value } = change;
  const { add, write } = transaction<'seat' | 'release' | 'stillFull' | 'enrolment' | 'guard' | 'other' | 'idempotency'>();

  for (const take of change.take ?? []) add('seat', takeSeatsAction(value.offeringId, take));
  for (const release of change.release ?? []) add('release', releaseSeatsAction(value.offeringId, release));
  if (change.stillFull) {
    const full = change.stillFull;
    add('stillFull', {
      ConditionCheck: {
        TableName: table,
        Key: occurrenceKey(value.offeringId, full.occurrenceId),
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(cancelled) AND seatsTaken > :limit AND #capacity.#total = :total',
        ExpressionAttributeNames: { '#capacity': 'capacity', '#total': 'total' },
        ExpressionAttributeValues: { ':limit': full.capacityTotal - full.seats, ':total': full.capacityTotal },
      },
    });
  }
  if (change.leaveWaitlist) {
    const { occurrenceId, ticket } = change.leaveWaitlist;
    add('other', {
      Update: {
        TableName: table,
        Key: queueKey(value.offeringId, occurrenceId),
        UpdateExpression: 'ADD #left :ticket',
        ExpressionAttributeNames: { '#left': 'left' },
        ExpressionAttributeValues: { ':ticket': new Set([ticket]) },
      },
    });
  }
  add('enrolment', {
    Put: {
      TableName: table,
      Item: enrolmentToItem(value),
      ...(change.expectedVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': change.expectedVersion } }),
    },
  });
  for (const occurrenceId of change.putGuards ?? []) {
    add('guard', {
      Put: {
        TableName: table,
        Item: { ...enrolmentGuardKey(value, occurrenceId), type: 'enrolment-guard', enrolmentId: value.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  for (const occurrenceId of change.deleteGuards ?? []) {
    add('other', { Delete: { TableName: table, Key: enrolmentGuardKey(value, occurrenceId) } });
  }
  for (const message of change.outbox ?? []) {
    add('other', { Put: { TableName: table, Item: outboxToItem(message), ConditionExpression: 'attribute_not_exists(pk)' } });
  }
  if (change.idempotency) {
    const { scope, key, record, now } = change.idempotency;
    add('idempotency', { Put: { TableName: table, Item: idempotencyItem(scope, key, record, now), ConditionExpression: 'attribute_not_exists(pk)' } });
  }

  const outcome = await write();
  if (outcome === 'written') return outcome;
  const { failed } = outcome;
  // A replay is told first: its answer is already kept, whatever else changed since.
  if (failed.has('idempotency')) return { refused: 'replayed' };
  if (failed.has('enrolment')) return { refused: 'stale' };
  if (failed.has('guard')) return { refused: 'alreadyEnrolled' };
  if (failed.has('seat')) return { refused: 'seats' };
  if (failed.has('stillFull')) return { refused: 'stillFits' };
  if (failed.has('release')) return { refused: 'occurrenceGone' };
  // TransactionConflict: another transaction held one of the items; try again.
  if (outcome.conflict) return { refused: 'contention' };
  throw new Error(`Enrolment change of ${value.id} refused by ${[...failed].join(', ')}`);
}
