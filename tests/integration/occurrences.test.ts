import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes.ts';
import { startApiServer } from '../../infra/local/api-server.ts';
import { offeringDetail, offeringPage, problem } from '../../shared/schemas/api.ts';
import { addedOccurrences, managedOffering, occurrenceChange } from '../../shared/schemas/offering-management.ts';
import type { Organisation } from '../../shared/schemas/organisation.ts';
import { addLocalDays, formatTime, localDateOf } from '../../shared/time.ts';
import { signInAs, type TestPerson } from '../setup/auth.ts';
import { occurrenceBody, offeringBody, putOrganisation, putVenue, storedState, takeSeats } from '../setup/providers.ts';
import { getEnrolment } from '../../functions/db/enrolment.ts';
import { putBookedEnrolment } from '../setup/enrolments.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();

let api: { url: string; server: Server };
let museum: Organisation;
let museumVenue: string;
let otherVenue: string;
let theatreVenue: string;
let member: TestPerson;

beforeAll(async () => {
  api = await startApiServer(routes, 0);
  museum = await putOrganisation('accepted');
  const theatre = await putOrganisation('accepted');
  [museumVenue, otherVenue, theatreVenue] = await Promise.all([putVenue(museum.id), putVenue(museum.id), putVenue(theatre.id)]);
  member = await signInAs({ email: 'member@museum.test', memberships: [{ organisationId: museum.id }] });
});
afterAll(() => new Promise<void>((done) => api.server.close(() => done())));

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { 'accept-language': 'en', ...member.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const fieldsOf = (body: unknown) => (problem.parse(body).errors ?? []).map((e) => e.field);

async function createOffering(): Promise<string> {
  const created = await call('POST', `/api/v1/organisations/${museum.id}/offerings`, offeringBody(museumVenue));
  expect(created.status).toBe(201);
  return created.body.id;
}

async function addOne(offeringId: string, body: Record<string, unknown> = occurrenceBody()) {
  const added = await call('POST', `/api/v1/manage/offerings/${offeringId}/occurrences`, body);
  expect(added.status).toBe(201);
  return addedOccurrences.parse(added.body).occurrences[0]!;
}

/** The last Sunday of a month: when Europe/Helsinki changes between summer and winter time. */
function lastSunday(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0));
  return addLocalDays(last.toISOString().slice(0, 10), -last.getUTCDay());
}

/** The next daylight-saving change in `month` (3 or 10) at least three weeks away. */
function nextChange(month: 3 | 10): string {
  const soonest = addLocalDays(localDateOf(new Date()), 21);
  const year = new Date().getUTCFullYear();
  return [year, year + 1].map((y) => lastSunday(y, month)).find((day) => day >= soonest)!;
}

/** Days from today (Helsinki) to a date. */
const daysUntil = (date: string) => Math.round((Date.parse(`${date}T12:00:00Z`) - Date.parse(`${localDateOf(new Date())}T12:00:00Z`)) / 86_400_000);

