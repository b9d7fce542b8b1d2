import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '../../functions/db/client.ts';
import { getOccurrence } from '../../functions/db/offering.ts';
import { problem } from '../../shared/schemas/api.ts';
import { round } from '../../shared/schemas/godchild.ts';
import { commitAnswer, familyRound, letterList, roundPreview } from '../../shared/schemas/round-views.ts';
import { useApi } from '../setup/api.ts';
import { signInAs, type TestPerson } from '../setup/auth.ts';
import { passDeadline, putCohort, putExperience, putFamily, roundBody, roundCalls } from '../setup/godchild.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();
const { call, mailsTo } = useApi();

let admin: TestPerson;
beforeAll(async () => {
  admin = await signInAs({ email: 'admin@city.test', platformAdmin: true });
});
const rounds = () => roundCalls(call, admin);
const fieldsOf = (body: unknown) => (problem.parse(body).errors ?? []).map((e) => e.field);
const asGuardian = (guardian: TestPerson | undefined) => ({ ...guardian!.authorization, 'accept-language': 'en' });

/** Every item of a round's partition, to show a refused request changed nothing. */
async function roundPartition(roundId: string) {
  const out = await db().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `ROUND#${roundId}` }, ConsistentRead: true }),
  );
  return out.Items ?? [];
}

