import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { getCatalogueEntry } from '../../functions/db/catalogue.ts';
import { db, tableName } from '../../functions/db/client.ts';
import { getMembership, listMembershipsOfOrganisation, removeMembership } from '../../functions/db/membership.ts';
import { getOrganisation, organisationToItem } from '../../functions/db/organisation.ts';
import { findPersonIdByIdentity, emailIdentity } from '../../functions/db/person.ts';
import { invitationLimit } from '../../functions/domain/organisations.ts';
import { seedDemoData } from '../../infra/local/seed/seed.ts';
import type { Locale } from '../../shared/locale.ts';
import { organisationDetail } from '../../shared/schemas/member.ts';
import { organisation, organisationList, type Organisation } from '../../shared/schemas/organisation.ts';
import { me } from '../../shared/schemas/person.ts';
import { useApi } from '../setup/api.ts';
import { signInAs } from '../setup/auth.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();
const { call, mailsTo, allMail } = useApi();

let counter = 0;
const address = (who: string) => `${who}.${++counter}@example.test`;
const admin = (locale: Locale = 'fi') => signInAs({ email: address('admin'), platformAdmin: true, locale });
const someone = (locale: Locale = 'fi') => signInAs({ email: address('person'), locale });
const memberOf = (org: { id: string }, locale: Locale = 'fi') =>
  signInAs({ email: address('member'), locale, memberships: [{ organisationId: org.id }] });

/** An organisation stored directly, as an admin would have accepted it. */
async function storedOrganisation(status: Organisation['status'] = 'accepted'): Promise<Organisation> {
  const at = new Date().toISOString();
  const value = organisation.parse({
    id: ulid(),
    name: { fi: `Kaupunginmuseo ${counter}`, sv: `Stadsmuseet ${counter}`, en: `City Museum ${counter}` },
    kind: 'museum',
    status,
    website: 'https://museum.example.test',
    version: 1,
    createdAt: at,
    updatedAt: at,
  });
  await db().send(new PutCommand({ TableName: tableName(), Item: organisationToItem(value) }));
  return value;
}

const proposal = { name: { fi: 'Nukketeatteri Pieni', sv: 'Dockteatern Lilla' }, kind: 'theatre', website: 'https://pieni.example.test' };
const json = (headers: { authorization: string }, lang: Locale = 'en') => ({ ...headers, 'accept-language': lang });

describe('proposing an organisation', () => {
  it('stores it as pending with the proposer as its only active member, and emails every platform admin in their own language', async () => {
    // Arrange
    const [finnishAdmin, swedishAdmin] = [await admin('fi'), await admin('sv')];
    const proposer = await someone('en');
    // Act
    const proposed = await call('POST', '/api/v1/organisations', proposal, proposer.authorization);
    // Assert
    expect(proposed.status).toBe(201);
    const stored = organisation.parse(proposed.body);
    expect(stored).toMatchObject({ ...proposal, status: 'pending', version: 1 });
    expect(await getOrganisation(stored.id, { consistent: true })).toEqual(stored);
    expect(await listMembershipsOfOrganisation(stored.id)).toEqual([
      expect.objectContaining({ personId: proposer.personId, role: 'member', status: 'active' }),
    ]);
    const mine = me.parse((await call('GET', '/api/v1/me', undefined, proposer.authorization)).body);
    expect(mine.memberships).toEqual([{ role: 'member', status: 'active', organisation: expect.objectContaining({ id: stored.id, status: 'pending' }) }]);
    const [fiMail] = mailsTo(finnishAdmin.email);
    const [svMail] = mailsTo(swedishAdmin.email);
    expect(fiMail?.subject).toBe('Uusi organisaatio odottaa hyväksyntää: Nukketeatteri Pieni');
    expect(fiMail?.text).toContain(proposer.email);
    expect(fiMail?.text).toContain('https://tarjotin.test/fi/admin');
    expect(svMail?.subject).toBe('Ny organisation väntar på godkännande: Dockteatern Lilla');
    expect(svMail?.locale).toBe('sv');
    expect(mailsTo(proposer.email)).toEqual([]);
  });

  it('refuses a signed-out client (401) and bad input (400 naming each field), storing nothing', async () => {
    // Arrange
    const proposer = await someone();
    const reviewer = await admin();
    const pendingBefore = organisationList.parse((await call('GET', '/api/v1/organisations?status=pending', undefined, reviewer.authorization)).body);
    // Act
    const signedOut = await call('POST', '/api/v1/organisations', proposal);
    const noName = await call('POST', '/api/v1/organisations', { ...proposal, name: {} }, json(proposer.authorization));
    const badKindAndSite = await call(
      'POST',
      '/api/v1/organisations',
      { ...proposal, kind: 'circus', website: 'http://pieni.example.test' },
      json(proposer.authorization),
    );
    // Assert
    expect(signedOut.status).toBe(401);
    expect(noName.status).toBe(400);
    expect(noName.headers.get('content-type')).toBe('application/problem+json');
    expect(noName.body.errors).toEqual([{ in: 'body', field: 'name', pointer: '/name', detail: 'Fill in the text in at least one language' }]);
    expect(badKindAndSite.status).toBe(400);
    expect(badKindAndSite.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['kind', 'website']);
    const pendingAfter = organisationList.parse((await call('GET', '/api/v1/organisations?status=pending', undefined, reviewer.authorization)).body);
    expect(pendingAfter).toEqual(pendingBefore);
    expect(me.parse((await call('GET', '/api/v1/me', undefined, proposer.authorization)).body).memberships).toEqual([]);
  });
});

