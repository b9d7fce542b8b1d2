import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Ticket } from '../../shared/schemas/godchild.ts';
import { releaseYearlyAllowanceAction, useYearlyAllowanceAction } from './child-year.ts';
import { db, tableName } from './client.ts';
import { idempotencyItem, type IdempotencyRecord } from './enrolment.ts';
import type { Key } from './items.ts';
import { outboxToItem, type OutboxMessage } from './outbox.ts';
import { releaseSeatsAction, takeSeatsAction, type SeatTake } from './seats.ts';
import { noActiveRoundCheck } from './round.ts';
import { putTicketAction, ticketKey, ticketRefAction } from './ticket.ts';
import { transaction, type TransactItem } from './transact.ts';

/**
 * First-come enrolment of a family's children in an experience's occurrence, and the
 * cancelling of a ticket: each one TransactWriteItems, so the seat counter, every child's
 * yearly allowance, the one-ticket-per-child-and-occurrence guard and the ticket move together
 * or not at all, whatever runs at the same time.
 */

/** One child in one occurrence once: `CHILD#<childId>` / `OCC#<occurrenceId>`. */
export const firstComeGuardKey = (childId: string, occurrenceId: string): Key => ({ pk: `CHILD#${childId}`, sk: `OCC#${occurrenceId}` });

/** A child's use of the yearly limit for one ticket: the calendar year (Helsinki) of the occurrence. */
export type Allowance = { childId: string; year: number; limit: number; eventGroup?: string };

export type FirstComeWrite = {
  ticket: Ticket;
  /** The Helsinki date and the start of the occurrence: the ticket's day index. */
  occurrence: { day: string; start: string };
  take: SeatTake;
  allowances: Allowance[];
  /** Raises each child's count of past experiences (families.ts' `pastExperienceAction`). */
  pastExperiences: TransactItem[];
  outbox: OutboxMessage[];
  idempotency?: { scope: string; key: string; record: IdempotencyRecord; now: Date };
};

/** Why a first-come enrolment was not written; the use case re-reads and decides (or retries). */
export type FirstComeRefusal = 'seats' | 'allowance' | 'alreadyEnrolled' | 'roundInProgress' | 'replayed' | 'contention';

/**
 * Access pattern: write a first-come ticket. TransactWriteItems: the seats (`takeSeatsAction`),
 * each child's allowance (`useYearlyAllowanceAction`), a guard per child `attribute_not_exists`,
 * each child's past experiences, the ticket and its cohort reference, its email, and the
 * idempotency answer.
 */
