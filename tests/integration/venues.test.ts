import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { getCatalogueEntry } from '../../functions/db/catalogue.ts';
import { db, tableName } from '../../functions/db/client.ts';
import { organisationToItem } from '../../functions/db/organisation.ts';
import { getVenue, listVenuesOfOrganisation } from '../../functions/db/venue.ts';
import { seedDemoData } from '../../infra/local/seed/seed.ts';
import { organisationDetail } from '../../shared/schemas/member.ts';
import { organisation, type Organisation } from '../../shared/schemas/organisation.ts';
import { venue, venueList } from '../../shared/schemas/venue.ts';
import { useApi } from '../setup/api.ts';
import { signInAs } from '../setup/auth.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();
const { call } = useApi();

let counter = 0;
const memberOf = (org: { id: string }) => signInAs({ email: `member.${++counter}@example.test`, memberships: [{ organisationId: org.id }] });
const en = (headers: { authorization: string }) => ({ ...headers, 'accept-language': 'en' });

async function storedOrganisation(): Promise<Organisation> {
  const at = new Date().toISOString();
  const value = organisation.parse({ id: ulid(), name: { fi: `Teatteri ${++counter}` }, kind: 'theatre', status: 'accepted', version: 1, createdAt: at, updatedAt: at });
  await db().send(new PutCommand({ TableName: tableName(), Item: organisationToItem(value) }));
  return value;
}

const hall = {
  name: { fi: 'Pieni näyttämö', sv: 'Lilla scenen' },
  address: { street: 'Teatterikatu 1', postalCode: '00100', city: 'Helsinki' },
  area: 'southern',
  facilities: ['cloakroom', 'toilets'],
  accessibility: ['step-free-access'],
  accessibilityInfo: { fi: 'Sisäänkäynti pihan puolelta.' },
};

async function createdVenue(org: Organisation, authorization: { authorization: string }) {
  const created = await call('POST', `/api/v1/organisations/${org.id}/venues`, hall, authorization);
  expect(created.status).toBe(201);
  return venue.parse(created.body);
}

describe('venues of an organisation', () => {
  it("lets a member add a venue and list the organisation's venues, which the organisation page shows too", async () => {
    // Arrange
    const org = await storedOrganisation();
    const member = await memberOf(org);
    // Act
    const created = await call('POST', `/api/v1/organisations/${org.id}/venues`, hall, member.authorization);
    const listed = await call('GET', `/api/v1/organisations/${org.id}/venues`, undefined, member.authorization);
    const page = await call('GET', `/api/v1/organisations/${org.id}`, undefined, member.authorization);
    // Assert
    expect(created.status).toBe(201);
    const stored = venue.parse(created.body);
    expect(stored).toMatchObject({ ...hall, organisationId: org.id, version: 1 });
    expect(await getVenue(stored.id)).toEqual(stored);
    expect(venueList.parse(listed.body).items).toEqual([stored]);
    expect(organisationDetail.parse(page.body).venues).toEqual([stored]);
  });

  it("refuses a signed-out client (401), another organisation's member (403 naming id) and bad input (400 naming each field); nothing is stored", async () => {
    // Arrange
    const org = await storedOrganisation();
    const member = await memberOf(org);
    const outsider = await memberOf(await storedOrganisation());
    const path = `/api/v1/organisations/${org.id}/venues`;
    // Act
    const signedOut = await call('POST', path, hall);
    const byOutsider = await call('POST', path, hall, en(outsider.authorization));
    const listByOutsider = await call('GET', path, undefined, en(outsider.authorization));
    const bad = await call(
      'POST',
      path,
      { ...hall, name: {}, area: 'lapland', address: { ...hall.address, postalCode: '100' }, facilities: ['sauna'] },
      en(member.authorization),
    );
    // Assert
    expect(signedOut.status).toBe(401);
    expect(byOutsider.status).toBe(403);
    expect(byOutsider.body.errors).toEqual([{ in: 'path', field: 'id', pointer: '/id', detail: 'You are not a member of this organisation' }]);
    expect(listByOutsider.status).toBe(403);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'name', detail: 'Fill in the text in at least one language' }),
        expect.objectContaining({ field: 'area', detail: 'Unknown area' }),
        expect.objectContaining({ field: 'address.postalCode', detail: 'A postal code has five digits' }),
        expect.objectContaining({ field: 'facilities.0' }),
      ]),
    );
    expect(await listVenuesOfOrganisation(org.id)).toEqual([]);
  });

  it('answers 404 naming id when an admin adds a venue to an organisation that does not exist', async () => {
    const reviewer = await signInAs({ email: `admin.${++counter}@example.test`, platformAdmin: true });
    const missing = ulid();
    const created = await call('POST', `/api/v1/organisations/${missing}/venues`, hall, reviewer.authorization);
    expect(created.status).toBe(404);
    expect(created.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'id' })]);
    expect(await listVenuesOfOrganisation(missing)).toEqual([]);
  });
});

