import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { email, id, timestamp } from '../../shared/schemas/common.ts';
import { child, family, type Child, type Family, type FamilySettings } from '../../shared/schemas/godchild.ts';
import { childYearKey } from './child-year.ts';
import { db, tableName } from './client.ts';
import { cohortActiveCheck } from './cohort.ts';
import { queryAll, type Key } from './items.ts';
import { outboxToItem, type OutboxMessage } from './outbox.ts';
import type { TransactItem } from './transact.ts';

/**
 * A family's partition holds the family and its children, so a family page is one Query. Each
 * guardian has a link item in their own partition (`PERSON#<id>` / `FAMILY`): a person is in
 * at most one family because that key is unique. Children are on gsi1 by cohort, for rounds.
 * A second guardian's invitation is stored under the SHA-256 of its emailed token, with a TTL.
 */
const partition = (familyId: string) => `FAMILY#${familyId}`;
export const familyKey = (familyId: string): Key => ({ pk: partition(familyId), sk: 'FAMILY' });
export const guardianLinkKey = (personId: string): Key => ({ pk: `PERSON#${personId}`, sk: 'FAMILY' });
export const childKey = (familyId: string, childId: string): Key => ({ pk: partition(familyId), sk: `CHILD#${childId}` });
const guardianInvitationKey = (tokenHash: string): Key => ({ pk: `GUARDIANINVITE#${tokenHash}`, sk: 'GUARDIANINVITE' });
const cohortIndexKey = (cohortId: string) => `COHORT#${cohortId}#CHILDREN`;

export function familyToItem(value: Family) {
  return { ...familyKey(value.id), type: 'family', ...value };
}
export function childToItem(value: Child) {
  return { ...childKey(value.familyId, value.id), gsi1pk: cohortIndexKey(value.cohortId), gsi1sk: `${value.familyId}#${value.id}`, type: 'child', ...value };
}
const familyFromItem = (item: Record<string, unknown>): Family => family.parse(item);
const childFromItem = (item: Record<string, unknown>): Child => child.parse(item);
const guardianLinkItem = (personId: string, familyId: string, createdAt: string) => ({
  ...guardianLinkKey(personId),
  type: 'guardian',
  personId,
  familyId,
  createdAt,
});

/** A second guardian's invitation, as stored (the token itself never is). */
export const guardianInvitation = z.object({ familyId: id, email, invitedBy: id, validUntil: timestamp, createdAt: timestamp });
export type GuardianInvitation = z.infer<typeof guardianInvitation>;

/** Access pattern: a family by id (strongly consistent when about to change it). */
export async function getFamily(familyId: string, options: { consistent?: boolean } = {}): Promise<Family | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: familyKey(familyId), ConsistentRead: options.consistent }));
  return out.Item ? familyFromItem(out.Item) : undefined;
}

/** Access pattern: the id of the family a person is a guardian in (GetItem of their link). */
export async function getFamilyIdOfPerson(personId: string): Promise<string | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: guardianLinkKey(personId), ConsistentRead: true }));
  return out.Item ? id.parse(out.Item.familyId) : undefined;
}

/** Access pattern: the family a person is a guardian in, if any. */
export async function getFamilyOfPerson(personId: string): Promise<Family | undefined> {
  const familyId = await getFamilyIdOfPerson(personId);
  return familyId ? getFamily(familyId, { consistent: true }) : undefined;
}

/** Access pattern: a family's children, oldest registration first (Query `FAMILY#<id>`, `begins_with(sk, CHILD#)`). */
export async function listChildrenOfFamily(familyId: string): Promise<Child[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :child)',
    ExpressionAttributeValues: { ':pk': partition(familyId), ':child': 'CHILD#' },
    ConsistentRead: true,
  });
  return items.map(childFromItem);
}

