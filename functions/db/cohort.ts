import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cohort, type Cohort } from '../../shared/schemas/godchild.ts';
import { db, tableName } from './client.ts';
import { queryAll, type Key } from './items.ts';
import { replaceIfVersion, type VersionedWrite } from './versioned.ts';
import type { TransactItem } from './transact.ts';

/**
 * A cohort is its own item; gsi1 `COHORTS` / `<birthYear>` lists them in birth-year order. One
 * cohort per birth year is held by a guard item `COHORTYEAR#<year>` written in the same
 * transaction as the cohort, so two admins creating the same year at once get one cohort.
 */
export const cohortKey = (id: string): Key => ({ pk: `COHORT#${id}`, sk: 'COHORT' });
const birthYearKey = (year: number): Key => ({ pk: `COHORTYEAR#${year}`, sk: 'COHORTYEAR' });
const listIndexKey = 'COHORTS';

export function cohortToItem(value: Cohort) {
  return { ...cohortKey(value.id), gsi1pk: listIndexKey, gsi1sk: String(value.birthYear), type: 'cohort', ...value };
}
const cohortFromItem = (item: Record<string, unknown>): Cohort => cohort.parse(item);

/** Access pattern: a cohort by id. */
export async function getCohort(id: string, options: { consistent?: boolean } = {}): Promise<Cohort | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: cohortKey(id), ConsistentRead: options.consistent }));
  return out.Item ? cohortFromItem(out.Item) : undefined;
}

/** Access pattern: every cohort, by birth year (gsi1 `COHORTS`). */
export async function listCohorts(): Promise<Cohort[]> {
  const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': listIndexKey } });
  return items.map(cohortFromItem).sort((a, b) => a.birthYear - b.birthYear);
}

/** Access pattern: the cohort of a birth year, if there is one (gsi1 `COHORTS` / `<birthYear>`). */
export async function getCohortOfBirthYear(year: number): Promise<Cohort | undefined> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :year',
    ExpressionAttributeValues: { ':pk': listIndexKey, ':year': String(year) },
  });
  return items[0] ? cohortFromItem(items[0]) : undefined;
}

/** Writes a new cohort with its birth-year guard; `yearTaken` when that year has a cohort already. */
export async function putNewCohort(value: Cohort): Promise<'created' | 'yearTaken'> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...birthYearKey(value.birthYear), type: 'cohort-year', cohortId: value.id },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: tableName(), Item: cohortToItem(value), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    return 'created';
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'yearTaken';
    throw error;
  }
}

/** Saves an admin's edit (carrying its next version) while the cohort is still at `expectedVersion`. */
export async function replaceCohort(value: Cohort, expectedVersion: number): Promise<VersionedWrite> {
  return replaceIfVersion(cohortToItem(value), expectedVersion);
}

/** For a transaction that puts a child in a cohort: holds only while the cohort takes children. */
export function cohortActiveCheck(cohortId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: cohortKey(cohortId),
      ConditionExpression: '#active = :true',
      ExpressionAttributeNames: { '#active': 'active' },
      ExpressionAttributeValues: { ':true': true },
    },
  };
}
