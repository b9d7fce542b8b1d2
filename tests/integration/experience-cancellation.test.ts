import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { getChildYears } from '../../functions/db/child-year.ts';
import { db, tableName } from '../../functions/db/client.ts';
import { getChild } from '../../functions/db/family.ts';
import { getInvitation, listInvitationsOfRound } from '../../functions/db/invitation.ts';
import { getOccurrence } from '../../functions/db/offering.ts';
import { getTicket, listTicketsOnDay, markTicketUsed } from '../../functions/db/ticket.ts';
import { ticketCodeOf } from '../../functions/domain/ticket-code.ts';
import { localDateOf } from '../../shared/time.ts';
import { occurrenceChange } from '../../shared/schemas/offering-management.ts';
import { invitationView } from '../../shared/schemas/round-views.ts';
import { useApi } from '../setup/api.ts';
import { signInAs, type TestPerson } from '../setup/auth.ts';
import { committedRound, putCohort, putExperience, putFamily, type TestFamily } from '../setup/godchild.ts';
import { helsinkiTime } from '../setup/providers.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();
const { call, mailsTo } = useApi();

let admin: TestPerson;
beforeAll(async () => {
  admin = await signInAs({ email: 'admin@city.test', platformAdmin: true });
});
const as = (f: TestFamily) => ({ ...f.guardian.authorization, 'accept-language': 'en' });
const reason = { fi: 'Esiintyjä sairastui', sv: 'Artisten insjuknade', en: 'The performer fell ill' };

/**
 * A committed round on one experience's occurrence (tomorrow evening) for two one-child
 * families: the Swedish-speaking one accepts (a ticket: seats, allowance and past experience
 * used), the English-speaking one leaves its invitation offered. A member of the provider and
 * a door person of it.
 */
async function arrange() {
  const cohort = await putCohort({ yearlyLimit: 2 });
  const { offering, occurrences } = await putExperience({ cohortId: cohort.id, invite: 'child-and-one', eventGroup: 'theatre' }, [
    { start: helsinkiTime(1, 18), end: helsinkiTime(1, 19), capacity: { unit: 'persons', total: 4 }, groupSize: { min: 1, max: 4 } },
  ]);
  const occurrence = occurrences[0]!;
  const withTicket = await putFamily(cohort, { locale: 'sv', children: [{ firstName: 'Alva' }] });
  const invited = await putFamily(cohort, { locale: 'en', children: [{ firstName: 'Eino', pastExperiences: 1 }] });
  const round = await committedRound(call, admin, cohort.id);
  const invitations = await listInvitationsOfRound(round.roundId);
  const invitationOf = (f: TestFamily) => invitations.find((i) => i.familyId === f.family.id)!;
  const accepted = await call('POST', `/api/v1/me/family/invitations/${invitationOf(withTicket).id}/accept`, undefined, as(withTicket));
  if (accepted.status !== 200) throw new Error(`Could not accept: ${JSON.stringify(accepted.body)}`);
  const ticketId = invitationView.parse(accepted.body).ticketId!;
  const provider = await signInAs({ email: 'member@theatre.test', memberships: [{ organisationId: offering.organisationId }] });
  const door = await signInAs({ email: 'door@theatre.test', memberships: [{ organisationId: offering.organisationId, role: 'door-staff' }] });
  return { offering, occurrence, withTicket, invited, ticketId, offered: invitationOf(invited), provider, door };
}

