import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { db, tableName } from '../../functions/db/client.ts';
import { cohortToItem } from '../../functions/db/cohort.ts';
import { childToItem, familyKey, familyToItem, guardianLinkKey } from '../../functions/db/family.ts';
import type { Locale } from '../../shared/locale.ts';
import type { Child, Cohort, Family } from '../../shared/schemas/godchild.ts';
import { roundKey } from '../../functions/db/round.ts';
import type { Call } from './api.ts';
import { signInAs, type TestPerson } from './auth.ts';

/**
 * Test data for allocation rounds, written straight into the table (families and cohorts have
 * their own API, tested elsewhere): a cohort, and families with their children of it, signed in
 * as their guardian when they have an address.
 */
const put = (Item: Record<string, unknown>) => db().send(new PutCommand({ TableName: tableName(), Item }));
const stamp = () => ({ version: 1, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() });

export async function putCohort(overrides: Partial<Cohort> = {}): Promise<Cohort> {
  const value: Cohort = { id: ulid(), birthYear: 2018, postalCodes: ['00'], yearlyLimit: 2, active: true, ...stamp(), ...overrides };
  await put(cohortToItem(value));
  return value;
}

export type TestFamily = { family: Family; children: Child[]; guardian?: TestPerson };

let families = 0;
/** A family with children of the cohort; `email: null` for a family served by letter. */
export async function putFamily(
  cohortId: string,
  options: { email?: string | null; locale?: Locale; children?: Array<Partial<Child>> } = {},
): Promise<TestFamily> {
  const n = ++families;
  const address = options.email === null ? undefined : (options.email ?? `guardian.${n}.${ulid().slice(-6).toLowerCase()}@family.test`);
  const guardian = address ? await signInAs({ email: address, locale: options.locale ?? 'fi' }) : undefined;
  const personId = guardian?.personId ?? ulid();
  const family: Family = {
    id: ulid(),
    guardianIds: [personId],
    ...(address ? { email: address } : {}),
    locale: options.locale ?? 'fi',
    nonEssentialMail: false,
    ...stamp(),
  };
  await put(familyToItem(family));
  await put({ ...guardianLinkKey(personId), type: 'guardian', personId, familyId: family.id, createdAt: family.createdAt });
  const children: Child[] = [];
  for (const overrides of options.children ?? [{}]) {
    const value: Child = {
      id: ulid(),
      familyId: family.id,
      cohortId,
      birthYear: 2018,
      postalCode: '00100',
      homeLanguages: ['fi'],
      pastExperiences: 0,
      ...stamp(),
      ...overrides,
    };
    await put(childToItem(value));
    children.push(value);
  }
  return { family, children, ...(guardian ? { guardian } : {}) };
}

export { familyKey };

/** Moves a round's preferences deadline into the past, as the clock would: the commit may then go. */
export async function passDeadline(roundId: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: roundKey(roundId),
      UpdateExpression: 'SET preferencesDeadline = :past',
      ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
    }),
  );
}

/** A round body the API takes: the deadline a day ahead. */
export const roundBody = (overrides: Record<string, unknown> = {}) => ({
  name: { fi: 'Syksyn kierros', sv: 'Höstens omgång', en: 'Autumn round' },
  preferencesDeadline: new Date(Date.now() + 86_400_000).toISOString(),
  respondDays: 7,
  offerHoldHours: 48,
  ...overrides,
});

/** The admin's calls of a round, through the API server of `useApi`, answering in English. */
export function roundCalls(call: Call, admin: TestPerson) {
  const headers = { ...admin.authorization, 'accept-language': 'en' };
  return {
    open: (cohortId: string, body: Record<string, unknown> = roundBody()) => call('POST', `/api/v1/admin/cohorts/${cohortId}/rounds`, body, headers),
    get: (roundId: string) => call('GET', `/api/v1/admin/rounds/${roundId}`, undefined, headers),
    preview: (roundId: string) => call('POST', `/api/v1/admin/rounds/${roundId}/preview`, undefined, headers),
    commit: (roundId: string) => call('POST', `/api/v1/admin/rounds/${roundId}/commit`, undefined, headers),
    close: (roundId: string) => call('POST', `/api/v1/admin/rounds/${roundId}/close`, undefined, headers),
    letters: (roundId: string) => call('GET', `/api/v1/admin/rounds/${roundId}/letters`, undefined, headers),
  };
}

/** Opens a round, takes its preview after the deadline and commits it: the round's id and the commit's answer. */
export async function committedRound(call: Call, admin: TestPerson, cohortId: string, body: Record<string, unknown> = roundBody()) {
  const rounds = roundCalls(call, admin);
  const opened = await rounds.open(cohortId, body);
  if (opened.status !== 201) throw new Error(`Could not open a round: ${JSON.stringify(opened.body)}`);
  await passDeadline(opened.body.id);
  const preview = await rounds.preview(opened.body.id);
  if (preview.status !== 200) throw new Error(`Could not preview: ${JSON.stringify(preview.body)}`);
  const committed = await rounds.commit(opened.body.id);
  if (committed.status !== 200) throw new Error(`Could not commit: ${JSON.stringify(committed.body)}`);
  return { roundId: opened.body.id as string, preview: preview.body, commit: committed.body };
}
