import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes.ts';
import { startApiServer } from '../../infra/local/api-server.ts';
import { offeringPage, problem } from '../../shared/schemas/api.ts';
import { managedOffering, organisationOfferings } from '../../shared/schemas/offering-management.ts';
import { offering, type Offering } from '../../shared/schemas/offering.ts';
import type { Organisation } from '../../shared/schemas/organisation.ts';
import { signInAs, type TestPerson } from '../setup/auth.ts';
import {
  occurrenceBody,
  offeringBody,
  putOccurrence,
  putOrganisation,
  putTerm,
  putUploadedImage,
  putVenue,
  storedState,
  takeSeats,
} from '../setup/providers.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();

let api: { url: string; server: Server };
let museum: Organisation;
let theatre: Organisation;
let museumVenue: string;
let theatreVenue: string;
let theatreImage: string;
let member: TestPerson;
let outsider: TestPerson;
let category: string;
let keyword: string;

beforeAll(async () => {
  api = await startApiServer(routes, 0);
  [museum, theatre] = await Promise.all([putOrganisation('accepted'), putOrganisation('accepted')]);
  [museumVenue, theatreVenue, category, keyword, theatreImage] = await Promise.all([
    putVenue(museum.id),
    putVenue(theatre.id),
    putTerm('category'),
    putTerm('keyword'),
    putUploadedImage(theatre.id),
  ]);
  member = await signInAs({ email: 'member@museum.test', memberships: [{ organisationId: museum.id }] });
  outsider = await signInAs({ email: 'member@theatre.test', memberships: [{ organisationId: theatre.id }] });
});
afterAll(() => new Promise<void>((done) => api.server.close(() => done())));

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { 'accept-language': 'en', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
}

const as = (person: TestPerson) => person.authorization;
const fieldsOf = (body: unknown) => (problem.parse(body).errors ?? []).map((e) => e.field);

async function createDraft(extra: Record<string, unknown> = {}): Promise<Offering> {
  const created = await call('POST', `/api/v1/organisations/${museum.id}/offerings`, offeringBody(museumVenue, extra), as(member));
  expect(created.status).toBe(201);
  return offering.parse(created.body);
}

async function addOccurrence(offeringId: string, days = 14) {
  const added = await call('POST', `/api/v1/manage/offerings/${offeringId}/occurrences`, occurrenceBody(days), as(member));
  expect(added.status).toBe(201);
  return added.body.occurrences[0] as { id: string; version: number };
}

const searchIds = async () => offeringPage.parse((await call('GET', '/api/v1/offerings?limit=50')).body).items.map((i) => i.id);

