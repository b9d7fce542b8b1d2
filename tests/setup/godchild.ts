import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { db, tableName } from '../../functions/db/client.ts';
import { cohortToItem } from '../../functions/db/cohort.ts';
import { putNewChild, putNewFamily } from '../../functions/db/family.ts';
import { offeringToItem } from '../../functions/db/offering.ts';
import { roundKey, roundToItem } from '../../functions/db/round.ts';
import { putTicketAction, ticketRefAction } from '../../functions/db/ticket.ts';
import type { Locale } from '../../shared/locale.ts';
import type { Child, Cohort, ExperienceTarget, Family, Round, Ticket } from '../../shared/schemas/godchild.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Offering } from '../../shared/schemas/offering.ts';
import { localDateOf } from '../../shared/time.ts';
import type { Call } from './api.ts';
import { signInAs, type TestPerson } from './auth.ts';
import { putPublishedOffering } from './enrolments.ts';
import { putOccurrence } from './providers.ts';

/**
 * Test data of the culture-godchild module, written straight into the table (cohorts, families,
 * rounds and experiences have their own API, tested elsewhere): a cohort, families with their
 * children of it, experiences, rounds and tickets as the module's transactions leave them; and
 * the admin's round calls through the API server of `useApi`.
 */

const stamp = () => {
  const at = new Date().toISOString();
  return { version: 1, createdAt: at, updatedAt: at };
};

/** A cohort of a birth year (2019 unless said) with its yearly limit (2 unless said). */
export async function putCohort(overrides: Partial<Cohort> = {}): Promise<Cohort> {
  const value: Cohort = { id: ulid(), birthYear: 2019, postalCodes: ['00'], yearlyLimit: 2, active: true, ...stamp(), ...overrides };
  await db().send(new PutCommand({ TableName: tableName(), Item: cohortToItem(value) }));
  return value;
}

export type TestFamily = { family: Family; children: Child[]; guardian: TestPerson };

const firstNames = ['Aino', 'Eino', 'Helmi', 'Onni'];
let families = 0;

/**
 * A signed-in guardian with a family and children of the cohort, written by the module's own
 * writes. `children`: how many (first names Aino, Eino, ...; one unless said), or each child's
 * fields. `email: null` for a family served by letter (its guardian is still signed in, with
 * `guardianEmail` or an address of its own).
 */
export async function putFamily(
  cohort: Cohort,
  options: {
    children?: number | Array<Partial<Child>>;
    email?: string | null;
    guardianEmail?: string;
    locale?: Locale;
    nonEssentialMail?: boolean;
  } = {},
): Promise<TestFamily> {
  const n = ++families;
  const locale = options.locale ?? 'fi';
  const address = options.guardianEmail ?? (typeof options.email === 'string' ? options.email : `guardian.${n}.${ulid().slice(-6).toLowerCase()}@family.test`);
  const guardian = await signInAs({ email: address, locale });
  const family: Family = {
    id: ulid(),
    guardianIds: [guardian.personId],
    ...(options.email === null ? {} : { email: options.email ?? guardian.email }),
    locale,
    nonEssentialMail: options.nonEssentialMail ?? false,
    ...stamp(),
  };
  if ((await putNewFamily(family)) !== 'created') throw new Error(`${address} is a guardian in another family already`);
  const wanted = typeof options.children === 'number' || options.children === undefined
    ? Array.from({ length: options.children ?? 1 }, (_, i): Partial<Child> => ({ firstName: firstNames[i % firstNames.length]! }))
    : options.children;
  const children: Child[] = [];
  for (const overrides of wanted) {
    const value: Child = {
      id: ulid(),
      familyId: family.id,
      cohortId: cohort.id,
      birthYear: cohort.birthYear,
      postalCode: '00100',
      homeLanguages: ['fi'],
      pastExperiences: 0,
      ...stamp(),
      ...overrides,
    };
    if ((await putNewChild(value)) !== 'created') throw new Error(`Could not register a child in cohort ${cohort.id}`);
    children.push(value);
  }
  return { family, children, guardian };
}

/** An experience: a published offering targeted at the cohort (child and one guardian unless said), with its occurrences. */
export async function putExperience(
  target: Partial<ExperienceTarget> & { cohortId: string },
  occurrences: Array<Partial<Occurrence>> = [{}],
): Promise<{ offering: Offering; occurrences: Occurrence[] }> {
  const { offering, occurrences: stored } = await putPublishedOffering({}, occurrences);
  const experience: Offering = { ...offering, godchild: { invite: 'child-and-one', ...target } };
  await db().send(new PutCommand({ TableName: tableName(), Item: offeringToItem(experience) }));
  return { offering: experience, occurrences: stored };
}

/** One more occurrence of an experience. */
export const putExperienceOccurrence = (offeringId: string, overrides: Partial<Occurrence>) => putOccurrence(offeringId, overrides);

/** A valid ticket for an occurrence, with its cohort reference, as a committed transaction leaves it (seats are not moved). */
export async function putTicket(experience: { offering: Offering; occurrence: Occurrence }, overrides: Partial<Ticket> = {}): Promise<Ticket> {
  const value: Ticket = {
    id: ulid(),
    cohortId: experience.offering.godchild!.cohortId,
    familyId: ulid(),
    childIds: [ulid()],
    offeringId: experience.offering.id,
    occurrenceId: experience.occurrence.id,
    organisationId: experience.offering.organisationId,
    persons: 2,
    source: 'round',
    status: 'valid',
    createdAt: new Date().toISOString(),
    ...overrides,
  };
  const day = localDateOf(new Date(experience.occurrence.start));
  await db().send(new TransactWriteCommand({ TransactItems: [putTicketAction(value, { day, start: experience.occurrence.start }), ticketRefAction(value)] }));
  return value;
}

/** A round of the cohort in a given status, written directly (rounds are tested with their own API). */
export async function putRound(cohortId: string, status: Round['status']): Promise<Round> {
  const at = new Date().toISOString();
  const value: Round = {
    id: ulid(),
    cohortId,
    name: { fi: 'Kevät' },
    status,
    preferencesDeadline: at,
    respondDays: 7,
    offerHoldHours: 48,
    seed: 'test',
    ...stamp(),
  };
  await db().send(new PutCommand({ TableName: tableName(), Item: roundToItem(value) }));
  return value;
}

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