describe('an allocation round, end to end through the API', () => {
  it('takes preferences, previews deterministically, commits within capacity, emails invitations, lists letters, and never commits twice', async () => {
    // Arrange: one occurrence for 6 persons (child and one guardian each): three one-child families fit, the fourth does not.
    // The letter family's child has had no experience yet, the others one each, so it is served first.
    const cohort = await putCohort();
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id, invite: 'child-and-one' }, [
      { capacity: { unit: 'persons', total: 6 }, groupSize: { min: 1, max: 6 } },
    ]);
    const first = await putFamily(cohort, { children: [{ firstName: 'Aino', pastExperiences: 1 }] });
    const second = await putFamily(cohort, { locale: 'sv', children: [{ pastExperiences: 1 }] });
    const letter = await putFamily(cohort, { email: null, locale: 'fi', children: [{ firstName: 'Eetu' }] });
    const fourth = await putFamily(cohort, { children: [{ pastExperiences: 1 }] });

    // Act: the admin opens the round; a guardian sees it and states preferences.
    const opened = await rounds().open(cohort.id, roundBody({ seed: 'seed-one' }));
    const roundId = opened.body.id as string;
    const listed = await call('GET', '/api/v1/me/family/rounds', undefined, asGuardian(first.guardian));
    const stated = await call(
      'PUT',
      `/api/v1/me/family/rounds/${roundId}/preferences`,
      { languages: ['fi'], areas: ['southern'], weekdays: [1, 2, 3, 4, 5, 6, 7], timesOfDay: ['morning'], accessibilityNeeds: [], guardians: 1, otherChildren: 0 },
      asGuardian(first.guardian),
    );
    const earlyCommit = await rounds().commit(roundId);
    const preview1 = await rounds().preview(roundId);
    const preview2 = await rounds().preview(roundId);
    await passDeadline(roundId);
    // A family registered after the preview makes it stale.
    const late = await putFamily(cohort, { children: [{ pastExperiences: 1 }] });
    const stale = await rounds().commit(roundId);
    const preview3 = await rounds().preview(roundId);
    const committed = await rounds().commit(roundId);
    const again = await rounds().commit(roundId);
    const letters = await rounds().letters(roundId);
    const anotherRound = await rounds().open(cohort.id);

    // Assert
    expect(opened.status).toBe(201);
    expect(round.parse(opened.body)).toMatchObject({ status: 'open', seed: 'seed-one', cohortId: cohort.id });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r: { round: { id: string } }) => r.round.id)).toEqual([roundId]);
    expect(stated.status).toBe(200);
    expect(familyRound.parse(stated.body).preferences).toMatchObject({ areas: ['southern'], timesOfDay: ['morning'] });
    expect([earlyCommit.status, earlyCommit.body.detail]).toEqual([409, 'The preferences deadline has not passed yet. Commit the allocation after the deadline.']);

    const p1 = roundPreview.parse(preview1.body);
    const p2 = roundPreview.parse(preview2.body);
    expect(p1.assignments).toEqual(p2.assignments);
    expect(p1.unassigned).toEqual(p2.unassigned);
    expect(p1.stats).toMatchObject({ families: 4, children: 4, childrenAssigned: 3, shareAssigned: 0.75 });
    expect(p1.occurrences).toEqual([
      expect.objectContaining({ occurrenceId: occurrences[0]!.id, title: offering.title, capacity: 6, assignedPersons: 6, fillRate: 1 }),
    ]);
    expect(p1.unassigned).toHaveLength(1);
    expect(p1.unassigned[0]!.reason).toBe('no-capacity');

    expect([stale.status, stale.body.detail]).toEqual([409, 'The data has changed since the preview. Run a new preview and commit that.']);
    const p3 = roundPreview.parse(preview3.body);
    expect(p3.stats).toMatchObject({ families: 5, childrenAssigned: 3 });

    expect(committed.status).toBe(200);
    const answer = commitAnswer.parse(committed.body);
    expect(answer).toMatchObject({ invitations: 3, letters: 1, waitlisted: 2 });
    expect(answer.round.status).toBe('committed');
    expect((await getOccurrence(offering.id, occurrences[0]!.id))?.seatsTaken).toBe(6);

    // Each invited family with an address got one email in its own language; the others none.
    const invitedIds = new Set(p3.assignments.map((a) => a.familyId));
    for (const f of [first, second, fourth, late]) {
      const mails = mailsTo(f.family.email!);
      if (!invitedIds.has(f.family.id)) {
        expect(mails).toHaveLength(0);
        continue;
      }
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe(f.family.locale === 'sv' ? 'Inbjudan till en kulturupplevelse: Stenåldersutflykt' : 'Kutsu kulttuurikokemukseen: Kivikauden retki');
      expect(mails[0]!.text).toContain('/invitation');
    }

    // The second commit writes nothing more.
    expect(again.status).toBe(200);
    expect(commitAnswer.parse(again.body)).toMatchObject({ invitations: 3, waitlisted: 2 });
    expect((await getOccurrence(offering.id, occurrences[0]!.id))?.seatsTaken).toBe(6);
    const items = await roundPartition(roundId);
    expect(items.filter((i) => String(i.sk).startsWith('INVITE#'))).toHaveLength(3);

    expect(letters.status).toBe(200);
    const printed = letterList.parse(letters.body).items;
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatchObject({ familyId: letter.family.id, locale: 'fi', delivery: 'letter', children: [{ firstName: 'Eetu' }] });
    expect(printed[0]!.acceptCode).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    expect(printed[0]!.acceptUrl).toBe('https://tarjotin.test/fi/invitation');

    expect([anotherRound.status, anotherRound.body.detail]).toEqual([409, 'The cohort already has an open or committed round. Close it first.']);
  });

  it('gives the same allocation for the same seed on the same data, and lets a closed round make way for a new one', async () => {
    // Arrange: twelve one-child families for two occurrences of 4 persons each: only four fit.
    const cohort = await putCohort();
    await putExperience({ cohortId: cohort.id, invite: 'child-and-one' }, [
      { capacity: { unit: 'persons', total: 4 }, groupSize: { min: 1, max: 4 } },
      { capacity: { unit: 'persons', total: 4 }, groupSize: { min: 1, max: 4 } },
    ]);
    for (let i = 0; i < 12; i++) await putFamily(cohort, { email: null });
    // Act
    const a = await rounds().open(cohort.id, roundBody({ seed: 'same' }));
    const previewA = await rounds().preview(a.body.id);
    const closed = await rounds().close(a.body.id);
    const b = await rounds().open(cohort.id, roundBody({ seed: 'same' }));
    const previewB = await rounds().preview(b.body.id);
    const closedTwice = await rounds().close(a.body.id);
    // Assert
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(b.status).toBe(201);
    const [pa, pb] = [roundPreview.parse(previewA.body), roundPreview.parse(previewB.body)];
    expect(pa.assignments).toHaveLength(4);
    expect(pb.assignments).toEqual(pa.assignments);
    expect(pb.unassigned.map((u) => u.familyId)).toEqual(pa.unassigned.map((u) => u.familyId));
    expect(closedTwice.status).toBe(409);
  });

  it('puts siblings of the cohort together in one invitation counting every child', async () => {
    const cohort = await putCohort();
    const { occurrences } = await putExperience({ cohortId: cohort.id, invite: 'child-and-up-to-two' }, [
      { capacity: { unit: 'persons', total: 10 }, groupSize: { min: 1, max: 10 } },
    ]);
    const twins = await putFamily(cohort, { children: [{ firstName: 'Ella' }, { firstName: 'Emil' }] });
    const opened = await rounds().open(cohort.id);
    await call('PUT', `/api/v1/me/family/rounds/${opened.body.id}/preferences`, { guardians: 2 }, asGuardian(twins.guardian));
    await passDeadline(opened.body.id);
    const preview = roundPreview.parse((await rounds().preview(opened.body.id)).body);
    expect(preview.assignments).toEqual([
      expect.objectContaining({ familyId: twins.family.id, childIds: twins.children.map((c) => c.id).sort(), occurrenceId: occurrences[0]!.id, persons: 4 }),
    ]);
  });
});