describe('creating and reading offerings', () => {
  it('creates a draft that its organisation sees, with every field, and the public does not', async () => {
    // Arrange
    const body = offeringBody(museumVenue, {
      image: { url: await putUploadedImage(museum.id), alt: { fi: 'Lapsia kivikirveiden äärellä' } },
      categories: [category],
      keywords: [keyword],
      priceInfo: { fi: 'Maksuton koululaisryhmille' },
    });
    // Act
    const created = await call('POST', `/api/v1/organisations/${museum.id}/offerings`, body, as(member));
    const id = created.body.id as string;
    const read = await call('GET', `/api/v1/manage/offerings/${id}`, undefined, as(member));
    const list = await call('GET', `/api/v1/organisations/${museum.id}/offerings`, undefined, as(member));
    const publicRead = await call('GET', `/api/v1/offerings/${id}`);
    // Assert
    expect(created.status).toBe(201);
    const draft = managedOffering.parse(read.body);
    expect(draft).toMatchObject({ ...body, status: 'draft', version: 1, organisationId: museum.id, occurrences: [] });
    expect(draft.organisation).toEqual({ id: museum.id, name: museum.name, status: 'accepted' });
    expect(organisationOfferings.parse(list.body).items.find((i) => i.id === id)).toMatchObject({
      status: 'draft',
      upcomingOccurrences: 0,
      seatsTaken: 0,
    });
    expect(publicRead.status).toBe(404);
  });

  it.each([
    ['a title in no language', 'title', { title: {} }],
    ['an empty Finnish title', 'title.fi', { title: { fi: '  ' } }],
    ['a 161-character short description', 'shortDescription.fi', { shortDescription: { fi: 'x'.repeat(161), sv: 'Kort.' } }],
    ['a Swedish title without its Swedish short description', 'shortDescription.sv', { shortDescription: { fi: 'Lyhyt.' } }],
    ['an English description without an English title', 'title.en', { description: { fi: 'Kuvaus.', sv: 'Beskrivning.', en: 'Description.' } }],
    ['an unknown category', 'categories.0', { categories: ['01KDVDNA00K6SGGYY7RFXKX7HZ'] }],
    ['a retired keyword', 'keywords.0', { keywords: ['RETIRED'] }],
    ["another organisation's venue", 'location.venueId', { location: { kind: 'venue', venueId: 'THEATRE_VENUE' } }],
    ['an unknown venue', 'location.venueId', { location: { kind: 'venue', venueId: '01KDVDNA00K6SGGYY7RFXKX7HZ' } }],
    ['external enrolment without its address', 'enrolment.externalUrl', { enrolment: { mode: 'external' } }],
    ['an address with internal enrolment', 'enrolment.externalUrl', { enrolment: { mode: 'internal', externalUrl: 'https://example.test' } }],
    ['an image without alt text', 'image.alt', { image: { url: '/images/01KDVDNA00K6SGGYY7RFXKX7HM.jpg' } }],
    ['an image from elsewhere', 'image.url', { image: { url: 'https://evil.test/x.jpg', alt: { fi: 'Kuva' } } }],
    ['an image never uploaded', 'image.url', { image: { url: '/images/01KDVDNA00K6SGGYY7RFXKX7HM.jpg', alt: { fi: 'Kuva' } } }],
    ["another organisation's image", 'image.url', { image: { url: 'THEATRE_IMAGE', alt: { fi: 'Kuva' } } }],
    ['no study level', 'studyLevels', { studyLevels: [] }],
  ])('refuses a new offering with %s, naming %s, and stores nothing', async (_case, field, change) => {
    // Arrange
    const retired = await putTerm('keyword', true);
    const resolved = JSON.parse(JSON.stringify(change).replace('RETIRED', retired).replace('THEATRE_VENUE', theatreVenue).replace('THEATRE_IMAGE', theatreImage));
    const before = await storedState(undefined, museum.id);
    // Act
    const answer = await call('POST', `/api/v1/organisations/${museum.id}/offerings`, offeringBody(museumVenue, resolved), as(member));
    // Assert
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('application/problem+json');
    expect(fieldsOf(answer.body)).toContain(field);
    expect(await storedState(undefined, museum.id)).toEqual(before);
  });

  it("refuses to create in another organisation, naming the path's id", async () => {
    const before = await storedState(undefined, theatre.id);
    const answer = await call('POST', `/api/v1/organisations/${theatre.id}/offerings`, offeringBody(theatreVenue), as(member));
    expect(answer.status).toBe(403);
    expect(fieldsOf(answer.body)).toEqual(['id']);
    expect(await storedState(undefined, theatre.id)).toEqual(before);
  });

  it('lets a platform admin create in any organisation', async () => {
    const admin = await signInAs({ email: 'admin@city.test', platformAdmin: true });
    const answer = await call('POST', `/api/v1/organisations/${theatre.id}/offerings`, offeringBody(theatreVenue), as(admin));
    expect(answer.status).toBe(201);
  });
});