describe('listing organisations', () => {
  it('shows accepted organisations to anyone signed in, and pending ones to platform admins only (403 naming status)', async () => {
    // Arrange
    const accepted = await storedOrganisation('accepted');
    const pending = await storedOrganisation('pending');
    const person = await someone();
    const reviewer = await admin();
    // Act
    const acceptedList = await call('GET', '/api/v1/organisations', undefined, person.authorization);
    const pendingAsPerson = await call('GET', '/api/v1/organisations?status=pending', undefined, json(person.authorization));
    const pendingAsAdmin = await call('GET', '/api/v1/organisations?status=pending', undefined, reviewer.authorization);
    const signedOut = await call('GET', '/api/v1/organisations');
    // Assert
    expect(acceptedList.status).toBe(200);
    const acceptedIds = organisationList.parse(acceptedList.body).items.map((o) => o.id);
    expect(acceptedIds).toContain(accepted.id);
    expect(acceptedIds).not.toContain(pending.id);
    expect(pendingAsPerson.status).toBe(403);
    expect(pendingAsPerson.body.errors).toEqual([expect.objectContaining({ in: 'query', field: 'status' })]);
    expect(organisationList.parse(pendingAsAdmin.body).items.map((o) => o.id)).toContain(pending.id);
    expect(signedOut.status).toBe(401);
  });
});

