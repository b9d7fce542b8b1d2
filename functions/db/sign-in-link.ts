import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { locale } from '../../shared/locale.ts';
import { email, timestamp } from '../../shared/schemas/common.ts';
import { returnPath } from '../../shared/schemas/person.ts';
import { db, tableName } from './client.ts';

/**
 * A pending sign-in link, stored under the SHA-256 of its token (never the token itself), so
 * a leaked table cannot sign anyone in. Used by deleting it: single use holds even when two
 * requests present the same token at once.
 */
export const signInLink = z.object({
  email,
  locale,
  returnTo: returnPath.optional(),
  validUntil: timestamp,
});
export type SignInLink = z.infer<typeof signInLink>;

const key = (tokenHash: string) => ({ pk: `SIGNIN#${tokenHash}`, sk: 'SIGNIN' });

export async function putSignInLink(tokenHash: string, value: SignInLink): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...key(tokenHash), type: 'sign-in-link', ...value, expiresAt: Math.ceil(Date.parse(value.validUntil) / 1000) },
    }),
  );
}

/** Removes the link and returns it if it existed and was still valid at `now`; otherwise undefined. */
export async function consumeSignInLink(tokenHash: string, now: Date): Promise<SignInLink | undefined> {
  try {
    const out = await db().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: key(tokenHash),
        ConditionExpression: 'attribute_exists(pk) AND validUntil > :now',
        ExpressionAttributeValues: { ':now': now.toISOString() },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return out.Attributes ? signInLink.parse(out.Attributes) : undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}
