import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { useYearlyAllowanceAction } from '../../functions/db/child-year.ts';
import { db, tableName } from '../../functions/db/client.ts';
import { invitationToItem } from '../../functions/db/invitation.ts';
import { getChild, listChildrenOfCohort, pastExperienceAction } from '../../functions/db/family.ts';
import { guardianInvitationLimit, helsinkiYearOf, requireFamily } from '../../functions/domain/families.ts';
import { problem } from '../../shared/schemas/api.ts';
import { cohort, familyChild, familyView, myFamily, type Cohort } from '../../shared/schemas/godchild.ts';
import { useApi } from '../setup/api.ts';
import { signInAs, type TestPerson } from '../setup/auth.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();
const { call, mailsTo } = useApi();

let counter = 0;
const address = (who: string) => `${who}.${++counter}@example.test`;
const guardian = (locale: 'fi' | 'sv' | 'en' = 'fi') => signInAs({ email: address('guardian'), locale });
const en = (person?: TestPerson) => ({ 'accept-language': 'en', ...(person?.authorization ?? {}) });
const fieldsOf = (body: unknown) => (problem.parse(body).errors ?? []).map((e) => e.field);
const familyOf = async (person: TestPerson) => myFamily.parse((await call('GET', '/api/v1/me/family', undefined, en(person))).body).family;

let served2019: Cohort;
let served2020: Cohort;

beforeAll(async () => {
  const platformAdmin = await signInAs({ email: 'admin@city.test', platformAdmin: true });
  const create = async (birthYear: number, active = true) => {
    const created = await call('POST', '/api/v1/admin/cohorts', { birthYear, postalCodes: ['00', '01', '02'], active }, en(platformAdmin));
    expect(created.status).toBe(201);
    return cohort.parse(created.body);
  };
  served2019 = await create(2019);
  served2020 = await create(2020);
  await create(2018, false);
});

const child2019 = { birthYear: 2019, postalCode: '00530', homeLanguages: ['fi', 'sv'], firstName: 'Aino' };

async function register(person: TestPerson, body: Record<string, unknown> = child2019) {
  const answer = await call('POST', '/api/v1/me/family/children', body, en(person));
  expect(answer.status).toBe(201);
  return familyChild.parse(answer.body);
}