describe('editing offerings', () => {
  it('saves an edit from the version read, replacing every field, and bumps the version', async () => {
    // Arrange
    const draft = await createDraft({ priceInfo: { fi: 'Maksuton' } });
    const edited = offeringBody(museumVenue, { title: { fi: 'Matka kivikauteen', sv: 'Resan till stenåldern' }, priceCents: 500, version: draft.version });
    // Act
    const saved = await call('PUT', `/api/v1/manage/offerings/${draft.id}`, edited, as(member));
    const read = managedOffering.parse((await call('GET', `/api/v1/manage/offerings/${draft.id}`, undefined, as(member))).body);
    // Assert
    expect(saved.status).toBe(200);
    expect(read).toMatchObject({ title: { fi: 'Matka kivikauteen', sv: 'Resan till stenåldern' }, priceCents: 500, version: 2, status: 'draft' });
    expect(read.priceInfo).toBeUndefined();
  });

  it('refuses an edit from a stale version with a 409 and keeps the newer one', async () => {
    // Arrange
    const draft = await createDraft();
    await call('PUT', `/api/v1/manage/offerings/${draft.id}`, offeringBody(museumVenue, { priceCents: 100, version: 1 }), as(member));
    const before = await storedState(draft.id, museum.id);
    // Act
    const stale = await call('PUT', `/api/v1/manage/offerings/${draft.id}`, offeringBody(museumVenue, { priceCents: 900, version: 1 }), as(member));
    // Assert
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toMatch(/someone else saved/i);
    expect(fieldsOf(stale.body)).toEqual(['version']);
    expect(await storedState(draft.id, museum.id)).toEqual(before);
  });

  it.each([
    ['a 161-character short description', 'shortDescription.fi', { shortDescription: { fi: 'x'.repeat(161), sv: 'Kort.' } }],
    ['a Swedish title without its Swedish short description', 'shortDescription.sv', { shortDescription: { fi: 'Lyhyt.' } }],
    ['an English description without an English title', 'title.en', { description: { fi: 'Kuvaus.', sv: 'Beskrivning.', en: 'Description.' } }],
    ['a description in no language', 'description.fi', { description: { fi: '' } }],
    ['an unknown keyword', 'keywords.0', { keywords: ['01KDVDNA00K6SGGYY7RFXKX7HZ'] }],
    ["another organisation's venue", 'location.venueId', { location: { kind: 'venue', venueId: 'THEATRE_VENUE' } }],
    ['an empty version', 'version', { version: 'NONE' }],
  ])('refuses an edit with %s, naming %s, and changes nothing', async (_case, field, change) => {
    const draft = await createDraft();
    const resolved = JSON.parse(JSON.stringify(change).replace('THEATRE_VENUE', theatreVenue).replace('"NONE"', 'null'));
    const before = await storedState(draft.id, museum.id);
    const body = offeringBody(museumVenue, { version: 1, ...resolved });
    const answer = await call('PUT', `/api/v1/manage/offerings/${draft.id}`, body, as(member));
    expect(answer.status).toBe(400);
    expect(fieldsOf(answer.body)).toContain(field);
    expect(await storedState(draft.id, museum.id)).toEqual(before);
  });

  it('keeps a term retired after the offering chose it, but refuses one newly added', async () => {
    // Arrange
    const kept = await putTerm('category');
    const draft = await createDraft({ categories: [kept] });
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { db, tableName } = await import('../../functions/db/client.ts');
    const { termToItem } = await import('../../functions/db/vocabulary.ts');
    const at = new Date().toISOString();
    const retire = (id: string) => termToItem({ id, vocabulary: 'category', label: { fi: 'T', sv: 'T', en: 'T' }, retired: true, version: 2, createdAt: at, updatedAt: at });
    await db().send(new PutCommand({ TableName: tableName(), Item: retire(kept) }));
    const alsoRetired = await putTerm('category', true);
    // Act
    const keep = await call('PUT', `/api/v1/manage/offerings/${draft.id}`, offeringBody(museumVenue, { categories: [kept], version: 1 }), as(member));
    const add = await call('PUT', `/api/v1/manage/offerings/${draft.id}`, offeringBody(museumVenue, { categories: [kept, alsoRetired], version: 2 }), as(member));
    // Assert
    expect(keep.status).toBe(200);
    expect(add.status).toBe(400);
    expect(fieldsOf(add.body)).toEqual(['categories.1']);
  });

  it('copies an offering into a new draft with the same fields and title, without its occurrences', async () => {
    // Arrange
    const source = await createDraft({ categories: [category] });
    await addOccurrence(source.id);
    // Act
    const copied = await call('POST', `/api/v1/manage/offerings/${source.id}/copy`, undefined, as(member));
    const read = managedOffering.parse((await call('GET', `/api/v1/manage/offerings/${copied.body.id}`, undefined, as(member))).body);
    // Assert
    expect(copied.status).toBe(201);
    expect(read.id).not.toBe(source.id);
    const { id: _a, createdAt: _b, updatedAt: _c, ...sameFields } = source;
    expect(read).toMatchObject({ ...sameFields, status: 'draft', version: 1, occurrences: [] });
  });
});

