import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { db, tableName } from '../../functions/db/client.ts';
import { putTicketAction, ticketRefAction } from '../../functions/db/ticket.ts';
import { offeringToItem } from '../../functions/db/offering.ts';
import type { ExperienceTarget, Ticket } from '../../shared/schemas/godchild.ts';
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