describe("cancelling an experience's occurrence", () => {
  it('cancels its tickets (allowance, event group and past experience given back) and offered invitations, and emails each family the reason in its language', async () => {
    // Arrange
    const { offering, occurrence, withTicket, invited, ticketId, offered, provider, door } = await arrange();
    const year = Number(localDateOf(new Date(occurrence.start)).slice(0, 4));
    const child = withTicket.children[0]!;
    expect((await getChildYears([child.id], year)).get(child.id)).toMatchObject({ used: 1, eventGroups: ['theatre'] });
    expect((await getOccurrence(offering.id, occurrence.id))?.seatsTaken).toBe(4);
    const version = (await getOccurrence(offering.id, occurrence.id))!.version;
    // Act
    const cancelled = await call('POST', `/api/v1/manage/offerings/${offering.id}/occurrences/${occurrence.id}/cancel`, { version, reason }, {
      ...provider.authorization,
      'accept-language': 'en',
    });
    const atDoor = await call('POST', '/api/v1/door/check', { organisationId: offering.organisationId, code: ticketCodeOf(ticketId) }, { ...door.authorization, 'accept-language': 'en' });
    const acceptLate = await call('POST', `/api/v1/me/family/invitations/${offered.id}/accept`, undefined, as(invited));
    // Assert: the provider is told families were affected.
    expect(cancelled.status).toBe(200);
    expect(occurrenceChange.parse(cancelled.body).notifyEnrolled).toBe(true);
    // The ticket is cancelled and what it used is given back.
    expect(await getTicket(ticketId)).toMatchObject({ status: 'cancelled' });
    expect(await getTicket(ticketId)).not.toHaveProperty('usedAt');
    expect((await getChildYears([child.id], year)).get(child.id)).toMatchObject({ used: 0, eventGroups: [] });
    expect((await getChild(withTicket.family.id, child.id))?.pastExperiences).toBe(0);
    // The invitation is cancelled, off the expiry index, and can no longer be accepted.
    expect((await getInvitation(offered.roundId, offered.id))?.status).toBe('cancelled');
    const expiring = await db().send(
      new QueryCommand({ TableName: tableName(), IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': 'INVITEEXPIRY' } }),
    );
    expect(expiring.Items?.map((i) => i.id)).not.toContain(offered.id);
    expect([acceptLate.status, acceptLate.body.reason]).toEqual([409, 'cancelled']);
    // Every seat held on the occurrence was given back with its holder.
    expect((await getOccurrence(offering.id, occurrence.id))?.seatsTaken).toBe(0);
    // The door answers cancelled.
    expect(atDoor.body.result).toBe('cancelled');
    // Each family is emailed in its own language, with the provider's reason.
    const swedish = mailsTo(withTicket.family.email!).filter((m) => m.subject.startsWith('Evenemanget är inställt'));
    expect(swedish).toHaveLength(1);
    expect(swedish[0]!.subject).toBe('Evenemanget är inställt: Stenåldersutflykt');
    expect(swedish[0]!.text).toContain('Orsak: Artisten insjuknade');
    expect(swedish[0]!.text).toContain('Alva');
    const english = mailsTo(invited.family.email!).filter((m) => m.subject.startsWith('Event cancelled'));
    expect(english).toHaveLength(1);
    expect(english[0]!.subject).toBe('Event cancelled: A Stone Age trip');
    expect(english[0]!.text).toContain('Reason: The performer fell ill');
    expect(english[0]!.text).toContain('The invitation is cancelled');
  });

  it('leaves a used ticket as it is and tells nobody of it', async () => {
    // Arrange
    const { offering, occurrence, withTicket, ticketId, provider, door } = await arrange();
    const used = await markTicketUsed(ticketId, door.personId, new Date());
    const version = (await getOccurrence(offering.id, occurrence.id))!.version;
    // Act
    const cancelled = await call('POST', `/api/v1/manage/offerings/${offering.id}/occurrences/${occurrence.id}/cancel`, { version, reason }, {
      ...provider.authorization,
      'accept-language': 'en',
    });
    // Assert
    expect(cancelled.status).toBe(200);
    expect(await getTicket(ticketId)).toMatchObject({ status: 'valid', usedAt: used.ticket!.usedAt });
    const child = withTicket.children[0]!;
    expect((await getChildYears([child.id], Number(localDateOf(new Date(occurrence.start)).slice(0, 4)))).get(child.id)?.used).toBe(1);
    expect(mailsTo(withTicket.family.email!).filter((m) => m.subject.startsWith('Evenemanget är inställt'))).toHaveLength(0);
  });
});

describe("moving an experience's occurrence", () => {
  it('moves its tickets to the new day (for reminders) and emails each family with a ticket or an offered invitation the new time, in its language', async () => {
    // Arrange
    const { offering, occurrence, withTicket, invited, ticketId, provider } = await arrange();
    const stored = (await getOccurrence(offering.id, occurrence.id))!;
    const newStart = helsinkiTime(5, 10);
    // Act: the provider moves it four days later, to a morning.
    const moved = await call(
      'PUT',
      `/api/v1/manage/offerings/${offering.id}/occurrences/${occurrence.id}`,
      { start: newStart, end: helsinkiTime(5, 11), languages: stored.languages, capacity: stored.capacity, groupSize: stored.groupSize, version: stored.version },
      { ...provider.authorization, 'accept-language': 'en' },
    );
    // Assert
    expect(moved.status).toBe(200);
    const onDay = async (date: string) => (await listTicketsOnDay(date)).map((t) => t.id);
    expect(await onDay(localDateOf(new Date(newStart)))).toContain(ticketId);
    expect(await onDay(localDateOf(new Date(occurrence.start)))).not.toContain(ticketId);
    expect(await getTicket(ticketId)).toMatchObject({ status: 'valid' });
    const [toTicket] = mailsTo(withTicket.guardian.email).filter((m) => m.subject.startsWith('Ny tid eller plats'));
    const [toInvited] = mailsTo(invited.guardian.email).filter((m) => m.subject.startsWith('New time or place'));
    expect(toTicket?.text).toContain('Alva');
    expect(toInvited?.text).toContain('Eino');
  });
});
