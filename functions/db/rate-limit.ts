import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';

/**
 * Fixed-window counters: one item per subject and window, incremented under a condition, so
 * concurrent requests cannot pass the limit together; TTL removes old windows.
 * Returns the seconds until the window ends when the limit is reached, else undefined.
 */
export async function takeFromRateLimit(
  subject: string,
  limit: { count: number; windowSeconds: number },
  now: Date,
): Promise<number | undefined> {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  const windowEnd = windowStart + windowMs;
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `RATE#${subject}`, sk: new Date(windowStart).toISOString() },
        UpdateExpression: 'ADD hits :one SET expiresAt = :ttl, #type = :type',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':limit': limit.count, ':ttl': Math.ceil(windowEnd / 1000) + 60, ':type': 'rate-limit' },
      }),
    );
    return undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return (windowEnd - now.getTime()) / 1000;
    throw error;
  }
}
