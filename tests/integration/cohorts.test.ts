import { describe, expect, it } from 'vitest';
import { getCatalogueEntry } from '../../functions/db/catalogue.ts';
import { getOffering, offeringToItem } from '../../functions/db/offering.ts';
import { listExperiencesOfCohort } from '../../functions/domain/cohorts.ts';
import { offeringPage, problem } from '../../shared/schemas/api.ts';
import { cohort, cohortExperiences, cohortList, publicCohortList, type Cohort } from '../../shared/schemas/godchild.ts';
import { offering } from '../../shared/schemas/offering.ts';
import { useApi } from '../setup/api.ts';
import { signInAs, type TestPerson } from '../setup/auth.ts';
import { enrolmentBody } from '../setup/enrolments.ts';
import { occurrenceBody, offeringBody, putOrganisation, putVenue } from '../setup/providers.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();
const { call } = useApi();

let counter = 0;
const address = (who: string) => `${who}.${++counter}@example.test`;
const admin = () => signInAs({ email: address('admin'), platformAdmin: true });
const en = (person?: TestPerson) => ({ 'accept-language': 'en', ...(person?.authorization ?? {}) });
const fieldsOf = (body: unknown) => (problem.parse(body).errors ?? []).map((e) => e.field);

async function createCohort(by: TestPerson, birthYear: number, extra: Record<string, unknown> = {}): Promise<Cohort> {
  const created = await call('POST', '/api/v1/admin/cohorts', { birthYear, postalCodes: ['00', '01'], ...extra }, en(by));
  expect(created.status).toBe(201);
  return cohort.parse(created.body);
}

describe('managing cohorts', () => {
  it('lets only platform admins create cohorts, one per birth year (a second is a 409 naming birthYear), with a yearly limit of 2 by default', async () => {
    // Arrange
    const platformAdmin = await admin();
    const person = await signInAs({ email: address('guardian') });
    const body = { birthYear: 2019, postalCodes: ['00', '01', '02'] };
    // Act
    const signedOut = await call('POST', '/api/v1/admin/cohorts', body, en());
    const notAdmin = await call('POST', '/api/v1/admin/cohorts', body, en(person));
    const created = await call('POST', '/api/v1/admin/cohorts', body, en(platformAdmin));
    const again = await call('POST', '/api/v1/admin/cohorts', { ...body, postalCodes: ['99'] }, en(platformAdmin));
    const listAsPerson = await call('GET', '/api/v1/admin/cohorts', undefined, en(person));
    // Assert
    expect(signedOut.status).toBe(401);
    expect(notAdmin.status).toBe(403);
    expect(created.status).toBe(201);
    expect(cohort.parse(created.body)).toMatchObject({ birthYear: 2019, postalCodes: ['00', '01', '02'], yearlyLimit: 2, active: true, version: 1 });
    expect(again.status).toBe(409);
    expect(fieldsOf(again.body)).toEqual(['birthYear']);
    expect(again.body.detail).toBe('There is already a cohort for this year of birth.');
    expect(listAsPerson.status).toBe(403);
    const all = cohortList.parse((await call('GET', '/api/v1/admin/cohorts', undefined, en(platformAdmin))).body).items;
    expect(all.filter((c) => c.birthYear === 2019)).toEqual([cohort.parse(created.body)]);
  });

  it('refuses bad postal-code rules and unknown fields with a 400 naming them, storing nothing', async () => {
    // Arrange
    const platformAdmin = await admin();
    // Act
    const badRule = await call('POST', '/api/v1/admin/cohorts', { birthYear: 2030, postalCodes: ['00', '1', 'abcde'] }, en(platformAdmin));
    const extra = await call('POST', '/api/v1/admin/cohorts', { birthYear: 2030, postalCodes: ['00'], name: 'x' }, en(platformAdmin));
    // Assert
    expect(badRule.status).toBe(400);
    expect(fieldsOf(badRule.body).sort()).toEqual(['postalCodes.1', 'postalCodes.2']);
    expect(badRule.body.errors[0].detail).toBe('Give postal codes, or their beginnings, of 2–5 digits');
    expect(extra.status).toBe(400);
    const all = cohortList.parse((await call('GET', '/api/v1/admin/cohorts', undefined, en(platformAdmin))).body).items;
    expect(all.some((c) => c.birthYear === 2030)).toBe(false);
  });

  it('edits a cohort from the version read (a stale one is a 409), never its birth year, and serves only open cohorts publicly', async () => {
    // Arrange
    const platformAdmin = await admin();
    const created = await createCohort(platformAdmin, 2020);
    // Act
    const closed = await call('PUT', `/api/v1/admin/cohorts/${created.id}`, { postalCodes: ['00'], yearlyLimit: 3, active: false, version: 1 }, en(platformAdmin));
    const stale = await call('PUT', `/api/v1/admin/cohorts/${created.id}`, { postalCodes: ['00'], yearlyLimit: 4, active: true, version: 1 }, en(platformAdmin));
    const newYear = await call('PUT', `/api/v1/admin/cohorts/${created.id}`, { birthYear: 2021, postalCodes: ['00'], yearlyLimit: 3, active: false, version: 2 }, en(platformAdmin));
    const servedWhileClosed = publicCohortList.parse((await call('GET', '/api/v1/cohorts')).body).items;
    const reopened = await call('PUT', `/api/v1/admin/cohorts/${created.id}`, { postalCodes: ['00'], yearlyLimit: 3, active: true, version: 2 }, en(platformAdmin));
    const served = publicCohortList.parse((await call('GET', '/api/v1/cohorts')).body).items;
    // Assert
    expect(closed.status).toBe(200);
    expect(cohort.parse(closed.body)).toMatchObject({ birthYear: 2020, postalCodes: ['00'], yearlyLimit: 3, active: false, version: 2 });
    expect(stale.status).toBe(409);
    expect(fieldsOf(stale.body)).toEqual(['version']);
    expect(newYear.status).toBe(400);
    expect(servedWhileClosed.map((c) => c.id)).not.toContain(created.id);
    expect(reopened.status).toBe(200);
    expect(served).toContainEqual({ id: created.id, birthYear: 2020, yearlyLimit: 3, postalCodes: ['00'] });
    expect((await call('GET', `/api/v1/admin/cohorts/${created.id}`, undefined, en(platformAdmin))).body).toMatchObject({ version: 3, birthYear: 2020 });
  });
});