describe('deciding on a proposal', () => {
  it('accepts a pending organisation and emails each of its members in their own language, with the admin message', async () => {
    // Arrange
    const proposer = await someone('sv');
    const proposed = organisation.parse((await call('POST', '/api/v1/organisations', proposal, proposer.authorization)).body);
    const colleague = await memberOf(proposed, 'en');
    const reviewer = await admin();
    // Act
    const decided = await call('POST', `/api/v1/organisations/${proposed.id}/decision`, { status: 'accepted', message: 'Tervetuloa!' }, reviewer.authorization);
    // Assert
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ id: proposed.id, status: 'accepted', version: 2, decision: { by: reviewer.personId, message: 'Tervetuloa!' } });
    const [svMail] = mailsTo(proposer.email);
    expect(svMail?.subject).toBe('Organisationen Dockteatern Lilla har godkänts i Tarjotin');
    expect(svMail?.text).toContain('Tervetuloa!');
    const [enMail] = mailsTo(colleague.email);
    expect(enMail?.subject).toBe('Nukketeatteri Pieni has been accepted in Tarjotin');
    expect(enMail?.locale).toBe('en');
    const accepted = organisationList.parse((await call('GET', '/api/v1/organisations', undefined, proposer.authorization)).body);
    expect(accepted.items.map((o) => o.id)).toContain(proposed.id);
    const pending = organisationList.parse((await call('GET', '/api/v1/organisations?status=pending', undefined, reviewer.authorization)).body);
    expect(pending.items.map((o) => o.id)).not.toContain(proposed.id);
  });

  it('rejects with a message, and refuses a second decision with 409 leaving the first in place', async () => {
    // Arrange
    const proposer = await someone('fi');
    const proposed = organisation.parse((await call('POST', '/api/v1/organisations', proposal, proposer.authorization)).body);
    const reviewer = await admin();
    // Act
    const rejected = await call('POST', `/api/v1/organisations/${proposed.id}/decision`, { status: 'rejected', message: 'Ei kulttuuritoimintaa.' }, reviewer.authorization);
    const again = await call('POST', `/api/v1/organisations/${proposed.id}/decision`, { status: 'accepted' }, json(reviewer.authorization));
    // Assert
    expect(rejected.status).toBe(200);
    const [mail] = mailsTo(proposer.email);
    expect(mail?.subject).toBe('Organisaatiota Nukketeatteri Pieni ei hyväksytty Tarjottimeen');
    expect(mail?.text).toContain('Ylläpitäjän viesti: Ei kulttuuritoimintaa.');
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('The organisation has already been accepted or rejected.');
    expect(await getOrganisation(proposed.id, { consistent: true })).toMatchObject({ status: 'rejected', version: 2 });
    expect(mailsTo(proposer.email)).toHaveLength(1);
  });

  it('refuses a decision by a signed-out client (401), a member (403) and bad input (400 naming status); the proposal stays pending', async () => {
    // Arrange
    const proposer = await someone();
    const proposed = organisation.parse((await call('POST', '/api/v1/organisations', proposal, proposer.authorization)).body);
    const reviewer = await admin();
    // Act
    const signedOut = await call('POST', `/api/v1/organisations/${proposed.id}/decision`, { status: 'accepted' });
    const byMember = await call('POST', `/api/v1/organisations/${proposed.id}/decision`, { status: 'accepted' }, proposer.authorization);
    const stillPending = await call('POST', `/api/v1/organisations/${proposed.id}/decision`, { status: 'pending' }, reviewer.authorization);
    const unknown = await call('POST', `/api/v1/organisations/${ulid()}/decision`, { status: 'accepted' }, reviewer.authorization);
    // Assert
    expect(signedOut.status).toBe(401);
    expect(byMember.status).toBe(403);
    expect(stillPending.status).toBe(400);
    expect(stillPending.body.errors).toEqual([expect.objectContaining({ in: 'body', field: 'status' })]);
    expect(unknown.status).toBe(404);
    expect(await getOrganisation(proposed.id, { consistent: true })).toEqual(proposed);
    expect(mailsTo(proposer.email)).toEqual([]);
  });
});

describe('an organisation seen by its members', () => {
  it('shows its members with email, role and status, join requests last, and its venues; to members and admins only', async () => {
    // Arrange
    const org = await storedOrganisation();
    const member = await memberOf(org);
    const asker = await someone();
    await call('POST', `/api/v1/organisations/${org.id}/join-requests`, undefined, asker.authorization);
    const outsider = await memberOf(await storedOrganisation());
    const reviewer = await admin();
    // Act
    const seen = await call('GET', `/api/v1/organisations/${org.id}`, undefined, member.authorization);
    const byAdmin = await call('GET', `/api/v1/organisations/${org.id}`, undefined, reviewer.authorization);
    const byOutsider = await call('GET', `/api/v1/organisations/${org.id}`, undefined, json(outsider.authorization));
    const byAsker = await call('GET', `/api/v1/organisations/${org.id}`, undefined, asker.authorization);
    // Assert
    expect(seen.status).toBe(200);
    const detail = organisationDetail.parse(seen.body);
    expect(detail.members).toEqual([
      expect.objectContaining({ personId: member.personId, email: member.email, role: 'member', status: 'active' }),
      expect.objectContaining({ personId: asker.personId, email: asker.email, role: 'member', status: 'requested' }),
    ]);
    expect(detail.venues).toEqual([]);
    expect(byAdmin.status).toBe(200);
    expect(byOutsider.status).toBe(403);
    expect(byOutsider.body.errors).toEqual([{ in: 'path', field: 'id', pointer: '/id', detail: 'You are not a member of this organisation' }]);
    expect(byAsker.status).toBe(403);
  });
});

