import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { membership, type Membership } from '../../shared/schemas/person.ts';
import { db, tableName } from './client.ts';
import { queryAll } from './items.ts';
import { membershipKey, membershipToItem } from './person.ts';

/**
 * Memberships live in the person's partition (their roles load with their session); gsi1
 * `ORG#<orgId>` / `MEMBER#<personId>` lists an organisation's members. Keys: db/person.ts.
 */

export const membershipFromItem = (item: Record<string, unknown>): Membership => membership.parse(item);

/** Access pattern: members of an organisation, and people asking to join it. */
export async function listMembershipsOfOrganisation(organisationId: string): Promise<Membership[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :member)',
    ExpressionAttributeValues: { ':pk': `ORG#${organisationId}`, ':member': 'MEMBER#' },
  });
  return items.map(membershipFromItem);
}

/** Access pattern: one person's membership of one organisation (strongly consistent). */
export async function getMembership(personId: string, organisationId: string): Promise<Membership | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: membershipKey(personId, organisationId), ConsistentRead: true }));
  return out.Item ? membershipFromItem(out.Item) : undefined;
}

/**
 * Adds a membership unless the person already has one with the organisation. With
 * `replacingRequest`, a pending request to join is replaced too (an invitation lets in someone
 * who asked). Returns false when refused.
 */
export async function addMembership(value: Membership, options: { replacingRequest?: boolean } = {}): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: membershipToItem(value),
        ConditionExpression: options.replacingRequest ? 'attribute_not_exists(pk) OR #status = :requested' : 'attribute_not_exists(pk)',
        ...(options.replacingRequest ? { ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':requested': 'requested' } } : {}),
      }),
    );
    return true;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return false;
  }
}

/** Lets in a person who asked to join, if they still are asking. */
export async function activateMembership(personId: string, organisationId: string, addedBy: string): Promise<Membership | 'missing' | 'not-requested'> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: membershipKey(personId, organisationId),
        UpdateExpression: 'SET #status = :active, addedBy = :by',
        ConditionExpression: '#status = :requested',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active', ':requested': 'requested', ':by': addedBy },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return membershipFromItem(out.Attributes ?? {});
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return error.Item ? 'not-requested' : 'missing';
  }
}

/**
 * Removes a membership as it was read (same status and role). With `keeping`, only while that
 * other member is still an active member: two members removing each other at once cannot leave
 * the organisation without one, as the transactions conflict on both items. Returns false when
 * either has changed meanwhile.
 */
export async function removeMembership(value: Membership, keeping?: Membership): Promise<boolean> {
  const unchanged = {
    ConditionExpression: '#status = :status AND #role = :role',
    ExpressionAttributeNames: { '#status': 'status', '#role': 'role' },
  };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: tableName(),
              Key: membershipKey(value.personId, value.organisationId),
              ...unchanged,
              ExpressionAttributeValues: { ':status': value.status, ':role': value.role },
            },
          },
          ...(keeping
            ? [
                {
                  ConditionCheck: {
                    TableName: tableName(),
                    Key: membershipKey(keeping.personId, keeping.organisationId),
                    ...unchanged,
                    ExpressionAttributeValues: { ':status': 'active', ':role': 'member' },
                  },
                },
              ]
            : []),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException) return false;
    throw error;
  }
}
