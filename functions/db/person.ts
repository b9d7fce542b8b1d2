import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { membership, person, type Membership, type Person } from '../../shared/schemas/person.ts';
import { id, timestamp } from '../../shared/schemas/common.ts';
import { db, tableName } from './client.ts';
import { batchGet, queryAll, type Key } from './items.ts';

/**
 * A person's partition holds the person, their memberships and their sessions, so checking a
 * request's session and loading its roles is one strongly consistent Query. Identities (how a
 * person signs in: an email address today, an OIDC subject later) point at the person and keep
 * each one unique.
 */
const partition = (personId: string) => `PERSON#${personId}`;
export const personKey = (personId: string): Key => ({ pk: partition(personId), sk: 'PERSON' });
export const membershipKey = (personId: string, organisationId: string): Key => ({
  pk: partition(personId),
  sk: `MEMBER#${organisationId}`,
});
const sessionKey = (personId: string, sessionId: string): Key => ({ pk: partition(personId), sk: `SESSION#${sessionId}` });
/** `email:<address>` today; `oidc:<issuer>#<subject>` when an OIDC provider is added. */
const identityKey = (identity: string): Key => ({ pk: `IDENTITY#${identity}`, sk: 'IDENTITY' });
export const emailIdentity = (email: string) => `email:${email.toLowerCase()}`;
export const identityToItem = (identity: string, personId: string, createdAt: string) => ({
  ...identityKey(identity),
  type: 'identity',
  personId,
  createdAt,
});

export const storedSession = z.object({
  sessionId: id,
  personId: id,
  createdAt: timestamp,
  lastSeenAt: timestamp,
});
export type StoredSession = z.infer<typeof storedSession>;

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** gsi2 serves "platform admins" (whom to tell that a proposal waits). */
const admins = { gsi2pk: 'ADMINS' };

export function personToItem(value: Person) {
  return { ...personKey(value.id), ...(value.platformAdmin ? { ...admins, gsi2sk: value.id } : {}), type: 'person', ...value };
}

/** gsi1 serves "members of an organisation". */
export function membershipToItem(value: Membership) {
  return {
    ...membershipKey(value.personId, value.organisationId),
    gsi1pk: `ORG#${value.organisationId}`,
    gsi1sk: `MEMBER#${value.personId}`,
    type: 'membership',
    ...value,
  };
}

export type PersonRecord = { person: Person; memberships: Membership[]; sessions: StoredSession[] };

/** Access pattern: a person with their memberships and sessions (one consistent Query). */
export async function getPersonRecord(personId: string): Promise<PersonRecord | undefined> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': partition(personId) },
    ConsistentRead: true,
  });
  const personItem = items.find((item) => item.sk === 'PERSON');
  if (!personItem) return undefined;
  return {
    person: person.parse(personItem),
    memberships: items.filter((item) => String(item.sk).startsWith('MEMBER#')).map((item) => membership.parse(item)),
    sessions: items.filter((item) => String(item.sk).startsWith('SESSION#')).map((item) => storedSession.parse(item)),
  };
}

/** Access pattern: the person an identity belongs to. */
export async function findPersonIdByIdentity(identity: string): Promise<string | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: identityKey(identity), ConsistentRead: true }));
  return out.Item ? id.parse(out.Item.personId) : undefined;
}

/**
 * Creates a person with their first identity, unless the identity is taken (two sign-ins of a
 * new address at once): then returns the id of whoever got it first.
 */
export async function createPersonWithIdentity(value: Person, identity: string): Promise<string> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: identityToItem(identity, value.id, value.createdAt),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: tableName(), Item: personToItem(value), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    return value.id;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const existing = await findPersonIdByIdentity(identity);
    if (!existing) throw error;
    return existing;
  }
}

export async function setPlatformAdmin(personId: string, now: Date): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: personKey(personId),
      UpdateExpression: 'SET platformAdmin = :true, updatedAt = :now, gsi2pk = :admins, gsi2sk = :id',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':true': true, ':now': now.toISOString(), ':admins': admins.gsi2pk, ':id': personId },
    }),
  );
}

/** Access pattern: platform admins. */
export async function listPlatformAdmins(): Promise<Person[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :admins',
    ExpressionAttributeValues: { ':admins': admins.gsi2pk },
  });
  return items.map((item) => person.parse(item));
}

/** Access pattern: persons by ids (an organisation's members). */
export async function getPersons(ids: string[]): Promise<Map<string, Person>> {
  const items = await batchGet(ids.map(personKey));
  return new Map(items.map((item) => person.parse(item)).map((p) => [p.id, p]));
}

/** Sessions expire in DynamoDB (TTL) once idle; the session check does not rely on TTL's delay. */
export async function putSession(value: StoredSession, idleUntil: Date): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...sessionKey(value.personId, value.sessionId), type: 'session', ...value, expiresAt: epochSeconds(idleUntil) },
    }),
  );
}

/** Marks a session used now, unless it was deleted (signed out) meanwhile. */
export async function touchSession(personId: string, sessionId: string, now: Date, idleUntil: Date): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: sessionKey(personId, sessionId),
        UpdateExpression: 'SET lastSeenAt = :now, expiresAt = :ttl',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':now': now.toISOString(), ':ttl': epochSeconds(idleUntil) },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}

export async function deleteSession(personId: string, sessionId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: sessionKey(personId, sessionId) }));
}
