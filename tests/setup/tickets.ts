import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { db, tableName } from '../../functions/db/client.ts';
import { putTicketAction, ticketRefAction } from '../../functions/db/ticket.ts';
import { offeringToItem } from '../../functions/db/offering.ts';
import type { Child, Cohort, ExperienceTarget, Family, Round, Ticket } from '../../shared/schemas/godchild.ts';
import { cohortToItem } from '../../functions/db/cohort.ts';
import { putNewChild, putNewFamily } from '../../functions/db/family.ts';
import { roundToItem } from '../../functions/db/round.ts';
import { signInAs, type TestPerson } from './auth.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Offering } from '../../shared/schemas/offering.ts';
import { localDateOf } from '../../shared/time.ts';
import { putPublishedOffering } from './enrolments.ts';
import { putOccurrence } from './providers.ts';

/**
 * Test data for tickets, the door and first-come enrolment, written straight into the table:
 * an experience (a published offering targeted at a cohort) and tickets as the accept or
 * first-come transactions leave them.
 */
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
export async function putTicket(
  experience: { offering: Offering; occurrence: Occurrence },
  overrides: Partial<Ticket> = {},
): Promise<Ticket> {
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

/** A cohort of a birth year with its yearly limit (2 unless said). */
export async function putCohort(overrides: Partial<Cohort> = {}): Promise<Cohort> {
  const at = new Date().toISOString();
  const value: Cohort = { id: ulid(), birthYear: 2019, postalCodes: ['00'], yearlyLimit: 2, active: true, version: 1, createdAt: at, updatedAt: at, ...overrides };
  await db().send(new PutCommand({ TableName: tableName(), Item: cohortToItem(value) }));
  return value;
}

let guardians = 0;
/** A signed-in guardian with a family and children of a cohort (first names Aino, Eino, ...). */
export async function putFamily(
  cohort: Cohort,
  options: { children?: number; email?: string | null; guardianEmail?: string; locale?: Family['locale']; nonEssentialMail?: boolean } = {},
): Promise<{ guardian: TestPerson; family: Family; children: Child[] }> {
  const n = ++guardians;
  const guardian = await signInAs({ email: options.guardianEmail ?? `guardian.${n}@family.test`, locale: options.locale ?? 'fi' });
  const at = new Date().toISOString();
  const family: Family = {
    id: ulid(),
    guardianIds: [guardian.personId],
    ...(options.email === null ? {} : { email: options.email ?? guardian.email }),
    locale: options.locale ?? 'fi',
    nonEssentialMail: options.nonEssentialMail ?? false,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await putNewFamily(family);
  const names = ['Aino', 'Eino', 'Helmi', 'Onni'];
  const children: Child[] = [];
  for (let i = 0; i < (options.children ?? 1); i++) {
    const value: Child = {
      id: ulid(),
      familyId: family.id,
      cohortId: cohort.id,
      birthYear: cohort.birthYear,
      postalCode: '00100',
      homeLanguages: ['fi'],
      firstName: names[i % names.length]!,
      pastExperiences: 0,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    await putNewChild(value);
    children.push(value);
  }
  return { guardian, family, children };
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
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await db().send(new PutCommand({ TableName: tableName(), Item: roundToItem(value) }));
  return value;
}
