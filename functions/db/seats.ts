import { tableName } from './client.ts';
import { occurrenceKey } from './offering.ts';
import type { TransactItem } from './transact.ts';

/** Seats to take on an occurrence, valid only while its capacity is still the one read. */
export type SeatTake = { occurrenceId: string; seats: number; capacityTotal: number };
export type SeatRelease = { occurrenceId: string; seats: number };

/**
 * The seat counter's move for a transaction: never above capacity, never on a cancelled
 * occurrence, and only while the capacity is the one the decision was made on. Enrolments of
 * groups and of culture-godchild families move the same counter this way.
 */
export function takeSeatsAction(offeringId: string, take: SeatTake): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: occurrenceKey(offeringId, take.occurrenceId),
      UpdateExpression: 'SET seatsTaken = seatsTaken + :seats',
      // CAPACITY is a reserved word.
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(cancelled) AND seatsTaken <= :limit AND #capacity.#total = :total',
      ExpressionAttributeNames: { '#capacity': 'capacity', '#total': 'total' },
      ExpressionAttributeValues: { ':seats': take.seats, ':limit': take.capacityTotal - take.seats, ':total': take.capacityTotal },
    },
  };
}

/** Seats given back: never below zero. */
export function releaseSeatsAction(offeringId: string, release: SeatRelease): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: occurrenceKey(offeringId, release.occurrenceId),
      UpdateExpression: 'SET seatsTaken = seatsTaken - :seats',
      ConditionExpression: 'attribute_exists(pk) AND seatsTaken >= :seats',
      ExpressionAttributeValues: { ':seats': release.seats },
    },
  };
}

/** A condition for a transaction that must not touch an occurrence that was cancelled or has begun (accepting an invitation to it). */
export function occurrenceUpcomingCheck(offeringId: string, occurrenceId: string, now: Date): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: occurrenceKey(offeringId, occurrenceId),
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(cancelled) AND #start > :now',
      ExpressionAttributeNames: { '#start': 'start' },
      ExpressionAttributeValues: { ':now': now.toISOString() },
    },
  };
}