describe('adding occurrences', () => {
  it('adds one occurrence, with no seats taken, that the edit view shows', async () => {
    // Arrange
    const offeringId = await createOffering();
    // Act
    const added = await addOne(offeringId, occurrenceBody(10, { venueId: otherVenue, languages: ['fi', 'en'] }));
    const read = managedOffering.parse((await call('GET', `/api/v1/manage/offerings/${offeringId}`)).body);
    // Assert
    expect(added).toMatchObject({ seatsTaken: 0, version: 1, venueId: otherVenue, languages: ['fi', 'en'] });
    expect(read.occurrences).toEqual([added]);
  });

  it.each([
    ['October', 10],
    ['March', 3],
  ] as const)('keeps the Helsinki clock time of a weekly series across the change of time in %s', async (_month, month) => {
    // Arrange: from two weeks before the change to two weeks after it
    const offeringId = await createOffering();
    const change = nextChange(month);
    const first = daysUntil(change) - 12;
    // Act
    const added = await call('POST', `/api/v1/manage/offerings/${offeringId}/occurrences`, {
      ...occurrenceBody(first),
      repeatWeeklyUntil: addLocalDays(change, 14),
    });
    // Assert
    expect(added.status).toBe(201);
    const { occurrences } = addedOccurrences.parse(added.body);
    expect(occurrences).toHaveLength(4);
    expect(occurrences.map((o) => formatTime(o.start, 'en'))).toEqual(Array(4).fill('09:00'));
    expect(occurrences.map((o) => formatTime(o.end, 'en'))).toEqual(Array(4).fill('10:30'));
    expect(occurrences.map((o) => localDateOf(new Date(o.start)))).toEqual([0, 7, 14, 21].map((d) => addLocalDays(localDateOf(new Date(occurrences[0]!.start)), d)));
    // The UTC hour moves by one across the change, which is what keeps the clock time.
    const utcHours = occurrences.map((o) => new Date(o.start).getUTCHours());
    expect(utcHours[0]).toBe(month === 10 ? 6 : 7);
    expect(utcHours[3]).toBe(month === 10 ? 7 : 6);
    expect(new Set(occurrences.map((o) => o.id)).size).toBe(4);
  });

  it.each([
    ['an end before the start', 'end', { end: 'START' }],
    ['capacity 0', 'capacity.total', { capacity: { unit: 'persons', total: 0 } }],
    ['a start in the past', 'start', { start: new Date(Date.now() - 3_600_000).toISOString(), end: new Date(Date.now() + 3_600_000).toISOString() }],
    ['a largest group bigger than the capacity in persons', 'groupSize.max', { groupSize: { min: 5, max: 40 } }],
    ['a largest group below the smallest', 'groupSize.max', { groupSize: { min: 10, max: 5 } }],
    ['a language not in the vocabulary', 'languages.0', { languages: ['xx'] }],
    ['no language', 'languages', { languages: [] }],
    ["another organisation's venue", 'venueId', { venueId: 'THEATRE_VENUE' }],
    ['a series ending before it starts', 'repeatWeeklyUntil', { repeatWeeklyUntil: addLocalDays(localDateOf(new Date()), 1) }],
    ['a series of more than 60', 'repeatWeeklyUntil', { repeatWeeklyUntil: addLocalDays(localDateOf(new Date()), 7 * 61 + 14) }],
    ['a malformed start in a weekly series', 'start', { start: 'abc', repeatWeeklyUntil: addLocalDays(localDateOf(new Date()), 30) }],
    ['a malformed end in a weekly series', 'end', { end: 'abc', repeatWeeklyUntil: addLocalDays(localDateOf(new Date()), 30) }],
  ])('refuses an occurrence with %s, naming %s, and stores nothing', async (_case, field, change) => {
    // Arrange
    const offeringId = await createOffering();
    const body = occurrenceBody(14);
    const resolved = JSON.parse(JSON.stringify(change).replace('START', body.start).replace('THEATRE_VENUE', theatreVenue));
    const before = await storedState(offeringId, museum.id);
    // Act
    const answer = await call('POST', `/api/v1/manage/offerings/${offeringId}/occurrences`, { ...body, ...resolved });
    // Assert
    expect(answer.status).toBe(400);
    expect(fieldsOf(answer.body)).toContain(field);
    expect(await storedState(offeringId, museum.id)).toEqual(before);
  });

  it('allows a group as large as the capacity counted in groups', async () => {
    const offeringId = await createOffering();
    const added = await addOne(offeringId, occurrenceBody(14, { capacity: { unit: 'groups', total: 2 }, groupSize: { min: 5, max: 30 } }));
    expect(added.capacity).toEqual({ unit: 'groups', total: 2 });
  });
});

