import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { organisation, type Organisation, type OrganisationStatus } from '../../shared/schemas/organisation.ts';
import type { Membership } from '../../shared/schemas/person.ts';
import { db, tableName } from './client.ts';
import { queryAll, type Key } from './items.ts';
import { membershipToItem } from './person.ts';
import { replaceIfVersion, type VersionedWrite } from './versioned.ts';

export const organisationKey = (id: string): Key => ({ pk: `ORG#${id}`, sk: 'ORG' });
const byStatus = (status: OrganisationStatus) => `ORGS#${status}`;

/** gsi2 serves "organisations by status, oldest first" (admins' queue, the list to ask to join). */
export function organisationToItem(value: Organisation) {
  return { ...organisationKey(value.id), gsi2pk: byStatus(value.status), gsi2sk: `${value.createdAt}#${value.id}`, type: 'organisation', ...value };
}

export function organisationFromItem(item: Record<string, unknown>): Organisation {
  return organisation.parse(item);
}

/** Access pattern: organisation by id (strongly consistent when about to edit it). */
export async function getOrganisation(id: string, options: { consistent?: boolean } = {}): Promise<Organisation | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: organisationKey(id), ConsistentRead: options.consistent }));
  return out.Item ? organisationFromItem(out.Item) : undefined;
}

/** Access pattern: organisations with a status, oldest first. */
export async function listOrganisationsByStatus(status: OrganisationStatus): Promise<Organisation[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': byStatus(status) },
  });
  return items.map(organisationFromItem);
}

/** A proposed organisation and its proposer's membership, written together or not at all. */
export async function createOrganisationWithMember(value: Organisation, proposer: Membership): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName(), Item: organisationToItem(value), ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: tableName(), Item: membershipToItem(proposer), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    }),
  );
}

/** Saves a member's edit (carrying its next version) if the organisation is still at `expectedVersion`. */
export async function replaceOrganisation(value: Organisation, expectedVersion: number): Promise<VersionedWrite> {
  return replaceIfVersion(organisationToItem(value), expectedVersion);
}

/**
 * Accepts or rejects a pending organisation, once: the condition on `pending` makes a second
 * decision (two admins at once) fail. Bumps the version, so an edit read before the decision
 * cannot overwrite it.
 */
export async function decideOrganisation(
  id: string,
  status: Exclude<OrganisationStatus, 'pending'>,
  decision: NonNullable<Organisation['decision']>,
): Promise<Organisation | 'missing' | 'decided'> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: organisationKey(id),
        UpdateExpression: 'SET #status = :status, gsi2pk = :gsi2pk, decision = :decision, version = version + :one, updatedAt = :at',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':gsi2pk': byStatus(status),
          ':decision': decision,
          ':one': 1,
          ':at': decision.at,
          ':pending': 'pending',
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return organisationFromItem(out.Attributes ?? {});
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return error.Item ? 'decided' : 'missing';
  }
}