describe('registering children', () => {
  it('registers a child in the cohort of its birth year, making the family with the guardian’s address and language, and shows this year’s use', async () => {
    // Arrange
    const person = await guardian('sv');
    const before = await familyOf(person);
    // Act
    const registered = await register(person);
    const second = await register(person, { birthYear: 2020, postalCode: '01230', homeLanguages: ['ar'] });
    const view = await familyOf(person);
    // Assert
    expect(before).toBeNull();
    expect(registered).toMatchObject({ ...child2019, cohortId: served2019.id, pastExperiences: 0, version: 1, cohort: { birthYear: 2019, yearlyLimit: 2 } });
    expect(registered.thisYear).toEqual({ year: helsinkiYearOf(new Date()), used: 0, limit: 2 });
    expect(second.firstName).toBeUndefined();
    expect(view?.family).toMatchObject({ guardianIds: [person.personId], email: person.email, locale: 'sv', nonEssentialMail: false });
    expect(view?.guardians).toEqual([{ personId: person.personId, email: person.email }]);
    expect(view?.children.map((c) => [c.birthYear, c.cohort.id])).toEqual([
      [2019, served2019.id],
      [2020, served2020.id],
    ]);
    expect((await listChildrenOfCohort(served2019.id)).map((c) => c.id)).toContain(registered.id);
  });

  it('refuses a birth year not served (naming the years served), a postal code of another municipality and any extra field, storing nothing', async () => {
    // Arrange
    const person = await guardian();
    // Act
    const tooOld = await call('POST', '/api/v1/me/family/children', { ...child2019, birthYear: 2012 }, en(person));
    const closedCohort = await call('POST', '/api/v1/me/family/children', { ...child2019, birthYear: 2018 }, { ...en(person), 'accept-language': 'fi' });
    const elsewhere = await call('POST', '/api/v1/me/family/children', { ...child2019, postalCode: '33100' }, en(person));
    const surname = await call('POST', '/api/v1/me/family/children', { ...child2019, surname: 'Virtanen' }, en(person));
    const badCode = await call('POST', '/api/v1/me/family/children', { ...child2019, postalCode: '0053', homeLanguages: [] }, en(person));
    const signedOut = await call('POST', '/api/v1/me/family/children', child2019, en());
    // Assert
    expect(tooOld.status).toBe(400);
    expect(tooOld.headers.get('content-type')).toBe('application/problem+json');
    expect(fieldsOf(tooOld.body)).toEqual(['birthYear']);
    expect(tooOld.body.errors[0].detail).toBe('Children born in 2012 are not served. The programme serves children born in 2019, 2020.');
    expect(closedCohort.status).toBe(400);
    expect(closedCohort.body.errors[0].detail).toBe('Vuonna 2018 syntyneet eivät kuulu ohjelmaan. Ohjelmaan kuuluvat vuosina 2019, 2020 syntyneet.');
    expect(elsewhere.status).toBe(400);
    expect(fieldsOf(elsewhere.body)).toEqual(['postalCode']);
    expect(elsewhere.body.errors[0].detail).toBe('The postal code is not in the municipality: the programme serves children living in the city');
    expect(surname.status).toBe(400);
    expect(badCode.status).toBe(400);
    expect(fieldsOf(badCode.body).sort()).toEqual(['homeLanguages', 'postalCode']);
    expect(signedOut.status).toBe(401);
    expect(await familyOf(person)).toBeNull();
  });

  it('keeps the birth year fixed (400 birthYearFixed), checks the postal code again and edits only from the version read', async () => {
    // Arrange
    const person = await guardian();
    const registered = await register(person);
    const edit = { postalCode: '02100', homeLanguages: ['en'], version: 1 };
    // Act
    const newYear = await call('PUT', `/api/v1/me/family/children/${registered.id}`, { ...edit, birthYear: 2020 }, en(person));
    const elsewhere = await call('PUT', `/api/v1/me/family/children/${registered.id}`, { ...edit, postalCode: '20100' }, en(person));
    const saved = await call('PUT', `/api/v1/me/family/children/${registered.id}`, { ...edit, birthYear: 2019 }, en(person));
    const stale = await call('PUT', `/api/v1/me/family/children/${registered.id}`, edit, en(person));
    const stranger = await call('PUT', `/api/v1/me/family/children/${registered.id}`, { ...edit, version: 2 }, en(await guardian()));
    // Assert
    expect(newYear.status).toBe(400);
    expect(fieldsOf(newYear.body)).toEqual(['birthYear']);
    expect(newYear.body.errors[0].detail).toBe('The year of birth cannot be changed once set');
    expect(elsewhere.status).toBe(400);
    expect(fieldsOf(elsewhere.body)).toEqual(['postalCode']);
    expect(saved.status).toBe(200);
    expect(familyChild.parse(saved.body)).toMatchObject({ birthYear: 2019, postalCode: '02100', homeLanguages: ['en'], version: 2 });
    expect(familyChild.parse(saved.body).firstName).toBeUndefined();
    expect(stale.status).toBe(409);
    expect(stranger.status).toBe(404);
    expect(await getChild(registered.familyId, registered.id)).toMatchObject({ birthYear: 2019, postalCode: '02100', version: 2 });
  });

  it('counts past experiences for other parts of the module without moving the version a guardian edits from', async () => {
    // Arrange
    const person = await guardian();
    const registered = await register(person);
    // Act
    await db().send(new TransactWriteCommand({ TransactItems: [pastExperienceAction(registered.familyId, registered.id)] }));
    const edited = await call('PUT', `/api/v1/me/family/children/${registered.id}`, { postalCode: '00100', homeLanguages: ['fi'], version: 1 }, en(person));
    // Assert
    expect(edited.status).toBe(200);
    expect(await getChild(registered.familyId, registered.id)).toMatchObject({ pastExperiences: 1, postalCode: '00100', version: 2 });
  });

  it('refuses (409) to remove a child while it has an invitation still offered', async () => {
    // Arrange
    const person = await guardian();
    const invited = await register(person);
    const at = new Date().toISOString();
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: invitationToItem({
          id: ulid(),
          roundId: ulid(),
          cohortId: served2019.id,
          familyId: invited.familyId,
          childIds: [invited.id],
          offeringId: ulid(),
          occurrenceId: ulid(),
          persons: 2,
          status: 'offered',
          source: 'allocation',
          respondBy: new Date(Date.now() + 86_400_000).toISOString(),
          acceptCode: 'ABCDEFGH23',
          delivery: 'email',
          createdAt: at,
        }),
      }),
    );
    // Act
    const refused = await call('DELETE', `/api/v1/me/family/children/${invited.id}`, undefined, en(person));
    // Assert
    expect(refused.status).toBe(409);
    expect(await getChild(invited.familyId, invited.id)).toBeDefined();
  });

  it('removes a child while it has used none of this year’s limit, and refuses (409) once it has', async () => {
    // Arrange
    const person = await guardian();
    const kept = await register(person);
    const removed = await register(person, { ...child2019, firstName: 'Eino' });
    const year = helsinkiYearOf(new Date());
    await db().send(new TransactWriteCommand({ TransactItems: [useYearlyAllowanceAction({ childId: kept.id, year, limit: 2 })] }));
    // Act
    const refused = await call('DELETE', `/api/v1/me/family/children/${kept.id}`, undefined, en(person));
    const deleted = await call('DELETE', `/api/v1/me/family/children/${removed.id}`, undefined, en(person));
    const again = await call('DELETE', `/api/v1/me/family/children/${removed.id}`, undefined, en(person));
    // Assert
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('The child cannot be removed while they have experiences this year, a ticket or an open invitation.');
    expect(deleted.status).toBe(204);
    expect(again.status).toBe(404);
    const view = await familyOf(person);
    expect(view?.children.map((c) => [c.id, c.thisYear.used])).toEqual([[kept.id, 1]]);
  });
});