describe('editing occurrences', () => {
  it('saves an edit from the version read and bumps the version', async () => {
    // Arrange
    const offeringId = await createOffering();
    const occurrence = await addOne(offeringId);
    // Act
    const saved = await call('PUT', `/api/v1/manage/offerings/${offeringId}/occurrences/${occurrence.id}`, {
      ...occurrenceBody(15),
      capacity: { unit: 'persons', total: 40 },
      venueId: otherVenue,
      version: 1,
    });
    // Assert
    expect(saved.status).toBe(200);
    const change = occurrenceChange.parse(saved.body);
    expect(change.occurrence).toMatchObject({ version: 2, capacity: { total: 40 }, venueId: otherVenue, start: occurrenceBody(15).start });
    expect(change.notifyEnrolled).toBe(false);
  });

  it('refuses a stale version with a 409 and changes nothing', async () => {
    const offeringId = await createOffering();
    const occurrence = await addOne(offeringId);
    const path = `/api/v1/manage/offerings/${offeringId}/occurrences/${occurrence.id}`;
    await call('PUT', path, { ...occurrenceBody(), capacity: { unit: 'persons', total: 35 }, version: 1 });
    const before = await storedState(offeringId, museum.id);

    const stale = await call('PUT', path, { ...occurrenceBody(), capacity: { unit: 'persons', total: 50 }, version: 1 });

    expect(stale.status).toBe(409);
    expect(fieldsOf(stale.body)).toEqual(['version']);
    expect(await storedState(offeringId, museum.id)).toEqual(before);
  });

  it('refuses capacity below the seats taken, naming capacity.total, and changes nothing', async () => {
    // Arrange: groups took 20 seats after the provider opened the form
    const offeringId = await createOffering();
    const occurrence = await addOne(offeringId);
    await takeSeats(offeringId, occurrence.id, 20);
    const before = await storedState(offeringId, museum.id);
    // Act
    const answer = await call('PUT', `/api/v1/manage/offerings/${offeringId}/occurrences/${occurrence.id}`, {
      ...occurrenceBody(),
      capacity: { unit: 'persons', total: 19 },
      groupSize: { min: 5, max: 19 },
      version: 1,
    });
    const afterRefusal = await storedState(offeringId, museum.id);
    const atSeatsTaken = await call('PUT', `/api/v1/manage/offerings/${offeringId}/occurrences/${occurrence.id}`, {
      ...occurrenceBody(),
      capacity: { unit: 'persons', total: 20 },
      groupSize: { min: 5, max: 20 },
      version: 1,
    });
    // Assert
    expect(answer.status).toBe(409);
    expect(fieldsOf(answer.body)).toEqual(['capacity.total']);
    expect(afterRefusal).toEqual(before); // the refused edit stored nothing
    expect(before).not.toEqual(await storedState(offeringId, museum.id)); // the second edit saved
    expect(atSeatsTaken.status).toBe(200);
  });

  it.each([
    ['a new time', { start: 'LATER_START', end: 'LATER_END' }, true],
    ['a new venue', { venueId: 'OTHER_VENUE' }, true],
    ['more capacity only', { capacity: { unit: 'persons', total: 60 } }, false],
  ])('says whether enrolled groups must be told of %s', async (_case, change, notify) => {
    // Arrange
    const offeringId = await createOffering();
    const occurrence = await addOne(offeringId);
    await takeSeats(offeringId, occurrence.id, 8);
    const later = occurrenceBody(21);
    const resolved = JSON.parse(
      JSON.stringify(change).replace('LATER_START', later.start).replace('LATER_END', later.end).replace('OTHER_VENUE', otherVenue),
    );
    // Act
    const saved = await call('PUT', `/api/v1/manage/offerings/${offeringId}/occurrences/${occurrence.id}`, {
      ...occurrenceBody(),
      ...resolved,
      version: 1,
    });
    // Assert
    expect(saved.status).toBe(200);
    expect(occurrenceChange.parse(saved.body).notifyEnrolled).toBe(notify);
  });

  it('does not ask to notify anyone when nobody holds seats', async () => {
    const offeringId = await createOffering();
    const occurrence = await addOne(offeringId);
    const saved = await call('PUT', `/api/v1/manage/offerings/${offeringId}/occurrences/${occurrence.id}`, { ...occurrenceBody(21), version: 1 });
    expect(occurrenceChange.parse(saved.body).notifyEnrolled).toBe(false);
  });

  it.each([
    ['an end before the start', 'end', { end: 'START' }],
    ['capacity 0', 'capacity.total', { capacity: { unit: 'persons', total: 0 } }],
    ["another organisation's venue", 'venueId', { venueId: 'THEATRE_VENUE' }],
    ['a start moved into the past', 'start', { start: new Date(Date.now() - 3_600_000).toISOString() }],
  ])('refuses an edit with %s, naming %s, and changes nothing', async (_case, field, change) => {
    const offeringId = await createOffering();
    const occurrence = await addOne(offeringId);
    const body = occurrenceBody();
    const resolved = JSON.parse(JSON.stringify(change).replace('START', body.start).replace('THEATRE_VENUE', theatreVenue));
    const before = await storedState(offeringId, museum.id);

    const answer = await call('PUT', `/api/v1/manage/offerings/${offeringId}/occurrences/${occurrence.id}`, { ...body, ...resolved, version: 1 });

    expect(answer.status).toBe(400);
    expect(fieldsOf(answer.body)).toContain(field);
    expect(await storedState(offeringId, museum.id)).toEqual(before);
  });

  it('answers 404 naming occurrenceId for an occurrence of another offering', async () => {
    const offeringId = await createOffering();
    const elsewhere = await addOne(await createOffering());
    const answer = await call('PUT', `/api/v1/manage/offerings/${offeringId}/occurrences/${elsewhere.id}`, { ...occurrenceBody(), version: 1 });
    expect(answer.status).toBe(404);
    expect(fieldsOf(answer.body)).toEqual(['occurrenceId']);
  });
});