describe('publishing', () => {
  it('publishes an offering with a future occurrence: search finds it, and after unpublishing no longer does', async () => {
    // Arrange
    const draft = await createDraft();
    await addOccurrence(draft.id);
    // Act
    const published = await call('POST', `/api/v1/manage/offerings/${draft.id}/publish`, { version: 1 }, as(member));
    // Assert
    expect(published.status).toBe(200);
    expect(offering.parse(published.body)).toMatchObject({ status: 'published', version: 2 });
    expect((await call('GET', `/api/v1/offerings/${draft.id}`)).status).toBe(200);
    await expect.poll(searchIds, { timeout: 10_000, interval: 200 }).toContain(draft.id);

    // Act
    const unpublished = await call('POST', `/api/v1/manage/offerings/${draft.id}/unpublish`, { version: 2 }, as(member));
    // Assert
    expect(unpublished.status).toBe(200);
    expect(unpublished.body).toMatchObject({ status: 'unpublished', version: 3 });
    expect((await call('GET', `/api/v1/offerings/${draft.id}`)).status).toBe(404);
    await expect.poll(searchIds, { timeout: 10_000, interval: 200 }).not.toContain(draft.id);
  });

  it('shows an edit of a published offering in search', async () => {
    const draft = await createDraft();
    await addOccurrence(draft.id);
    await call('POST', `/api/v1/manage/offerings/${draft.id}/publish`, { version: 1 }, as(member));
    await call('PUT', `/api/v1/manage/offerings/${draft.id}`, offeringBody(museumVenue, { title: { fi: 'Uusi nimi kivikaudelle', sv: 'Nytt namn för stenåldern' }, version: 2 }), as(member));
    const titles = async () =>
      offeringPage.parse((await call('GET', '/api/v1/offerings?limit=50')).body).items.find((i) => i.id === draft.id)?.title.fi;
    await expect.poll(titles, { timeout: 10_000, interval: 200 }).toBe('Uusi nimi kivikaudelle');
  });

  it('refuses to publish without a future occurrence that is not cancelled, and changes nothing', async () => {
    // Arrange: one past occurrence and one cancelled future one
    const draft = await createDraft();
    await putOccurrence(draft.id);
    await putOccurrence(draft.id, {
      start: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      end: new Date(Date.now() + 7 * 86_400_000 + 3_600_000).toISOString(),
      cancelled: { at: new Date().toISOString(), reason: { fi: 'Sairastuminen' } },
    });
    const before = await storedState(draft.id, museum.id);
    // Act
    const answer = await call('POST', `/api/v1/manage/offerings/${draft.id}/publish`, { version: 1 }, as(member));
    // Assert
    expect(answer.status).toBe(409);
    expect(answer.body.detail).toMatch(/at least one future occurrence/);
    expect(await storedState(draft.id, museum.id)).toEqual(before);
  });

  it('refuses to publish for an organisation not yet accepted', async () => {
    // Arrange
    const pending = await putOrganisation('pending');
    const proposer = await signInAs({ email: 'proposer@pending.test', memberships: [{ organisationId: pending.id }] });
    const venue = await putVenue(pending.id);
    const created = await call('POST', `/api/v1/organisations/${pending.id}/offerings`, offeringBody(venue), proposer.authorization);
    await call('POST', `/api/v1/manage/offerings/${created.body.id}/occurrences`, occurrenceBody(), proposer.authorization);
    // Act
    const answer = await call('POST', `/api/v1/manage/offerings/${created.body.id}/publish`, { version: 1 }, proposer.authorization);
    // Assert
    expect(created.status).toBe(201);
    expect(answer.status).toBe(409);
    expect(answer.body.detail).toMatch(/not been accepted/);
    expect((await call('GET', `/api/v1/manage/offerings/${created.body.id}`, undefined, proposer.authorization)).body.status).toBe('draft');
  });

  it('refuses publishing and unpublishing from a stale version, and unpublishing a draft', async () => {
    const draft = await createDraft();
    await addOccurrence(draft.id);
    await call('PUT', `/api/v1/manage/offerings/${draft.id}`, offeringBody(museumVenue, { version: 1 }), as(member));
    const stalePublish = await call('POST', `/api/v1/manage/offerings/${draft.id}/publish`, { version: 1 }, as(member));
    const unpublishDraft = await call('POST', `/api/v1/manage/offerings/${draft.id}/unpublish`, { version: 2 }, as(member));
    await call('POST', `/api/v1/manage/offerings/${draft.id}/publish`, { version: 2 }, as(member));
    const staleUnpublish = await call('POST', `/api/v1/manage/offerings/${draft.id}/unpublish`, { version: 2 }, as(member));
    const republish = await call('POST', `/api/v1/manage/offerings/${draft.id}/publish`, { version: 3 }, as(member));

    expect(stalePublish.status).toBe(409);
    expect(fieldsOf(stalePublish.body)).toEqual(['version']);
    expect(unpublishDraft.status).toBe(409);
    expect(staleUnpublish.status).toBe(409);
    expect(fieldsOf(staleUnpublish.body)).toEqual(['version']);
    expect(republish.status).toBe(409);
    expect(republish.body.detail).toMatch(/already published/);
  });
});