describe('family settings', () => {
  it('saves the contact language and the mail choice, making the family if needed; a stale version is a 409', async () => {
    // Arrange
    const person = await guardian('fi');
    // Act
    const first = await call('PUT', '/api/v1/me/family/settings', { locale: 'sv', nonEssentialMail: true }, en(person));
    const stale = await call('PUT', '/api/v1/me/family/settings', { locale: 'en', nonEssentialMail: false, version: 1 }, en(person));
    const bad = await call('PUT', '/api/v1/me/family/settings', { locale: 'de', nonEssentialMail: 'yes' }, en(person));
    // Assert
    expect(first.status).toBe(200);
    expect(familyView.parse(first.body).family).toMatchObject({ locale: 'sv', nonEssentialMail: true, version: 2 });
    expect(stale.status).toBe(409);
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body).sort()).toEqual(['locale', 'nonEssentialMail']);
    expect((await familyOf(person))?.family).toMatchObject({ locale: 'sv', nonEssentialMail: true, version: 2 });
  });
});

const tokenIn = (text: string) => /guardian-invitation\?token=([A-Za-z0-9_-]{43})/.exec(text)?.[1];

describe('a second guardian', () => {
  it('is emailed a link in the family’s language and, signed in with that address, joins the family; a third guardian is refused', async () => {
    // Arrange
    const first = await guardian('fi');
    const registered = await register(first);
    const secondAddress = address('second');
    // Act
    const invited = await call('POST', '/api/v1/me/family/guardians', { email: secondAddress.toUpperCase() }, en(first));
    const [mail] = mailsTo(secondAddress);
    const token = tokenIn(mail?.text ?? '');
    const someoneElse = await call('POST', `/api/v1/family-invitations/${token}/accept`, undefined, en(await guardian()));
    const second = await signInAs({ email: secondAddress, locale: 'en' });
    const joined = await call('POST', `/api/v1/family-invitations/${token}/accept`, undefined, en(second));
    const third = await call('POST', '/api/v1/me/family/guardians', { email: address('third') }, en(first));
    // Assert
    expect(invited.status).toBe(201);
    expect(invited.body.email).toBe(secondAddress);
    expect(mail?.subject).toBe('Sinut on kutsuttu perheeseen kulttuurin kummilapsiohjelmassa');
    expect(mail?.text).toContain(first.email);
    expect(mail?.text).toContain('https://tarjotin.test/fi/family/guardian-invitation?token=');
    expect(token).toBeDefined();
    expect(someoneElse.status).toBe(403);
    expect(joined.status).toBe(200);
    const view = familyView.parse(joined.body);
    expect(view.family.guardianIds).toEqual([first.personId, second.personId]);
    expect(view.family.email).toBe(first.email);
    expect(view.guardians.map((g) => g.email)).toEqual([first.email, secondAddress]);
    expect(view.children.map((c) => c.id)).toEqual([registered.id]);
    expect((await familyOf(second))?.family.id).toBe(registered.familyId);
    expect((await requireFamily(second)).id).toBe(registered.familyId);
    expect(third.status).toBe(409);
    expect(third.body.detail).toBe('The family already has two guardians, the most it can have.');
  });

  it('refuses a used, forged or malformed link (400 naming token) and a person already in another family (409), changing nothing', async () => {
    // Arrange
    const first = await guardian();
    await register(first);
    const taken = await guardian();
    const takenFamily = (await register(taken)).familyId;
    await call('POST', '/api/v1/me/family/guardians', { email: taken.email }, en(first));
    const token = tokenIn(mailsTo(taken.email)[0]?.text ?? '')!;
    const invitee = address('invitee');
    await call('POST', '/api/v1/me/family/guardians', { email: invitee }, en(first));
    const inviteeToken = tokenIn(mailsTo(invitee)[0]?.text ?? '')!;
    const inviteePerson = await signInAs({ email: invitee });
    // Act
    const inOtherFamily = await call('POST', `/api/v1/family-invitations/${token}/accept`, undefined, en(taken));
    const forged = await call('POST', `/api/v1/family-invitations/${'A'.repeat(43)}/accept`, undefined, en(inviteePerson));
    const malformed = await call('POST', '/api/v1/family-invitations/short/accept', undefined, en(inviteePerson));
    const accepted = await call('POST', `/api/v1/family-invitations/${inviteeToken}/accept`, undefined, en(inviteePerson));
    const replayed = await call('POST', `/api/v1/family-invitations/${inviteeToken}/accept`, undefined, en(inviteePerson));
    const usedByOther = await call('POST', `/api/v1/family-invitations/${token}/accept`, undefined, en(taken));
    // Assert
    expect(inOtherFamily.status).toBe(409);
    expect(inOtherFamily.body.detail).toBe('You are already a guardian in another family. A person can belong to one family only.');
    expect(forged.status).toBe(400);
    expect(fieldsOf(forged.body)).toEqual(['token']);
    expect(malformed.status).toBe(400);
    expect(accepted.status).toBe(200);
    expect(replayed.status).toBe(400);
    expect(usedByOther.status).toBe(409);
    expect((await familyOf(taken))?.family).toMatchObject({ id: takenFamily, guardianIds: [taken.personId] });
    expect((await familyOf(first))?.family.guardianIds).toEqual([first.personId, inviteePerson.personId]);
  });

  it('refuses inviting an address already a guardian (400 naming email), and limits invitations per person (429)', async () => {
    // Arrange
    const first = await guardian();
    // Act
    const self = await call('POST', '/api/v1/me/family/guardians', { email: first.email }, en(first));
    const answers = [];
    for (let i = 0; i < guardianInvitationLimit.count + 1; i++) {
      answers.push((await call('POST', '/api/v1/me/family/guardians', { email: address('maybe') }, en(first))).status);
    }
    // Assert
    expect(self.status).toBe(400);
    expect(fieldsOf(self.body)).toEqual(['email']);
    expect(answers.slice(0, guardianInvitationLimit.count).every((s) => s === 201)).toBe(true);
    expect(answers.at(-1)).toBe(429);
  });
});