describe('editing an organisation', () => {
  let demo: Awaited<ReturnType<typeof seedDemoData>>;
  beforeAll(async () => {
    demo = await seedDemoData({ offerings: 12 });
  });

  it("saves a member's edit from the version read, and search shows the new name on its published offerings", async () => {
    // Arrange
    const offering = demo!.offerings.find((o) => o.status === 'published')!;
    const org = demo!.organisations.find((o) => o.id === offering.organisationId)!;
    const member = await memberOf(org);
    const name = { fi: 'Uusi nimi', sv: 'Nytt namn', en: 'New name' };
    // Act
    const saved = await call('PUT', `/api/v1/organisations/${org.id}`, { name, kind: org.kind, version: 1 }, member.authorization);
    // Assert
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name, version: 2, status: 'accepted' });
    expect(saved.body.website).toBeUndefined();
    expect(await getOrganisation(org.id, { consistent: true })).toMatchObject({ name, version: 2 });
    expect((await getCatalogueEntry(offering.id))?.organisation.name).toEqual(name);
  });

  it('refuses a stale version with 409 naming version and a clear message, keeping the newer edit', async () => {
    // Arrange
    const org = await storedOrganisation();
    const [first, second] = [await memberOf(org), await memberOf(org)];
    await call('PUT', `/api/v1/organisations/${org.id}`, { name: { fi: 'Ensimmäinen' }, kind: 'museum', version: 1 }, first.authorization);
    // Act
    const stale = await call('PUT', `/api/v1/organisations/${org.id}`, { name: { fi: 'Toinen' }, kind: 'museum', version: 1 }, json(second.authorization));
    // Assert
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    expect(stale.body.detail).toBe('Someone else saved this after you opened it. Reload the page to see their changes, then make yours again.');
    expect(stale.body.errors).toEqual([expect.objectContaining({ in: 'body', field: 'version' })]);
    expect(await getOrganisation(org.id, { consistent: true })).toMatchObject({ name: { fi: 'Ensimmäinen' }, version: 2 });
  });

  it("refuses a signed-out client (401), another organisation's member (403 naming id) and bad input (400 naming each field); nothing changes", async () => {
    // Arrange
    const org = await storedOrganisation();
    const member = await memberOf(org);
    const outsider = await memberOf(await storedOrganisation());
    const edit = { name: { fi: 'Muutettu' }, kind: 'museum', version: 1 };
    // Act
    const signedOut = await call('PUT', `/api/v1/organisations/${org.id}`, edit);
    const byOutsider = await call('PUT', `/api/v1/organisations/${org.id}`, edit, json(outsider.authorization));
    const blankName = await call('PUT', `/api/v1/organisations/${org.id}`, { ...edit, name: { fi: '  ' } }, json(member.authorization));
    const noVersion = await call('PUT', `/api/v1/organisations/${org.id}`, { name: edit.name, kind: 'zoo' }, json(member.authorization));
    // Assert
    expect(signedOut.status).toBe(401);
    expect(byOutsider.status).toBe(403);
    expect(byOutsider.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'id' })]);
    expect(blankName.status).toBe(400);
    expect(blankName.body.errors).toEqual([expect.objectContaining({ field: 'name.fi' })]);
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['kind', 'version']);
    expect(await getOrganisation(org.id, { consistent: true })).toEqual(org);
  });
});