describe("an organisation's offering list", () => {
  it('counts upcoming occurrences and their seats taken, with the next start, leaving out past and cancelled ones', async () => {
    // Arrange
    const organisation = await putOrganisation('accepted');
    const venue = await putVenue(organisation.id);
    const person = await signInAs({ email: 'lister@museum.test', memberships: [{ organisationId: organisation.id }] });
    const created = await call('POST', `/api/v1/organisations/${organisation.id}/offerings`, offeringBody(venue), person.authorization);
    const id = created.body.id as string;
    const later = await call('POST', `/api/v1/manage/offerings/${id}/occurrences`, occurrenceBody(20), person.authorization);
    const sooner = await call('POST', `/api/v1/manage/offerings/${id}/occurrences`, occurrenceBody(10), person.authorization);
    await takeSeats(id, later.body.occurrences[0].id, 12);
    await takeSeats(id, sooner.body.occurrences[0].id, 3);
    await putOccurrence(id, { seatsTaken: 25 });
    const cancelled = await call('POST', `/api/v1/manage/offerings/${id}/occurrences`, occurrenceBody(5), person.authorization);
    await call('POST', `/api/v1/manage/offerings/${id}/occurrences/${cancelled.body.occurrences[0].id}/cancel`, { version: 1, reason: { fi: 'Remontti' } }, person.authorization);
    const second = await call('POST', `/api/v1/organisations/${organisation.id}/offerings`, offeringBody(venue), person.authorization);
    // Act
    const list = await call('GET', `/api/v1/organisations/${organisation.id}/offerings`, undefined, person.authorization);
    // Assert
    expect(list.status).toBe(200);
    const { items } = organisationOfferings.parse(list.body);
    expect(items.map((i) => i.id)).toEqual([second.body.id, id]);
    expect(items[1]).toMatchObject({ upcomingOccurrences: 2, seatsTaken: 15, nextStart: sooner.body.occurrences[0].start });
    expect(items[0]).toMatchObject({ upcomingOccurrences: 0, seatsTaken: 0, status: 'draft' });
    expect(items[0]!.nextStart).toBeUndefined();
  });
});

describe('who may manage offerings', () => {
  /** Every route of the provider API, with a body that passes validation. */
  async function everyRoute() {
    const target = await createDraft();
    const occurrence = await addOccurrence(target.id);
    const base = `/api/v1/manage/offerings/${target.id}`;
    return {
      target,
      requests: [
        ['GET', `/api/v1/organisations/${museum.id}/offerings`, undefined],
        ['POST', `/api/v1/organisations/${museum.id}/offerings`, offeringBody(museumVenue)],
        ['GET', base, undefined],
        ['PUT', base, offeringBody(museumVenue, { version: 1 })],
        ['POST', `${base}/copy`, undefined],
        ['POST', `${base}/publish`, { version: 1 }],
        ['POST', `${base}/unpublish`, { version: 1 }],
        ['POST', `${base}/occurrences`, occurrenceBody()],
        ['PUT', `${base}/occurrences/${occurrence.id}`, { ...occurrenceBody(), version: 1 }],
        ['POST', `${base}/occurrences/${occurrence.id}/cancel`, { version: 1, reason: { fi: 'Peruttu' } }],
      ] as const,
    };
  }

  it('answers every route 401 when signed out, and changes nothing', async () => {
    const { target, requests } = await everyRoute();
    const before = await storedState(target.id, museum.id);
    for (const [method, path, body] of requests) {
      const answer = await call(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.type).toBe('application/problem+json');
    }
    expect(await storedState(target.id, museum.id)).toEqual(before);
  });

  it("answers every route 403 to another organisation's member, naming the id, and changes nothing", async () => {
    const { target, requests } = await everyRoute();
    const before = await storedState(target.id, museum.id);
    for (const [method, path, body] of requests) {
      const answer = await call(method, path, body, as(outsider));
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(fieldsOf(answer.body)).toEqual(['id']);
    }
    expect(await storedState(target.id, museum.id)).toEqual(before);
  });

  it('answers 404 for an offering that does not exist', async () => {
    const answer = await call('GET', '/api/v1/manage/offerings/01KDVDNA00K6SGGYY7RFXKX7HZ', undefined, as(member));
    expect(answer.status).toBe(404);
    expect(fieldsOf(answer.body)).toEqual(['id']);
  });
});
