import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '../../functions/db/client.ts';
import { invitationToItem, putWaitlist } from '../../functions/db/invitation.ts';
import { sendFeedbackRequests, sendTicketReminders } from '../../functions/domain/ticket-mail.ts';
import { problem } from '../../shared/schemas/api.ts';
import type { Cohort, Invitation } from '../../shared/schemas/godchild.ts';
import { useApi } from '../setup/api.ts';
import { signInAs } from '../setup/auth.ts';
import { helsinkiTime } from '../setup/providers.ts';
import { useIsolatedTable } from '../setup/table.ts';
import { putCohort, putExperience, putFamily, putRound, putTicket } from '../setup/godchild.ts';

useIsolatedTable();
const { call, mailsTo, allMail } = useApi();

async function invite(cohort: Cohort, familyId: string, status: Invitation['status'], roundId: string) {
  const value: Invitation = {
    id: ulid(),
    roundId,
    cohortId: cohort.id,
    familyId,
    childIds: [ulid()],
    offeringId: ulid(),
    occurrenceId: ulid(),
    persons: 2,
    status,
    source: 'allocation',
    respondBy: helsinkiTime(7, 12),
    acceptCode: 'ABCDEFGHJK',
    delivery: 'email',
    createdAt: new Date().toISOString(),
  };
  await db().send(new PutCommand({ TableName: tableName(), Item: invitationToItem(value) }));
}

/**
 * A cohort whose families are: `used` (en, accepts non-essential mail, attended), `booked`
 * (fi, a valid ticket), `swedish` (sv, a valid ticket), `letter` (no email, a valid ticket),
 * `cancelled` (only a cancelled ticket), `invited` (an offered invitation), `declined` and
 * `waiting` (on the round's waitlist).
 */
async function arrange() {
  const cohort = await putCohort();
  const { offering, occurrences } = await putExperience({ cohortId: cohort.id });
  const occurrence = occurrences[0]!;
  const used = await putFamily(cohort, { locale: 'en', nonEssentialMail: true });
  const booked = await putFamily(cohort);
  const swedish = await putFamily(cohort, { locale: 'sv' });
  const letter = await putFamily(cohort, { email: null });
  const cancelled = await putFamily(cohort, { nonEssentialMail: true });
  const invited = await putFamily(cohort);
  const declined = await putFamily(cohort);
  const waiting = await putFamily(cohort);
  await putTicket({ offering, occurrence }, { familyId: used.family.id, usedAt: new Date().toISOString() });
  for (const f of [booked, swedish, letter]) await putTicket({ offering, occurrence }, { familyId: f.family.id });
  await putTicket({ offering, occurrence }, { familyId: cancelled.family.id, status: 'cancelled' });
  const round = await putRound(cohort.id, 'committed');
  await invite(cohort, invited.family.id, 'offered', round.id);
  await invite(cohort, declined.family.id, 'declined', round.id);
  await putWaitlist([{ roundId: round.id, position: 1, familyId: waiting.family.id, childIds: waiting.children.map((c) => c.id), guardians: 1, otherChildren: 0, accessibilityNeeds: [] }]);
  const admin = await signInAs({ email: `admin.${ulid()}@city.test`, platformAdmin: true });
  return { cohort, used, booked, swedish, letter, cancelled, invited, declined, waiting, admin };
}