describe('joining an organisation', () => {
  it('lets a person ask to join an accepted organisation, emails its active members, and a member lets them in', async () => {
    // Arrange
    const org = await storedOrganisation();
    const member = await memberOf(org, 'sv');
    const asker = await someone('en');
    // Act
    const asked = await call('POST', `/api/v1/organisations/${org.id}/join-requests`, undefined, asker.authorization);
    const requestMail = mailsTo(member.email)[0];
    const accepted = await call('PUT', `/api/v1/organisations/${org.id}/members/${asker.personId}`, { status: 'active' }, member.authorization);
    // Assert
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ organisationId: org.id, personId: asker.personId, status: 'requested' });
    expect(requestMail?.subject).toBe(`Begäran om att gå med i ${org.name.sv}`);
    expect(requestMail?.text).toContain(asker.email);
    expect(requestMail?.text).toContain(`https://tarjotin.test/sv/provider/organisations/${org.id}`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ personId: asker.personId, email: asker.email, status: 'active', addedBy: member.personId });
    expect(mailsTo(asker.email).map((m) => m.subject)).toEqual([`You are now a member of ${org.name.en}`]);
    const mine = me.parse((await call('GET', '/api/v1/me', undefined, asker.authorization)).body);
    expect(mine.memberships).toEqual([expect.objectContaining({ status: 'active', organisation: expect.objectContaining({ id: org.id }) })]);
  });

  it('refuses asking twice (409) and asking to join a pending organisation (404); a signed-out client gets 401', async () => {
    // Arrange
    const org = await storedOrganisation();
    const pending = await storedOrganisation('pending');
    const asker = await someone();
    await call('POST', `/api/v1/organisations/${org.id}/join-requests`, undefined, asker.authorization);
    // Act
    const twice = await call('POST', `/api/v1/organisations/${org.id}/join-requests`, undefined, asker.authorization);
    const toPending = await call('POST', `/api/v1/organisations/${pending.id}/join-requests`, undefined, asker.authorization);
    const signedOut = await call('POST', `/api/v1/organisations/${org.id}/join-requests`);
    // Assert
    expect(twice.status).toBe(409);
    expect(toPending.status).toBe(404);
    expect(signedOut.status).toBe(401);
    expect(await getMembership(asker.personId, org.id)).toMatchObject({ status: 'requested' });
    expect(await getMembership(asker.personId, pending.id)).toBeUndefined();
  });

  it('lets a member refuse a request: it is gone and the asker is told in their language', async () => {
    // Arrange
    const org = await storedOrganisation();
    const member = await memberOf(org);
    const asker = await someone('fi');
    await call('POST', `/api/v1/organisations/${org.id}/join-requests`, undefined, asker.authorization);
    // Act
    const refused = await call('DELETE', `/api/v1/organisations/${org.id}/members/${asker.personId}`, undefined, member.authorization);
    // Assert
    expect(refused.status).toBe(204);
    expect(await getMembership(asker.personId, org.id)).toBeUndefined();
    expect(mailsTo(asker.email).map((m) => m.subject)).toEqual([`Liittymispyyntösi: ${org.name.fi}`]);
  });

  it("refuses letting someone in by another organisation's member (403 naming id), a signed-out client (401) and a bad status (400); the request stays", async () => {
    // Arrange
    const org = await storedOrganisation();
    const member = await memberOf(org);
    const outsider = await memberOf(await storedOrganisation());
    const asker = await someone();
    await call('POST', `/api/v1/organisations/${org.id}/join-requests`, undefined, asker.authorization);
    const path = `/api/v1/organisations/${org.id}/members/${asker.personId}`;
    // Act
    const byOutsider = await call('PUT', path, { status: 'active' }, json(outsider.authorization));
    const byAsker = await call('PUT', path, { status: 'active' }, asker.authorization);
    const signedOut = await call('PUT', path, { status: 'active' });
    const badStatus = await call('PUT', path, { status: 'requested' }, member.authorization);
    const unknownPerson = await call('PUT', `/api/v1/organisations/${org.id}/members/${ulid()}`, { status: 'active' }, member.authorization);
    // Assert
    expect(byOutsider.status).toBe(403);
    expect(byOutsider.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'id' })]);
    expect(byAsker.status).toBe(403);
    expect(signedOut.status).toBe(401);
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.errors).toEqual([expect.objectContaining({ in: 'body', field: 'status' })]);
    expect(unknownPerson.status).toBe(404);
    expect(unknownPerson.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'personId' })]);
    expect(await getMembership(asker.personId, org.id)).toMatchObject({ status: 'requested' });
  });
});

