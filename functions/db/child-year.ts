import { childYear, type ChildYear } from '../../shared/schemas/godchild.ts';
import { tableName } from './client.ts';
import { batchGet, type Key } from './items.ts';
import type { TransactItem } from './transact.ts';

/**
 * A child's use of the yearly limit: one item per child and calendar year (Helsinki), moved
 * only inside the transaction that takes the seat, so no race gives a child more experiences
 * than the limit or two events of one group.
 */
export const childYearKey = (childId: string, year: number): Key => ({ pk: `CHILD#${childId}`, sk: `YEAR#${year}` });

/**
 * Uses one of the child's experiences of `year`: refused (ConditionalCheckFailed) when the
 * limit is used up or the child already has an event of `eventGroup` this year.
 */
export function useYearlyAllowanceAction(input: { childId: string; year: number; limit: number; eventGroup?: string }): TransactItem {
  const values: Record<string, unknown> = { ':one': 1, ':zero': 0, ':limit': input.limit, ':childId': input.childId, ':year': input.year };
  let condition = 'attribute_not_exists(used) OR used < :limit';
  let update = 'SET used = if_not_exists(used, :zero) + :one, childId = :childId, #year = :year, #type = :type';
  values[':type'] = 'child-year';
  if (input.eventGroup) {
    condition = `(${condition}) AND NOT contains(eventGroups, :group)`;
    update += ' ADD eventGroups :groups';
    values[':group'] = input.eventGroup;
    values[':groups'] = new Set([input.eventGroup]);
  }
  return {
    Update: {
      TableName: tableName(),
      Key: childYearKey(input.childId, input.year),
      UpdateExpression: update,
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#year': 'year', '#type': 'type' },
      ExpressionAttributeValues: values,
    },
  };
}

/** Gives an experience back (a cancelled ticket, a declined invitation that had been counted). */
export function releaseYearlyAllowanceAction(input: { childId: string; year: number; eventGroup?: string }): TransactItem {
  const values: Record<string, unknown> = { ':one': 1 };
  let update = 'SET used = used - :one';
  if (input.eventGroup) {
    update += ' DELETE eventGroups :groups';
    values[':groups'] = new Set([input.eventGroup]);
  }
  return {
    Update: {
      TableName: tableName(),
      Key: childYearKey(input.childId, input.year),
      UpdateExpression: update,
      ConditionExpression: 'used >= :one',
      ExpressionAttributeValues: values,
    },
  };
}

function childYearFromItem(item: Record<string, unknown>): ChildYear {
  const groups = item.eventGroups instanceof Set ? [...(item.eventGroups as Set<string>)] : [];
  return childYear.parse({ childId: item.childId, year: item.year, used: item.used, eventGroups: groups });
}

/** Access pattern: the year's use of many children at once (BatchGetItem); a child with none used has no item. */
export async function getChildYears(childIds: string[], year: number): Promise<Map<string, ChildYear>> {
  const items = await batchGet(childIds.map((id) => childYearKey(id, year)));
  const years = new Map<string, ChildYear>();
  for (const item of items) {
    const value = childYearFromItem(item);
    years.set(value.childId, value);
  }
  for (const id of childIds) if (!years.has(id)) years.set(id, { childId: id, year, used: 0, eventGroups: [] });
  return years;
}