export async function writeFirstComeTicket(write: FirstComeWrite): Promise<'written' | { refused: FirstComeRefusal }> {
  const table = tableName();
  const { add, write: writeAll } = transaction<'round' | 'seat' | 'allowance' | 'guard' | 'past' | 'ticket' | 'outbox' | 'idempotency'>();
  const { ticket } = write;
  // The read that found no round open is checked again here: a round opened meanwhile refuses.
  add('round', noActiveRoundCheck(ticket.cohortId));
  add('seat', takeSeatsAction(ticket.offeringId, write.take));
  for (const allowance of write.allowances) add('allowance', useYearlyAllowanceAction(allowance));
  for (const childId of ticket.childIds) {
    add('guard', {
      Put: {
        TableName: table,
        Item: { ...firstComeGuardKey(childId, ticket.occurrenceId), type: 'first-come-guard', ticketId: ticket.id, offeringId: ticket.offeringId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  for (const action of write.pastExperiences) add('past', action);
  add('ticket', putTicketAction(ticket, write.occurrence));
  add('ticket', ticketRefAction(ticket));
  for (const message of write.outbox) add('outbox', { Put: { TableName: table, Item: outboxToItem(message), ConditionExpression: 'attribute_not_exists(pk)' } });
  if (write.idempotency) {
    const { scope, key, record, now } = write.idempotency;
    add('idempotency', { Put: { TableName: table, Item: idempotencyItem(scope, key, record, now), ConditionExpression: 'attribute_not_exists(pk)' } });
  }
  const outcome = await writeAll();
  if (outcome === 'written') return outcome;
  // A replay is told first: its answer is kept already, whatever else changed since.
  if (outcome.failed.has('idempotency')) return { refused: 'replayed' };
  if (outcome.failed.has('guard')) return { refused: 'alreadyEnrolled' };
  if (outcome.failed.has('round')) return { refused: 'roundInProgress' };
  if (outcome.failed.has('allowance')) return { refused: 'allowance' };
  if (outcome.failed.has('seat')) return { refused: 'seats' };
  if (outcome.failed.size > 0) throw new Error(`First-come ticket ${ticket.id} refused by ${[...outcome.failed].join(', ')}`);
  return { refused: 'contention' };
}

/** Access pattern: whether a child has a first-come ticket for an occurrence (GetItem, consistent). */
export async function hasFirstComeGuard(childId: string, occurrenceId: string): Promise<boolean> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: firstComeGuardKey(childId, occurrenceId), ConsistentRead: true }));
  return out.Item !== undefined;
}

/**
 * Access pattern: cancel a ticket. TransactWriteItems: the ticket `status = valid AND
 * attribute_not_exists(usedAt)` becomes cancelled, its seats are released, each child's
 * allowance and past experience are given back, and a first-come ticket's guards go (the child
 * may enrol again).
 */
export async function writeTicketCancellation(input: {
  ticket: Ticket;
  allowances: Allowance[];
  /** Counts each child's past experience back (families.ts' `pastExperienceAction` with -1). */
  pastExperiences: TransactItem[];
  outbox: OutboxMessage[];
}): Promise<'written' | { refused: 'notValid' | 'contention' }> {
  const table = tableName();
  const { ticket } = input;
  const { add, write } = transaction<'ticket' | 'release' | 'allowance' | 'past' | 'guard' | 'outbox'>();
  add('ticket', {
    Update: {
      TableName: table,
      Key: ticketKey(ticket.id),
      UpdateExpression: 'SET #status = :cancelled',
      ConditionExpression: 'attribute_exists(pk) AND #status = :valid AND attribute_not_exists(usedAt)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':cancelled': 'cancelled', ':valid': 'valid' },
    },
  });
  add('release', releaseSeatsAction(ticket.offeringId, { occurrenceId: ticket.occurrenceId, seats: ticket.persons }));
  for (const allowance of input.allowances) add('allowance', releaseYearlyAllowanceAction(allowance));
  for (const action of input.pastExperiences) add('past', action);
  if (ticket.source === 'first-come') {
    for (const childId of ticket.childIds) add('guard', { Delete: { TableName: table, Key: firstComeGuardKey(childId, ticket.occurrenceId) } });
  }
  for (const message of input.outbox) add('outbox', { Put: { TableName: table, Item: outboxToItem(message), ConditionExpression: 'attribute_not_exists(pk)' } });
  const outcome = await write();
  if (outcome === 'written') return outcome;
  if (outcome.failed.has('ticket')) return { refused: 'notValid' };
  // A child's count of past experiences changed since it was read: read again.
  if (outcome.failed.has('past') && outcome.failed.size === 1) return { refused: 'contention' };
  if (outcome.failed.size > 0) throw new Error(`Cancelling ticket ${ticket.id} refused by ${[...outcome.failed].join(', ')}`);
  return { refused: 'contention' };
}

/**
 * Access pattern: a ticket's reminder or feedback request, once: TransactWriteItems of a claim
 * (`TICKETMAIL#<ticketId>` / `<kind>`, Put `attribute_not_exists`) and the outbox message;
 * false when it was sent already. A claim item, not a flag on the ticket, so the door's
 * conditional update never races it.
 */
export async function writeTicketMailOnce(ticketId: string, kind: 'reminder' | 'feedback', message: OutboxMessage, now: Date): Promise<boolean> {
  const table = tableName();
  const claim = { pk: `TICKETMAIL#${ticketId}`, sk: kind, type: 'ticket-mail', at: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + 90 * 86_400 };
  const { add, write } = transaction<'claim' | 'outbox'>();
  add('claim', { Put: { TableName: table, Item: claim, ConditionExpression: 'attribute_not_exists(pk)' } });
  add('outbox', { Put: { TableName: table, Item: outboxToItem(message), ConditionExpression: 'attribute_not_exists(pk)' } });
  const outcome = await write();
  if (outcome === 'written') return true;
  if (outcome.failed.has('claim')) return false;
  throw new Error(`The ${kind} of ticket ${ticketId} met a conflict; the next run tries again`);
}