describe('malformed ids in the path', () => {
  it('are refused with 400 naming the field before anything is read or stored', async () => {
    // Arrange
    const org = await storedOrganisation();
    const member = await memberOf(org);
    // Act
    const join = await call('POST', '/api/v1/organisations/not-an-id/join-requests', undefined, json(member.authorization));
    const remove = await call('DELETE', `/api/v1/organisations/${org.id}/members/nobody`, undefined, json(member.authorization));
    const decide = await call('POST', '/api/v1/organisations/42/decision', { status: 'accepted' }, json((await admin()).authorization));
    // Assert
    expect(join.status).toBe(400);
    expect(join.body.errors).toEqual([{ in: 'path', field: 'id', pointer: '/id', detail: 'Invalid identifier' }]);
    expect(remove.status).toBe(400);
    expect(remove.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'personId' })]);
    expect(decide.status).toBe(400);
    expect(await listMembershipsOfOrganisation(org.id)).toEqual([expect.objectContaining({ personId: member.personId, status: 'active' })]);
  });
});

describe('inviting a colleague', () => {
  it('adds someone who has never signed in as an active member and emails them a sign-in link in the language given', async () => {
    // Arrange
    const org = await storedOrganisation();
    const member = await memberOf(org);
    const invitee = address('New.Colleague');
    // Act
    const invited = await call('POST', `/api/v1/organisations/${org.id}/members`, { email: invitee.toUpperCase(), locale: 'sv' }, member.authorization);
    // Assert
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: invitee.toLowerCase(), role: 'member', status: 'active', addedBy: member.personId });
    const [mail] = mailsTo(invitee);
    expect(mail?.subject).toBe(`Du har lagts till i ${org.name.sv} i Tarjotin`);
    expect(mail?.text).toContain('https://tarjotin.test/sv/sign-in');
    expect(mail?.text).toContain(member.email);
    const personId = await findPersonIdByIdentity(emailIdentity(invitee));
    expect(personId).toBe(invited.body.personId);
    const signedIn = await signInAs({ email: invitee });
    const mine = me.parse((await call('GET', '/api/v1/me', undefined, signedIn.authorization)).body);
    expect(mine).toMatchObject({ id: personId, locale: 'sv' });
    expect(mine.memberships).toEqual([expect.objectContaining({ status: 'active', organisation: expect.objectContaining({ id: org.id }) })]);
  });

  it('adds a person who already has an account in their own language, and lets in someone who had asked to join', async () => {
    // Arrange
    const org = await storedOrganisation();
    const member = await memberOf(org, 'fi');
    const existing = await someone('en');
    const asker = await someone('sv');
    await call('POST', `/api/v1/organisations/${org.id}/join-requests`, undefined, asker.authorization);
    // Act
    const first = await call('POST', `/api/v1/organisations/${org.id}/members`, { email: existing.email, locale: 'fi' }, member.authorization);
    const second = await call('POST', `/api/v1/organisations/${org.id}/members`, { email: asker.email }, member.authorization);
    // Assert
    expect(first.status).toBe(201);
    expect(mailsTo(existing.email).map((m) => m.locale)).toEqual(['en']);
    expect(second.status).toBe(201);
    expect(await getMembership(asker.personId, org.id)).toMatchObject({ status: 'active', addedBy: member.personId });
  });

  it('limits invitations per person with 429 and Retry-After; the refused one adds nobody and mails nobody', async () => {
    // Arrange: a member who has sent as many invitations as an hour allows.
    const org = await storedOrganisation();
    const member = await memberOf(org);
    const path = `/api/v1/organisations/${org.id}/members`;
    for (let i = 0; i < invitationLimit.count; i++) {
      expect((await call('POST', path, { email: address(`colleague${i}`) }, json(member.authorization))).status).toBe(201);
    }
    const before = await listMembershipsOfOrganisation(org.id);
    const oneTooMany = address('one.too.many');
    // Act
    const refused = await call('POST', path, { email: oneTooMany }, json(member.authorization));
    // Assert
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await listMembershipsOfOrganisation(org.id)).toEqual(before);
    expect(mailsTo(oneTooMany)).toEqual([]);
  });

  it("refuses a signed-out client (401), another organisation's member (403 naming id), a bad address (400 naming email) and an existing member (409); nothing stored changes", async () => {
    // Arrange
    const org = await storedOrganisation();
    const member = await memberOf(org);
    const colleague = await memberOf(org);
    const outsider = await memberOf(await storedOrganisation());
    const before = await listMembershipsOfOrganisation(org.id);
    const invitee = address('invitee');
    const path = `/api/v1/organisations/${org.id}/members`;
    // Act
    const signedOut = await call('POST', path, { email: invitee });
    const byOutsider = await call('POST', path, { email: invitee }, json(outsider.authorization));
    const badAddress = await call('POST', path, { email: 'not an address', role: 'boss' }, json(member.authorization));
    const existing = await call('POST', path, { email: colleague.email, role: 'door-staff' }, json(member.authorization));
    // Assert
    expect(signedOut.status).toBe(401);
    expect(byOutsider.status).toBe(403);
    expect(byOutsider.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'id' })]);
    expect(badAddress.status).toBe(400);
    expect(badAddress.body.errors).toEqual([
      expect.objectContaining({ field: 'email', detail: 'Invalid email address' }),
      expect.objectContaining({ field: 'role' }),
    ]);
    expect(existing.status).toBe(409);
    expect(existing.body.detail).toBe('That person is already a member of the organisation or has asked to join it.');
    expect((await listMembershipsOfOrganisation(org.id)).sort((a, b) => a.personId.localeCompare(b.personId))).toEqual(
      before.sort((a, b) => a.personId.localeCompare(b.personId)),
    );
    expect(await findPersonIdByIdentity(emailIdentity(invitee))).toBeUndefined();
    expect(mailsTo(invitee)).toEqual([]);
  });
});