/** Access pattern: the children of a cohort, grouped by family (gsi1 `COHORT#<id>#CHILDREN`, eventually consistent). */
export async function listChildrenOfCohort(cohortId: string): Promise<Child[]> {
  const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': cohortIndexKey(cohortId) } });
  return items.map(childFromItem);
}

/** Access pattern: one child of a family. */
export async function getChild(familyId: string, childId: string): Promise<Child | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: childKey(familyId, childId), ConsistentRead: true }));
  return out.Item ? childFromItem(out.Item) : undefined;
}

const failedAt = (error: unknown, index: number) =>
  error instanceof TransactionCanceledException && error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

/** A new family with its first guardian's link; `alreadyInFamily` when the person is in one (two first requests at once). */
export async function putNewFamily(value: Family): Promise<'created' | 'alreadyInFamily'> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName(), Item: guardianLinkItem(value.guardianIds[0]!, value.id, value.createdAt), ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: tableName(), Item: familyToItem(value), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    return 'created';
  } catch (error) {
    if (failedAt(error, 0)) return 'alreadyInFamily';
    throw error;
  }
}

/** A registered child, written only while its family exists and its cohort takes children. */
export async function putNewChild(value: Child): Promise<'created' | 'familyGone' | 'cohortClosed'> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          { ConditionCheck: { TableName: tableName(), Key: familyKey(value.familyId), ConditionExpression: 'attribute_exists(pk)' } },
          cohortActiveCheck(value.cohortId),
          { Put: { TableName: tableName(), Item: childToItem(value), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    return 'created';
  } catch (error) {
    if (failedAt(error, 0)) return 'familyGone';
    if (failedAt(error, 1)) return 'cohortClosed';
    throw error;
  }
}

/**
 * Saves a guardian's edit of a child from the version read. Only the fields a guardian edits
 * are set, so a past experience counted meanwhile (`pastExperienceAction`) is never lost.
 */
export async function updateChild(input: {
  familyId: string;
  childId: string;
  fields: Pick<Child, 'postalCode' | 'homeLanguages' | 'firstName'>;
  expectedVersion: number;
  now: Date;
}): Promise<{ saved: Child } | { refused: 'stale' | 'missing' }> {
  const { fields } = input;
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: childKey(input.familyId, input.childId),
        UpdateExpression: `SET postalCode = :postalCode, homeLanguages = :languages, version = :next, updatedAt = :now${fields.firstName ? ', firstName = :firstName' : ' REMOVE firstName'}`,
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: {
          ':postalCode': fields.postalCode,
          ':languages': fields.homeLanguages,
          ':next': input.expectedVersion + 1,
          ':expected': input.expectedVersion,
          ':now': input.now.toISOString(),
          ...(fields.firstName ? { ':firstName': fields.firstName } : {}),
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { saved: childFromItem(out.Attributes ?? {}) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { refused: error.Item ? 'stale' : 'missing' };
  }
}

/**
 * Removes a child while it has used none of this year's limit: the check on its year item is in
 * the same transaction, so a ticket being written for it at the same moment (which uses the
 * limit) and the removal cannot both succeed.
 */
export async function deleteChild(familyId: string, childId: string, year: number): Promise<'deleted' | 'missing' | 'hasExperiences'> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: tableName(), Key: childKey(familyId, childId), ConditionExpression: 'attribute_exists(pk)' } },
          {
            ConditionCheck: {
              TableName: tableName(),
              Key: childYearKey(childId, year),
              ConditionExpression: 'attribute_not_exists(used) OR used <= :zero',
              ExpressionAttributeValues: { ':zero': 0 },
            },
          },
        ],
      }),
    );
    return 'deleted';
  } catch (error) {
    if (failedAt(error, 0)) return 'missing';
    if (failedAt(error, 1)) return 'hasExperiences';
    throw error;
  }
}