describe('messages to a cohort’s families', () => {
  it('counts each audience’s families by email and by letter, and only consenting ones for a non-essential message', async () => {
    // Arrange
    const { cohort, admin } = await arrange();
    const count = async (audience: string, essential: boolean) =>
      (await call('GET', `/api/v1/admin/cohorts/${cohort.id}/messages/recipients?audience=${audience}&essential=${essential}`, undefined, admin.authorization)).body;
    // Act
    const counts = {
      enrolled: await count('enrolled', true),
      attended: await count('attended', true),
      invited: await count('invited', true),
      waiting: await count('waiting', true),
      enrolledNews: await count('enrolled', false),
    };
    // Assert
    expect(counts).toEqual({
      enrolled: { recipients: 3, byLetterOnly: 1 },
      attended: { recipients: 1, byLetterOnly: 0 },
      invited: { recipients: 1, byLetterOnly: 0 },
      waiting: { recipients: 1, byLetterOnly: 0 },
      enrolledNews: { recipients: 1, byLetterOnly: 0 },
    });
  });

  it('sends one email per family of the audience in its language, or another the admin wrote in', async () => {
    // Arrange
    const { cohort, admin, used, booked, swedish, cancelled, invited } = await arrange();
    const message = { audience: 'enrolled', essential: true, subject: { fi: 'Tervetuloa', en: 'Welcome' }, body: { fi: 'Hei perhe!', en: 'Hello family!' } };
    // Act
    const answer = await call('POST', `/api/v1/admin/cohorts/${cohort.id}/messages`, message, admin.authorization);
    // Assert
    expect(answer.body).toEqual({ recipients: 3, byLetterOnly: 1, sent: 3 });
    expect(mailsTo(used.guardian.email).map((m) => [m.subject, m.locale])).toEqual([['Welcome', 'en']]);
    expect(mailsTo(booked.guardian.email).map((m) => [m.subject, m.locale])).toEqual([['Tervetuloa', 'fi']]);
    expect(mailsTo(swedish.guardian.email).map((m) => m.subject)).toEqual(['Tervetuloa']);
    expect(mailsTo(cancelled.guardian.email)).toEqual([]);
    expect(mailsTo(invited.guardian.email)).toEqual([]);
  });

  it('refuses anyone but a platform admin, an unknown audience and a message without subject and text in one language', async () => {
    const { cohort, booked, admin } = await arrange();
    const message = { audience: 'enrolled', essential: true, subject: { fi: 'Otsikko' }, body: { en: 'Text' } };
    const notAdmin = await call('POST', `/api/v1/admin/cohorts/${cohort.id}/messages`, message, booked.guardian.authorization);
    const badAudience = await call('GET', `/api/v1/admin/cohorts/${cohort.id}/messages/recipients?audience=everyone&essential=true`, undefined, admin.authorization);
    const mismatched = await call('POST', `/api/v1/admin/cohorts/${cohort.id}/messages`, message, admin.authorization);
    expect(notAdmin.status).toBe(403);
    expect([badAudience.status, problem.parse(badAudience.body).errors?.map((e) => e.field)]).toEqual([400, ['audience']]);
    expect([mismatched.status, problem.parse(mismatched.body).errors?.map((e) => e.field)]).toEqual([400, ['body']]);
    expect(allMail().filter((m) => m.subject === 'Otsikko')).toEqual([]);
  });
});

describe('reminders and feedback requests', () => {
  it('reminds a family with a valid ticket 3 days before, once however often the job runs', async () => {
    // Arrange
    const cohort = await putCohort();
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id }, [{ start: helsinkiTime(3, 12), end: helsinkiTime(3, 13) }]);
    const holder = await putFamily(cohort);
    const cancelledHolder = await putFamily(cohort);
    await putTicket({ offering, occurrence: occurrences[0]! }, { familyId: holder.family.id });
    await putTicket({ offering, occurrence: occurrences[0]! }, { familyId: cancelledHolder.family.id, status: 'cancelled' });
    const morning = new Date(helsinkiTime(0, 10));
    // Act
    const runs = [await sendTicketReminders(morning), await sendTicketReminders(new Date(morning.getTime() + 3_600_000))];
    const beforeEight = await sendTicketReminders(new Date(helsinkiTime(0, 6)));
    // Assert
    expect(runs).toEqual([1, 0]);
    expect(beforeEight).toBe(0);
    expect(mailsTo(holder.guardian.email).map((m) => m.subject)).toEqual(['Muistutus: Kivikauden retki']);
    expect(mailsTo(cancelledHolder.guardian.email)).toEqual([]);
  });

  it('asks a family who came yesterday for feedback once, and not one who did not come', async () => {
    const cohort = await putCohort();
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id }, [{ start: helsinkiTime(-1, 12), end: helsinkiTime(-1, 13) }]);
    const came = await putFamily(cohort, { locale: 'sv' });
    const stayed = await putFamily(cohort);
    await putTicket({ offering, occurrence: occurrences[0]! }, { familyId: came.family.id, usedAt: helsinkiTime(-1, 12) });
    await putTicket({ offering, occurrence: occurrences[0]! }, { familyId: stayed.family.id });
    const morning = new Date(helsinkiTime(0, 10));
    const runs = [await sendFeedbackRequests(morning), await sendFeedbackRequests(morning)];
    expect(runs).toEqual([1, 0]);
    expect(mailsTo(came.guardian.email).map((m) => m.subject)).toEqual(['Hur var det? Stenåldersutflykt']);
    expect(mailsTo(stayed.guardian.email)).toEqual([]);
  });
});