describe('removing members', () => {
  it('removes a member and lets a member leave, but never removes the last active member (409)', async () => {
    // Arrange
    const org = await storedOrganisation();
    const [first, second, third] = [await memberOf(org), await memberOf(org), await memberOf(org)];
    // Act
    const removed = await call('DELETE', `/api/v1/organisations/${org.id}/members/${second.personId}`, undefined, first.authorization);
    const left = await call('DELETE', `/api/v1/organisations/${org.id}/members/${third.personId}`, undefined, third.authorization);
    const last = await call('DELETE', `/api/v1/organisations/${org.id}/members/${first.personId}`, undefined, json(first.authorization));
    // Assert
    expect([removed.status, left.status]).toEqual([204, 204]);
    expect(last.status).toBe(409);
    expect(last.body.detail).toBe('An organisation must keep at least one member. Add another member first.');
    expect((await listMembershipsOfOrganisation(org.id)).map((m) => m.personId)).toEqual([first.personId]);
    expect(allMail().filter((m) => [first.email, second.email, third.email].includes(m.to))).toEqual([]);
  });

  it('keeps one active member when the last two remove each other at the same moment', async () => {
    // Arrange
    const org = await storedOrganisation();
    const [a, b] = [await memberOf(org), await memberOf(org)];
    const [ma, mb] = [(await getMembership(a.personId, org.id))!, (await getMembership(b.personId, org.id))!];
    // Act: each removal is guarded by the other member still being active
    const outcomes = await Promise.all([removeMembership(ma, mb), removeMembership(mb, ma)]);
    // Assert
    expect(outcomes.filter(Boolean).length).toBeLessThanOrEqual(1);
    expect((await listMembershipsOfOrganisation(org.id)).length).toBeGreaterThanOrEqual(1);
  });

  it("refuses removal by a signed-out client (401) and another organisation's member (403 naming id); unknown people are a 404; the member stays", async () => {
    // Arrange
    const org = await storedOrganisation();
    const [member, colleague] = [await memberOf(org), await memberOf(org)];
    const outsider = await memberOf(await storedOrganisation());
    const path = `/api/v1/organisations/${org.id}/members/${colleague.personId}`;
    // Act
    const signedOut = await call('DELETE', path);
    const byOutsider = await call('DELETE', path, undefined, json(outsider.authorization));
    const unknown = await call('DELETE', `/api/v1/organisations/${org.id}/members/${ulid()}`, undefined, member.authorization);
    // Assert
    expect(signedOut.status).toBe(401);
    expect(byOutsider.status).toBe(403);
    expect(byOutsider.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'id' })]);
    expect(unknown.status).toBe(404);
    expect(await getMembership(colleague.personId, org.id)).toMatchObject({ status: 'active' });
  });
});