/** Saves a family's contact language and mail choice; from the version read when one is given. */
export async function updateFamilySettings(
  familyId: string,
  settings: Pick<FamilySettings, 'locale' | 'nonEssentialMail'>,
  expectedVersion: number | undefined,
  now: Date,
): Promise<{ saved: Family } | { refused: 'stale' | 'missing' }> {
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: familyKey(familyId),
        UpdateExpression: 'SET #locale = :locale, nonEssentialMail = :mail, version = version + :one, updatedAt = :now',
        ConditionExpression: expectedVersion === undefined ? 'attribute_exists(pk)' : 'version = :expected',
        ExpressionAttributeNames: { '#locale': 'locale' },
        ExpressionAttributeValues: {
          ':locale': settings.locale,
          ':mail': settings.nonEssentialMail,
          ':one': 1,
          ':now': now.toISOString(),
          ...(expectedVersion === undefined ? {} : { ':expected': expectedVersion }),
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { saved: familyFromItem(out.Attributes ?? {}) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { refused: error.Item ? 'stale' : 'missing' };
  }
}

/** Stores a second guardian's invitation with the email that carries its link, together. */
export async function putGuardianInvitation(tokenHash: string, value: GuardianInvitation, message: OutboxMessage): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: { ...guardianInvitationKey(tokenHash), type: 'guardian-invitation', ...value, expiresAt: Math.ceil(Date.parse(value.validUntil) / 1000) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName: tableName(), Item: outboxToItem(message), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    }),
  );
}

/** Access pattern: an invitation by the hash of its token (TTL may lag: callers check `validUntil`). */
export async function getGuardianInvitation(tokenHash: string): Promise<GuardianInvitation | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: guardianInvitationKey(tokenHash), ConsistentRead: true }));
  return out.Item ? guardianInvitation.parse(out.Item) : undefined;
}

/**
 * The invited person joins the family, once: the invitation is used up, the family takes a
 * second guardian only while it has one, and the person's link is written only if they are in
 * no family, all in one transaction.
 */
export async function joinFamily(input: {
  tokenHash: string;
  familyId: string;
  personId: string;
  now: Date;
}): Promise<'joined' | 'invitationGone' | 'familyFull' | 'alreadyInFamily'> {
  const at = input.now.toISOString();
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: tableName(),
              Key: guardianInvitationKey(input.tokenHash),
              ConditionExpression: 'attribute_exists(pk) AND validUntil > :now AND familyId = :family',
              ExpressionAttributeValues: { ':now': at, ':family': input.familyId },
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: familyKey(input.familyId),
              UpdateExpression: 'SET guardianIds = list_append(guardianIds, :person), version = version + :one, updatedAt = :now',
              ConditionExpression: 'attribute_exists(pk) AND size(guardianIds) < :two',
              ExpressionAttributeValues: { ':person': [input.personId], ':one': 1, ':two': 2, ':now': at },
            },
          },
          { Put: { TableName: tableName(), Item: guardianLinkItem(input.personId, input.familyId, at), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    return 'joined';
  } catch (error) {
    if (failedAt(error, 0)) return 'invitationGone';
    if (failedAt(error, 2)) return 'alreadyInFamily';
    if (failedAt(error, 1)) return 'familyFull';
    throw error;
  }
}

/**
 * For another part of the module's transaction (an accepted invitation, a first-come ticket):
 * counts one more past experience for the child, which serves children with fewer first. It
 * leaves the version alone, so a guardian's edit in progress is not refused for it. A cancelled
 * ticket counts it back (`-1`), never below zero.
 */
export function pastExperienceAction(familyId: string, childId: string, change: 1 | -1 = 1): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: childKey(familyId, childId),
      UpdateExpression: 'ADD pastExperiences :change',
      ConditionExpression: change > 0 ? 'attribute_exists(pk)' : 'attribute_exists(pk) AND pastExperiences >= :one',
      ExpressionAttributeValues: change > 0 ? { ':change': change } : { ':change': change, ':one': 1 },
    },
  };
}