describe('experiences', () => {
  it('validates the cohort an offering targets (400 on godchild.cohortId) and that its occurrences count persons (400 on capacity.unit)', async () => {
    // Arrange
    const organisation = await putOrganisation('accepted');
    const venueId = await putVenue(organisation.id);
    const member = await signInAs({ email: address('member'), memberships: [{ organisationId: organisation.id }] });
    const target = await createCohort(await admin(), 2017);
    const unknownCohort = '01JAAAAAAAAAAAAAAAAAAAAAAA';
    // Act
    const refused = await call(
      'POST',
      `/api/v1/organisations/${organisation.id}/offerings`,
      offeringBody(venueId, { godchild: { cohortId: unknownCohort, invite: 'child-and-one' } }),
      en(member),
    );
    const badGroup = await call(
      'POST',
      `/api/v1/organisations/${organisation.id}/offerings`,
      offeringBody(venueId, { godchild: { cohortId: target.id, invite: 'family', eventGroup: 'Concert 2027' } }),
      en(member),
    );
    const created = await call(
      'POST',
      `/api/v1/organisations/${organisation.id}/offerings`,
      offeringBody(venueId, { godchild: { cohortId: target.id, invite: 'family', eventGroup: 'concert-2027' } }),
      en(member),
    );
    const experience = offering.parse(created.body);
    const groups = await call('POST', `/api/v1/manage/offerings/${experience.id}/occurrences`, occurrenceBody(14, { capacity: { unit: 'groups', total: 5 } }), en(member));
    const persons = await call('POST', `/api/v1/manage/offerings/${experience.id}/occurrences`, occurrenceBody(14, { capacity: { unit: 'persons', total: 40 } }), en(member));
    const occurrence = persons.body.occurrences[0];
    const editedToGroups = await call(
      'PUT',
      `/api/v1/manage/offerings/${experience.id}/occurrences/${occurrence.id}`,
      { ...occurrenceBody(14, { capacity: { unit: 'groups', total: 5 } }), version: occurrence.version },
      en(member),
    );
    // Assert
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused.body)).toEqual(['godchild.cohortId']);
    expect(refused.body.errors[0].detail).toBe('Unknown cohort');
    expect(badGroup.status).toBe(400);
    expect(fieldsOf(badGroup.body)).toEqual(['godchild.eventGroup']);
    expect(created.status).toBe(201);
    expect(experience.godchild).toEqual({ cohortId: target.id, invite: 'family', eventGroup: 'concert-2027' });
    expect(groups.status).toBe(400);
    expect(fieldsOf(groups.body)).toEqual(['capacity.unit']);
    expect(groups.body.errors[0].detail).toBe("An experience's occurrences count capacity in persons");
    expect(persons.status).toBe(201);
    expect(editedToGroups.status).toBe(400);
    expect(fieldsOf(editedToGroups.body)).toEqual(['capacity.unit']);
  });

  it('lists a published experience for its cohort with its upcoming times, but leaves it out of the school search and refuses teachers (409 no-enrolment)', async () => {
    // Arrange
    const organisation = await putOrganisation('accepted');
    const venueId = await putVenue(organisation.id);
    const member = await signInAs({ email: address('member'), memberships: [{ organisationId: organisation.id }] });
    const target = await createCohort(await admin(), 2018);
    const other = await createCohort(await admin(), 2016);
    const create = async (extra: Record<string, unknown>) => {
      const created = await call('POST', `/api/v1/organisations/${organisation.id}/offerings`, offeringBody(venueId, { ...extra, enrolment: { mode: 'internal', approval: 'automatic', mandatoryInfo: false } }), en(member));
      const added = await call('POST', `/api/v1/manage/offerings/${created.body.id}/occurrences`, occurrenceBody(21, { capacity: { unit: 'persons', total: 40 }, groupSize: { min: 1, max: 30 } }), en(member));
      const published = await call('POST', `/api/v1/manage/offerings/${created.body.id}/publish`, { version: 1 }, en(member));
      expect(published.status).toBe(200);
      return { id: created.body.id as string, occurrenceId: added.body.occurrences[0].id as string };
    };
    const experience = await create({ godchild: { cohortId: target.id, invite: 'child-and-up-to-two' } });
    const schoolOffering = await create({});
    // Act
    const listed = await call('GET', `/api/v1/cohorts/${target.id}/experiences`);
    const otherCohort = await call('GET', `/api/v1/cohorts/${other.id}/experiences`);
    const missing = await call('GET', '/api/v1/cohorts/01JAAAAAAAAAAAAAAAAAAAAAAA/experiences', undefined, en());
    const teacher = await call('POST', `/api/v1/offerings/${experience.id}/enrolments`, enrolmentBody([experience.occurrenceId], { children: 10, adults: 2 }), en());
    // Assert
    expect(listed.status).toBe(200);
    const items = cohortExperiences.parse(listed.body).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: experience.id,
      organisationId: organisation.id,
      godchild: { cohortId: target.id, invite: 'child-and-up-to-two' },
      occurrences: [{ id: experience.occurrenceId, venue: { id: venueId, area: 'southern' }, languages: ['fi'], capacity: { unit: 'persons', total: 40 }, seatsFree: 40 }],
    });
    expect(cohortExperiences.parse(otherCohort.body).items).toEqual([]);
    expect(missing.status).toBe(404);
    expect(teacher.status).toBe(409);
    expect(teacher.body.reason).toBe('no-enrolment');
    expect((await getCatalogueEntry(experience.id))?.published).toBe(false);
    expect((await getCatalogueEntry(schoolOffering.id))?.published).toBe(true);
    const searchIds = async () => offeringPage.parse((await call('GET', '/api/v1/offerings?limit=50')).body).items.map((i) => i.id);
    // Once search shows the school offering published with it, it has caught up past the experience too.
    await expect.poll(searchIds, { timeout: 10_000, interval: 200 }).toContain(schoolOffering.id);
    expect(await searchIds()).not.toContain(experience.id);
    expect((await listExperiencesOfCohort(target.id)).map((e) => e.offering.id)).toEqual([experience.id]);
  });

  it('keeps the cohort index in step with the offering: an experience moved to another cohort, or made an ordinary offering, leaves the first list', async () => {
    // Arrange
    const organisation = await putOrganisation('accepted');
    const venueId = await putVenue(organisation.id);
    const member = await signInAs({ email: address('member'), memberships: [{ organisationId: organisation.id }] });
    const platformAdmin = await admin();
    const [first, second] = [await createCohort(platformAdmin, 2015), await createCohort(platformAdmin, 2014)];
    const created = await call('POST', `/api/v1/organisations/${organisation.id}/offerings`, offeringBody(venueId, { godchild: { cohortId: first.id, invite: 'child-and-one' } }), en(member));
    await call('POST', `/api/v1/manage/offerings/${created.body.id}/occurrences`, occurrenceBody(21), en(member));
    await call('POST', `/api/v1/manage/offerings/${created.body.id}/publish`, { version: 1 }, en(member));
    const ids = async (cohortId: string) => (await listExperiencesOfCohort(cohortId)).map((e) => e.offering.id);
    const before = await ids(first.id);
    // Act
    const moved = await call('PUT', `/api/v1/manage/offerings/${created.body.id}`, { ...offeringBody(venueId, { godchild: { cohortId: second.id, invite: 'child-and-one' } }), version: 2 }, en(member));
    const afterMove = [await ids(first.id), await ids(second.id)];
    const plain = await call('PUT', `/api/v1/manage/offerings/${created.body.id}`, { ...offeringBody(venueId), version: 3 }, en(member));
    // Assert
    expect(before).toEqual([created.body.id]);
    expect(moved.status).toBe(200);
    expect(afterMove).toEqual([[], [created.body.id]]);
    expect(plain.status).toBe(200);
    expect(await ids(second.id)).toEqual([]);
    const stored = await getOffering(created.body.id);
    expect(stored?.godchild).toBeUndefined();
    expect(offeringToItem(stored!)).not.toHaveProperty('gsi2pk');
  });
});
