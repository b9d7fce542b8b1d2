import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { db, tableName } from '../../functions/db/client.ts';
import { clientAddressHeaders, signClientAddress } from '../../shared/client-address.ts';
import type { Call } from './api.ts';
import { enrolmentToItem, listEnrolmentsOfOffering } from '../../functions/db/enrolment.ts';
import { getOccurrence, offeringToItem } from '../../functions/db/offering.ts';
import { enrolmentRequest, type Enrolment } from '../../shared/schemas/enrolment.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { EnrolmentRules, Offering } from '../../shared/schemas/offering.ts';
import { helsinkiTime, putOccurrence, putOrganisation, putVenue, takeSeats } from './providers.ts';

/**
 * Test data for enrolment tests, written straight into the table: a published offering of an
 * accepted organisation with its occurrences (publishing is tested elsewhere), and enrolment
 * request bodies that pass.
 */
export async function putPublishedOffering(
  rules: Partial<EnrolmentRules> = {},
  occurrences: Array<Partial<Occurrence>> = [{}],
): Promise<{ offering: Offering; occurrences: Occurrence[] }> {
  const organisation = await putOrganisation('accepted');
  const venueId = await putVenue(organisation.id);
  const at = new Date().toISOString();
  const offering: Offering = {
    id: ulid(),
    organisationId: organisation.id,
    status: 'published',
    title: { fi: 'Kivikauden retki', sv: 'Stenåldersutflykt', en: 'A Stone Age trip' },
    shortDescription: { fi: 'Opastettu kierros.', sv: 'Guidad tur.', en: 'A guided tour.' },
    description: { fi: 'Kierros ja työpaja.', sv: 'Tur och verkstad.', en: 'A tour and a workshop.' },
    categories: [],
    keywords: [],
    studyLevels: ['grade-3'],
    languages: ['fi'],
    durationMinutes: 60,
    priceCents: 0,
    location: { kind: 'venue', venueId },
    contact: { name: 'Maija Museo', email: 'maija@museum.test' },
    enrolment: {
      mode: 'internal',
      closesDaysBefore: 0,
      approval: 'automatic',
      visitsPerBooking: 1,
      mandatoryInfo: false,
      waitlist: true,
      cancellationDaysBefore: 1,
      reminderDaysBefore: 3,
      ...rules,
    },
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await db().send(new PutCommand({ TableName: tableName(), Item: offeringToItem(offering) }));
  const stored: Occurrence[] = [];
  for (const [i, overrides] of occurrences.entries()) {
    stored.push(
      await putOccurrence(offering.id, {
        start: helsinkiTime(14 + i * 7, 9),
        end: helsinkiTime(14 + i * 7, 10),
        capacity: { unit: 'persons', total: 30 },
        groupSize: { min: 1, max: 30 },
        ...overrides,
      }),
    );
  }
  return { offering, occurrences: stored };
}

let counter = 0;
/** A teacher's enrolment of one group; each call gets a group and address of its own. */
export function enrolmentBody(occurrenceIds: string[], overrides: Record<string, unknown> = {}) {
  const n = ++counter;
  return {
    occurrenceIds,
    school: 'Kallion ala-aste',
    groupName: `3${String.fromCharCode(65 + (n % 26))} ${n}`,
    studyLevels: ['grade-3'],
    children: 20,
    adults: 2,
    adultInCharge: { name: 'Liisa Opettaja', phone: '+358 40 765 4321' },
    contact: { name: 'Liisa Opettaja', email: `liisa.${n}@school.test`, phone: '+358 40 765 4321' },
    locale: 'fi',
    consent: true,
    ...overrides,
  };
}

/** The occurrence's seat counter and the seats its stored enrolments hold, to show they agree. */
export async function seatAccount(offeringId: string, occurrenceId: string) {
  const occurrence = await getOccurrence(offeringId, occurrenceId);
  const enrolments = (await listEnrolmentsOfOffering(offeringId)).filter((e) => e.occurrenceIds.includes(occurrenceId));
  const holding = enrolments.filter((e) => ['booked', 'requested', 'offered'].includes(e.status));
  const seats = holding.reduce((sum, e) => sum + (occurrence?.capacity.unit === 'groups' ? 1 : e.children + e.adults), 0);
  return { counter: occurrence?.seatsTaken ?? -1, held: seats, enrolments };
}

/** Every outbox message in the table, sent or not (a test may scan; request paths never do). */
export async function outboxMessages(): Promise<Array<{ about?: string; sentAt?: string; mail: { to: string; subject: string } }>> {
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new ScanCommand({ TableName: tableName(), FilterExpression: '#type = :outbox', ExpressionAttributeNames: { '#type': 'type' }, ExpressionAttributeValues: { ':outbox': 'outbox' }, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items as never;
}

/** A booked enrolment written straight into the table, with the seats it holds taken: for offerings the API would not enrol in (drafts). */
export async function putBookedEnrolment(offeringId: string, organisationId: string, occurrenceId: string, persons: number): Promise<string> {
  const { consent: _consent, ...group } = enrolmentRequest.parse(enrolmentBody([occurrenceId], { children: persons - 1, adults: 1 }));
  const at = new Date().toISOString();
  const id = ulid();
  const enrolment: Enrolment = { ...group, id, offeringId, organisationId, status: 'booked', consentAt: at, version: 1, createdAt: at, updatedAt: at };
  await db().send(new PutCommand({ TableName: tableName(), Item: enrolmentToItem(enrolment) }));
  await takeSeats(offeringId, occurrenceId, persons);
  return id;
}

let clients = 0;
/**
 * Headers of a client of its own, as the web app vouches for each visitor's address: each
 * enrolment from another teacher's computer, so per-client limits count them apart.
 */
export async function asNewClient(): Promise<Record<string, string>> {
  const n = ++clients;
  const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  return { [clientAddressHeaders.address]: address, [clientAddressHeaders.signature]: await signClientAddress(address, process.env.APP_SECRET as string) };
}

/** Enrols through the API server of `useApi`, each time from a new client, answering in English. */
export const enrolWith =
  (call: Call) =>
  async (offeringId: string, body: unknown, headers: Record<string, string> = {}) =>
    call('POST', `/api/v1/offerings/${offeringId}/enrolments`, body, { 'accept-language': 'en', ...(await asNewClient()), ...headers });
