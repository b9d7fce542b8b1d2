import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';

/** How a write guarded by optimistic locking went; the use case turns the last two into errors. */
export type VersionedWrite = 'saved' | 'stale' | 'missing';

/**
 * Optimistic locking: replaces an item only while it still has the version the person read.
 * The item passed carries the next version. A failed condition tells apart an item someone
 * else saved meanwhile (`stale`) from one that is gone (`missing`), from the old item DynamoDB
 * returns with the failure.
 */
export async function replaceIfVersion(item: Record<string, unknown> & { pk: string; sk: string }, expectedVersion: number): Promise<VersionedWrite> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: item,
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'saved';
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return error.Item ? 'stale' : 'missing';
  }
}

/** Puts a new item, refusing to overwrite one with the same key (a retried create, a reused id). */
export async function putNew(item: Record<string, unknown> & { pk: string; sk: string }): Promise<boolean> {
  try {
    await db().send(new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return false;
  }
}