describe('a commit that runs out of time', () => {
  it('answers incomplete, and the round-commit job writes the rest and the waitlist, never past capacity', { timeout: 120_000 }, async () => {
    // Arrange: three occurrences for 4 persons each (child and one guardian): 6 of 8 one-child families fit.
    const { commitRound, continueCommittedRounds } = await import('../../functions/domain/rounds.ts');
    const cohort = await putCohort();
    const experiences = await Promise.all(
      [0, 1, 2].map(() => putExperience({ cohortId: cohort.id, invite: 'child-and-one' }, [{ capacity: { unit: 'persons', total: 4 }, groupSize: { min: 1, max: 4 } }])),
    );
    for (let i = 0; i < 8; i++) await putFamily(cohort, { children: 1 });
    const opened = await rounds().open(cohort.id, roundBody({ seed: 'budget' }));
    const roundId = opened.body.id as string;
    await passDeadline(roundId);
    expect((await rounds().preview(roundId)).status).toBe(200);

    // Act: a commit with no time left, then the job, then the admin asks again.
    const cut = await commitRound(roundId, new Date(), -1);
    const finished = await continueCommittedRounds(new Date(), 60_000);
    const again = await rounds().commit(roundId);

    // Assert
    expect(cut).toMatchObject({ complete: false, waitlisted: 0 });
    expect(cut.round.status).toBe('committed');
    expect(finished).toBe(1);
    expect(commitAnswer.parse(again.body)).toMatchObject({ complete: true, invitations: 6, waitlisted: 2 });
    for (const { offering, occurrences } of experiences) {
      expect((await getOccurrence(offering.id, occurrences[0]!.id))?.seatsTaken).toBe(4);
    }
    expect(await continueCommittedRounds(new Date(), 60_000)).toBe(0);
  });
});

describe('bad input to rounds', () => {
  it('refuses preferences with an unknown area with a 400 naming the field, and stores nothing', async () => {
    // Arrange
    const cohort = await putCohort();
    const family = await putFamily(cohort);
    const opened = await rounds().open(cohort.id);
    const before = await roundPartition(opened.body.id);
    // Act
    const unknownArea = await call('PUT', `/api/v1/me/family/rounds/${opened.body.id}/preferences`, { areas: ['atlantis'] }, asGuardian(family.guardian));
    const unknownDay = await call('PUT', `/api/v1/me/family/rounds/${opened.body.id}/preferences`, { weekdays: [8], timesOfDay: ['midnight'] }, asGuardian(family.guardian));
    const unknownField = await call('PUT', `/api/v1/me/family/rounds/${opened.body.id}/preferences`, { birthDate: '2018-01-01' }, asGuardian(family.guardian));
    const shown = await call('GET', `/api/v1/me/family/rounds/${opened.body.id}`, undefined, asGuardian(family.guardian));
    // Assert
    expect(unknownArea.status).toBe(400);
    expect(fieldsOf(unknownArea.body)).toEqual(['areas.0']);
    expect(unknownArea.body.errors[0].detail).toBe('Unknown area');
    expect(unknownDay.status).toBe(400);
    expect(fieldsOf(unknownDay.body).sort()).toEqual(['timesOfDay.0', 'weekdays.0']);
    expect(unknownDay.body.errors.map((e: { detail: string }) => e.detail).sort()).toEqual(['Unknown time of day', 'Unknown weekday']);
    expect(unknownField.status).toBe(400);
    expect(await roundPartition(opened.body.id)).toEqual(before);
    expect(shown.body.preferences).toBeNull();
  });

  it("refuses preferences after the deadline (409) and a round of another cohort's family (404)", async () => {
    const cohort = await putCohort();
    const family = await putFamily(cohort);
    const stranger = await putFamily(await putCohort());
    const opened = await rounds().open(cohort.id);
    const strangers = await call('PUT', `/api/v1/me/family/rounds/${opened.body.id}/preferences`, { areas: ['central'] }, asGuardian(stranger.guardian));
    await passDeadline(opened.body.id);
    const late = await call('PUT', `/api/v1/me/family/rounds/${opened.body.id}/preferences`, { areas: ['central'] }, asGuardian(family.guardian));
    expect(strangers.status).toBe(404);
    expect([late.status, late.body.detail]).toEqual([409, 'The preferences deadline has passed, and preferences can no longer be changed.']);
    expect((await roundPartition(opened.body.id)).filter((i) => String(i.sk).startsWith('PREF#'))).toHaveLength(0);
  });

  it('refuses a round with a past deadline (400 naming it), for an unknown cohort (404), and to anyone but a platform admin (403)', async () => {
    const cohort = await putCohort();
    const past = await rounds().open(cohort.id, roundBody({ preferencesDeadline: new Date(Date.now() - 60_000).toISOString() }));
    const unknown = await rounds().open('01ARZ3NDEKTSV4RRFFQ69G5FAV');
    const guardian = (await putFamily(cohort)).guardian!;
    const notAdmin = await call('POST', `/api/v1/admin/cohorts/${cohort.id}/rounds`, roundBody(), asGuardian(guardian));
    const missingPreview = await rounds().open(cohort.id);
    await passDeadline(missingPreview.body.id);
    const commitWithout = await rounds().commit(missingPreview.body.id);
    expect([past.status, fieldsOf(past.body)]).toEqual([400, ['preferencesDeadline']]);
    expect(unknown.status).toBe(404);
    expect(notAdmin.status).toBe(403);
    expect([commitWithout.status, commitWithout.body.detail]).toEqual([409, 'The round has no preview yet. Run a preview first.']);
  });
});