describe('editing a venue', () => {
  let demo: Awaited<ReturnType<typeof seedDemoData>>;
  beforeAll(async () => {
    demo = await seedDemoData({ offerings: 12 });
  });

  it('saves an edit from the version read, and search shows the new name and area on offerings held there', async () => {
    // Arrange
    const offering = demo!.offerings.find((o) => o.status === 'published' && o.location.kind === 'venue')!;
    const held = demo!.venues.find((v) => offering.location.kind === 'venue' && v.id === offering.location.venueId)!;
    const member = await memberOf({ id: held.organisationId });
    const area = held.area === 'eastern' ? 'western' : 'eastern';
    const edit = { ...hall, name: { fi: 'Uusi sali', en: 'New hall' }, area, version: held.version };
    // Act
    const saved = await call('PUT', `/api/v1/venues/${held.id}`, edit, member.authorization);
    // Assert
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ id: held.id, organisationId: held.organisationId, name: edit.name, area, version: held.version + 1 });
    expect(await getVenue(held.id)).toMatchObject({ name: edit.name, area, version: held.version + 1 });
    const entry = await getCatalogueEntry(offering.id);
    expect(entry).toMatchObject({ venueName: edit.name, area });
  });

  it('refuses a stale version with 409 naming version, keeping the newer edit', async () => {
    // Arrange
    const org = await storedOrganisation();
    const [first, second] = [await memberOf(org), await memberOf(org)];
    const stored = await createdVenue(org, first.authorization);
    await call('PUT', `/api/v1/venues/${stored.id}`, { ...hall, name: { fi: 'Ensimmäinen' }, version: 1 }, first.authorization);
    // Act
    const stale = await call('PUT', `/api/v1/venues/${stored.id}`, { ...hall, name: { fi: 'Toinen' }, version: 1 }, en(second.authorization));
    // Assert
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toBe('Someone else saved this after you opened it. Reload the page to see their changes, then make yours again.');
    expect(stale.body.errors).toEqual([expect.objectContaining({ in: 'body', field: 'version' })]);
    expect(await getVenue(stored.id)).toMatchObject({ name: { fi: 'Ensimmäinen' }, version: 2 });
  });

  it("refuses a signed-out client (401), another organisation's member (403 naming id) and bad input (400 naming each field); the venue is unchanged", async () => {
    // Arrange
    const org = await storedOrganisation();
    const member = await memberOf(org);
    const outsider = await memberOf(await storedOrganisation());
    const stored = await createdVenue(org, member.authorization);
    const path = `/api/v1/venues/${stored.id}`;
    const edit = { ...hall, name: { fi: 'Muutettu' }, version: 1 };
    // Act
    const signedOut = await call('PUT', path, edit);
    const byOutsider = await call('PUT', path, edit, en(outsider.authorization));
    const noText = await call('PUT', path, { ...edit, accessibilityInfo: { sv: '' } }, en(member.authorization));
    const badPostalCode = await call('PUT', path, { ...edit, address: { ...hall.address, postalCode: 'ABCDE' }, area: 'nowhere' }, en(member.authorization));
    const unknown = await call('PUT', `/api/v1/venues/${ulid()}`, edit, en(member.authorization));
    // Assert
    expect(signedOut.status).toBe(401);
    expect(byOutsider.status).toBe(403);
    expect(byOutsider.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'id' })]);
    expect(noText.status).toBe(400);
    expect(noText.body.errors).toEqual([expect.objectContaining({ field: 'accessibilityInfo.sv' })]);
    expect(badPostalCode.status).toBe(400);
    expect(badPostalCode.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['address.postalCode', 'area']);
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'id' })]);
    expect(await getVenue(stored.id)).toEqual(stored);
  });
});
