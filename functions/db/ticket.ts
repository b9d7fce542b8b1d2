import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ticket, type Ticket } from '../../shared/schemas/godchild.ts';
import { db, tableName } from './client.ts';
import { batchGet, queryAll, type Key } from './items.ts';
import { outboxToItem, type OutboxMessage } from './outbox.ts';
import { transaction, type TransactItem } from './transact.ts';

/**
 * A ticket is its own item (`TICKET#<id>`), so a door check is one GetItem and marking it used
 * one conditional update. gsi1: a family's tickets, newest last. gsi2: tickets by the Helsinki
 * day of their occurrence (`TICKETDAY#<date>`), for reminders and feedback requests.
 */
export const ticketKey = (id: string): Key => ({ pk: `TICKET#${id}`, sk: 'TICKET' });
const familyIndexKey = (familyId: string) => `FAMILY#${familyId}#TICKETS`;
const dayIndexKey = (date: string) => `TICKETDAY#${date}`;

/** `day` is the Helsinki date of the occurrence's start, `start` its start: the day index's keys. */
export function ticketToItem(value: Ticket, occurrence: { day: string; start: string }) {
  return {
    ...ticketKey(value.id),
    gsi1pk: familyIndexKey(value.familyId),
    gsi1sk: `${value.createdAt}#${value.id}`,
    gsi2pk: dayIndexKey(occurrence.day),
    gsi2sk: `${occurrence.start}#${value.id}`,
    type: 'ticket',
    ...value,
  };
}
const ticketFromItem = (item: Record<string, unknown>): Ticket => ticket.parse(item);

/** The Put of a new ticket inside the transaction that takes its seats. */
export function putTicketAction(value: Ticket, occurrence: { day: string; start: string }): TransactItem {
  return { Put: { TableName: tableName(), Item: ticketToItem(value, occurrence), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/**
 * A cohort's tickets have no index of their own (gsi1 and gsi2 serve the family and the day), so
 * each ticket has a small reference item `COHORT#<cohortId>#TICKETS` / `<ticketId>`, written in
 * the transaction that writes the ticket: a cohort message's audience is then one Query and a
 * BatchGet of the tickets, not a Query per family of the cohort. The reference never changes;
 * the ticket's status and use are read from the ticket.
 */
const cohortTicketsKey = (cohortId: string) => `COHORT#${cohortId}#TICKETS`;
export function ticketRefAction(value: Pick<Ticket, 'id' | 'cohortId' | 'familyId'>): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { pk: cohortTicketsKey(value.cohortId), sk: value.id, type: 'ticket-ref', ticketId: value.id, familyId: value.familyId },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Access pattern: the ids of a cohort's tickets (Query `COHORT#<id>#TICKETS`). */
export async function listTicketIdsOfCohort(cohortId: string): Promise<string[]> {
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': cohortTicketsKey(cohortId) } });
  return items.map((item) => String(item.ticketId));
}

/** Access pattern: tickets by ids (BatchGetItem). */
export async function getTickets(ids: string[]): Promise<Ticket[]> {
  return (await batchGet(ids.map(ticketKey))).map(ticketFromItem);
}

export async function getTicket(id: string): Promise<Ticket | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: ticketKey(id) }));
  return out.Item ? ticketFromItem(out.Item) : undefined;
}

/** Access pattern: a family's tickets, oldest first (gsi1 `FAMILY#<id>#TICKETS`). */
export async function listTicketsOfFamily(familyId: string): Promise<Ticket[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': familyIndexKey(familyId) },
  });
  return items.map(ticketFromItem);
}

/** Access pattern: tickets for occurrences starting on a Helsinki day (gsi2 `TICKETDAY#<date>`). */
export async function listTicketsOnDay(date: string): Promise<Ticket[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': dayIndexKey(date) },
  });
  return items.map(ticketFromItem);
}

/**
 * Marks attendance exactly once: the first caller sets `usedAt`, every later one (another
 * device scanning at the same moment) gets the ticket as it now is, already used.
 */
export async function markTicketUsed(id: string, by: string, now: Date): Promise<{ marked: true; ticket: Ticket } | { marked: false; ticket?: Ticket }> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: ticketKey(id),
        UpdateExpression: 'SET usedAt = :now, usedBy = :by',
        ConditionExpression: 'attribute_exists(pk) AND #status = :valid AND attribute_not_exists(usedAt)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':now': now.toISOString(), ':by': by, ':valid': 'valid' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { marked: true, ticket: ticketFromItem(out.Attributes!) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // Read again rather than use the exception's item: the document client leaves that one marshalled.
    const out = await db().send(new GetCommand({ TableName: tableName(), Key: ticketKey(id), ConsistentRead: true }));
    return { marked: false, ticket: out.Item ? ticketFromItem(out.Item) : undefined };
  }
}

/**
 * Access pattern: a ticket follows its occurrence to a new start (the day index reminders and
 * feedback requests go by), in one transaction with the email telling its family. False when
 * the ticket is gone.
 */
export async function moveTicketDay(ticketId: string, occurrence: { day: string; start: string }, outbox: OutboxMessage[]): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    const outcome = await moveTicketDayOnce(ticketId, occurrence, outbox);
    if (outcome !== 'contention') return outcome;
  }
  throw new Error(`Moving ticket ${ticketId} to ${occurrence.day} lost the race 5 times`);
}

async function moveTicketDayOnce(ticketId: string, occurrence: { day: string; start: string }, outbox: OutboxMessage[]): Promise<boolean | 'contention'> {
  const { add, write } = transaction<'ticket' | 'outbox'>();
  add('ticket', {
    Update: {
      TableName: tableName(),
      Key: ticketKey(ticketId),
      UpdateExpression: 'SET gsi2pk = :pk, gsi2sk = :sk',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':pk': dayIndexKey(occurrence.day), ':sk': `${occurrence.start}#${ticketId}` },
    },
  });
  for (const message of outbox) add('outbox', { Put: { TableName: tableName(), Item: outboxToItem(message), ConditionExpression: 'attribute_not_exists(pk)' } });
  const outcome = await write();
  if (outcome === 'written') return true;
  if (outcome.failed.has('ticket')) return false;
  if (outcome.conflict) return 'contention';
  throw new Error(`Moving ticket ${ticketId} to ${occurrence.day} was refused`);
}
