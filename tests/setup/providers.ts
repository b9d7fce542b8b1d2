import { TZDate } from '@date-fns/tz';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { db, tableName } from '../../functions/db/client.ts';
import { imageItem } from '../../functions/db/image.ts';
import { occurrenceKey, occurrenceToItem } from '../../functions/db/offering.ts';
import { organisationToItem } from '../../functions/db/organisation.ts';
import { venueToItem } from '../../functions/db/venue.ts';
import { termToItem } from '../../functions/db/vocabulary.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Organisation } from '../../shared/schemas/organisation.ts';
import type { VocabularyName } from '../../shared/schemas/vocabulary.ts';
import { addLocalDays, localDateOf, timeZone } from '../../shared/time.ts';

/**
 * Test data for provider tests, written straight into the table: organisations, venues and
 * vocabulary terms (their own APIs are tested elsewhere), and request bodies that pass.
 */

const stamp = () => ({ version: 1, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() });
const put = (Item: Record<string, unknown>) => db().send(new PutCommand({ TableName: tableName(), Item }));

export async function putOrganisation(status: Organisation['status'] = 'accepted'): Promise<Organisation> {
  const value: Organisation = { id: ulid(), name: { fi: 'Testimuseo', en: 'Test museum' }, kind: 'museum', status, ...stamp() };
  await put(organisationToItem(value));
  return value;
}

export async function putVenue(organisationId: string): Promise<string> {
  const id = ulid();
  await put(
    venueToItem({
      id,
      organisationId,
      name: { fi: 'Päärakennus' },
      address: { street: 'Museokatu 1', postalCode: '00100', city: 'Helsinki' },
      area: 'southern',
      facilities: ['cloakroom'],
      accessibility: [],
      ...stamp(),
    }),
  );
  return id;
}

export async function putTerm(vocabulary: VocabularyName, retired = false): Promise<string> {
  const id = ulid();
  await put(termToItem({ id, vocabulary, label: { fi: 'Termi', sv: 'Term', en: 'Term' }, retired, ...stamp() }));
  return id;
}

/** An image recorded as uploaded for an organisation (its upload route is tested elsewhere); returns its URL. */
export async function putUploadedImage(organisationId: string): Promise<string> {
  const fileName = `${ulid()}.jpg`;
  await put(imageItem({ fileName, organisationId, uploadedBy: ulid(), mediaType: 'image/jpeg', bytes: 1234, createdAt: new Date().toISOString() }));
  return `/images/${fileName}`;
}

/** An occurrence written directly: for states the API refuses to create (in the past). */
export async function putOccurrence(offeringId: string, overrides: Partial<Occurrence> = {}): Promise<Occurrence> {
  const start = new Date(Date.now() - 7 * 86_400_000);
  const value: Occurrence = {
    id: ulid(),
    offeringId,
    start: start.toISOString(),
    end: new Date(start.getTime() + 3_600_000).toISOString(),
    languages: ['fi'],
    capacity: { unit: 'persons', total: 30 },
    groupSize: { min: 1, max: 30 },
    seatsTaken: 0,
    ...stamp(),
    ...overrides,
  };
  await put(occurrenceToItem(value));
  return value;
}

/** What enrolments (a later issue) do to an occurrence: take seats, without a new version. */
export async function takeSeats(offeringId: string, occurrenceId: string, seats: number): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: occurrenceKey(offeringId, occurrenceId),
      UpdateExpression: 'SET seatsTaken = :seats',
      ExpressionAttributeValues: { ':seats': seats },
    }),
  );
}

/** Every stored item of an offering's partition and of an organisation's index, to prove a refused request changed nothing. */
export async function storedState(offeringId: string | undefined, organisationId: string): Promise<unknown[]> {
  const query = async (input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) =>
    (await db().send(new QueryCommand({ TableName: tableName(), ConsistentRead: !input.IndexName, ...input }))).Items ?? [];
  const sort = (items: Record<string, unknown>[]) => items.sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`));
  return sort([
    ...(offeringId
      ? await query({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `OFFER#${offeringId}` } })
      : []),
    ...(await query({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :offer)',
      ExpressionAttributeValues: { ':pk': `ORG#${organisationId}`, ':offer': 'OFFER#' },
    })),
  ]);
}

/** A Helsinki clock time `days` from today, as a UTC ISO string. */
export function helsinkiTime(days: number, hour: number, minute = 0): string {
  const [y, m, d] = addLocalDays(localDateOf(new Date()), days).split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, hour, minute, timeZone).getTime()).toISOString();
}

/** A complete, valid offering as a provider would send it. */
export function offeringBody(venueId: string, extra: Record<string, unknown> = {}) {
  return {
    title: { fi: 'Tutkimusmatka kivikauteen', sv: 'Forskningsresa till stenåldern' },
    shortDescription: { fi: 'Opastettu kierros ja työpaja esihistoriasta.', sv: 'Guidad tur och verkstad om förhistorien.' },
    description: {
      fi: 'Tutustumme kivikauden elämään esineiden ja kokeilujen avulla.',
      sv: 'Vi bekantar oss med livet under stenåldern med hjälp av föremål och experiment.',
    },
    categories: [],
    keywords: [],
    studyLevels: ['grade-3', 'grade-4'],
    languages: ['fi', 'sv'],
    durationMinutes: 90,
    priceCents: 0,
    location: { kind: 'venue', venueId },
    contact: { name: 'Maija Museolainen', email: 'maija@museum.test', phone: '+358 40 123 4567' },
    enrolment: { mode: 'internal', closesDaysBefore: 3, approval: 'manual', visitsPerBooking: 1, mandatoryInfo: true, waitlist: true, cancellationDaysBefore: 2 },
    ...extra,
  };
}

/** A valid new occurrence `days` from today, 09:00–10:30 in Helsinki. */
export function occurrenceBody(days = 14, extra: Record<string, unknown> = {}) {
  return {
    start: helsinkiTime(days, 9),
    end: helsinkiTime(days, 10, 30),
    languages: ['fi'],
    capacity: { unit: 'persons', total: 30 },
    groupSize: { min: 5, max: 30 },
    ...extra,
  };
}
