import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { routes } from '../../functions/http/routes.ts';
import { startApiServer } from '../../infra/local/api-server.ts';
import { managedOffering } from '../../shared/schemas/offering-management.ts';
import { addLocalDays, localDateOf } from '../../shared/time.ts';
import { signInAs, type TestPerson } from '../setup/auth.ts';
import { occurrenceBody, offeringBody, putOrganisation, putVenue } from '../setup/providers.ts';
import { useIsolatedTable } from '../setup/table.ts';

// Every rebuild of a search entry fails, as when DynamoDB refuses the catalogue write.
vi.mock('../../functions/domain/catalogue.ts', async (original) => ({
  ...(await original<typeof import('../../functions/domain/catalogue.ts')>()),
  refreshCatalogueEntry: vi.fn(async () => {
    throw new Error('catalogue write refused');
  }),
}));

useIsolatedTable();

let api: { url: string; server: Server };
let member: TestPerson;
let venueId: string;
let organisationId = '';
beforeAll(async () => {
  api = await startApiServer(routes, 0);
  const museum = await putOrganisation('accepted');
  venueId = await putVenue(museum.id);
  member = await signInAs({ email: 'member@museum.test', memberships: [{ organisationId: museum.id }] });
  organisationId = museum.id;
});
afterAll(() => new Promise<void>((done) => api.server.close(() => done())));

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { ...member.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('a change saved while the search entry cannot be rebuilt', () => {
  it('is answered as saved, so nobody sends a weekly series twice', async () => {
    // Arrange: a published offering.
    const created = await call('POST', `/api/v1/organisations/${organisationId}/offerings`, offeringBody(venueId));
    const id = created.body.id as string;
    expect((await call('POST', `/api/v1/manage/offerings/${id}/occurrences`, occurrenceBody(14))).status).toBe(201);
    expect((await call('POST', `/api/v1/manage/offerings/${id}/publish`, { version: 1 })).status).toBe(200);

    // Act: a weekly series added while rebuilds fail.
    const first = occurrenceBody(21);
    const until = addLocalDays(localDateOf(new Date(first.start)), 14);
    const series = await call('POST', `/api/v1/manage/offerings/${id}/occurrences`, { ...first, repeatWeeklyUntil: until });

    // Assert: saved and said so; the offering holds the first occurrence and the series of three, once.
    expect(series.status).toBe(201);
    const stored = managedOffering.parse((await call('GET', `/api/v1/manage/offerings/${id}`)).body);
    expect(stored.status).toBe('published');
    expect(stored.occurrences).toHaveLength(4);
  });
});