describe('cancelling occurrences', () => {
  it('cancels for good with a reason, saying enrolled groups must be told; it can then be neither edited nor cancelled again', async () => {
    // Arrange
    const offeringId = await createOffering();
    const occurrence = await addOne(offeringId);
    const enrolmentId = await putBookedEnrolment(offeringId, museum.id, occurrence.id, 4);
    const path = `/api/v1/manage/offerings/${offeringId}/occurrences/${occurrence.id}`;
    // Act
    const cancelled = await call('POST', `${path}/cancel`, { version: 1, reason: { fi: 'Esiintyjä sairastui', en: 'The performer fell ill' } });
    const again = await call('POST', `${path}/cancel`, { version: 2, reason: { fi: 'Uudelleen' } });
    const edit = await call('PUT', path, { ...occurrenceBody(), version: 2 });
    // Assert
    expect(cancelled.status).toBe(200);
    const change = occurrenceChange.parse(cancelled.body);
    expect(change.notifyEnrolled).toBe(true);
    expect((await getEnrolment(offeringId, enrolmentId))?.status).toBe('cancelled');
    expect(change.occurrence.cancelled).toMatchObject({ reason: { fi: 'Esiintyjä sairastui', en: 'The performer fell ill' }, by: member.personId });
    expect(again.status).toBe(409);
    expect(edit.status).toBe(409);
    expect(edit.body.detail).toMatch(/cancelled/);
  });

  it.each([
    ['a reason in no language', 'reason', { version: 1, reason: {} }],
    ['an empty reason', 'reason.fi', { version: 1, reason: { fi: ' ' } }],
    ['no version', 'version', { reason: { fi: 'Syy' } }],
  ])('refuses a cancellation with %s, naming %s, and changes nothing', async (_case, field, body) => {
    const offeringId = await createOffering();
    const occurrence = await addOne(offeringId);
    const before = await storedState(offeringId, museum.id);
    const answer = await call('POST', `/api/v1/manage/offerings/${offeringId}/occurrences/${occurrence.id}/cancel`, body);
    expect(answer.status).toBe(400);
    expect(fieldsOf(answer.body)).toContain(field);
    expect(await storedState(offeringId, museum.id)).toEqual(before);
  });

  it('refuses a cancellation from a stale version', async () => {
    const offeringId = await createOffering();
    const occurrence = await addOne(offeringId);
    const path = `/api/v1/manage/offerings/${offeringId}/occurrences/${occurrence.id}`;
    await call('PUT', path, { ...occurrenceBody(), version: 1 });
    const answer = await call('POST', `${path}/cancel`, { version: 1, reason: { fi: 'Syy' } });
    expect(answer.status).toBe(409);
    expect(fieldsOf(answer.body)).toEqual(['version']);
  });
});

describe('occurrences of a published offering in public search', () => {
  it('shows added, edited and cancelled occurrences', async () => {
    // Arrange
    const offeringId = await createOffering();
    const first = await addOne(offeringId, occurrenceBody(10));
    expect((await call('POST', `/api/v1/manage/offerings/${offeringId}/publish`, { version: 1 })).status).toBe(200);
    const card = async () => offeringPage.parse((await call('GET', '/api/v1/offerings?limit=50')).body).items.find((i) => i.id === offeringId);
    await expect.poll(async () => (await card())?.upcomingOccurrences, { timeout: 10_000, interval: 200 }).toBe(1);
    // Act
    const second = await addOne(offeringId, occurrenceBody(12));
    await call('PUT', `/api/v1/manage/offerings/${offeringId}/occurrences/${first.id}`, { ...occurrenceBody(11), version: 1 });
    await call('POST', `/api/v1/manage/offerings/${offeringId}/occurrences/${second.id}/cancel`, { version: 1, reason: { fi: 'Remontti' } });
    // Assert
    await expect.poll(async () => (await card())?.nextOccurrence?.start, { timeout: 10_000, interval: 200 }).toBe(occurrenceBody(11).start);
    const detail = offeringDetail.parse((await call('GET', `/api/v1/offerings/${offeringId}`)).body);
    expect(detail.occurrences.find((o) => o.id === second.id)?.availability.status).toBe('cancelled');
  });
});
