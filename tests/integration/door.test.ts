import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { getTicket } from '../../functions/db/ticket.ts';
import { ticketCodeOf } from '../../functions/domain/ticket-code.ts';
import { doorCheckAnswer } from '../../shared/schemas/godchild.ts';
import { problem } from '../../shared/schemas/api.ts';
import { useApi } from '../setup/api.ts';
import { signInAs } from '../setup/auth.ts';
import { helsinkiTime, putOrganisation, putVenue } from '../setup/providers.ts';
import { useIsolatedTable } from '../setup/table.ts';
import { putExperience, putTicket } from '../setup/godchild.ts';

useIsolatedTable();
const { call } = useApi();

let people = 0;
/** An experience with one occurrence (today at noon unless said) and a valid ticket for it, and a door person of its organisation. */
async function arrange(occurrence: { start?: string; end?: string; cancelled?: boolean } = {}) {
  const start = occurrence.start ?? helsinkiTime(0, 12);
  const end = occurrence.end ?? new Date(Date.parse(start) + 3_600_000).toISOString();
  const cancelled = occurrence.cancelled ? { at: new Date().toISOString(), reason: { fi: 'Sairastuminen' } } : undefined;
  const { offering, occurrences } = await putExperience({ cohortId: ulid() }, [{ start, end, ...(cancelled ? { cancelled } : {}) }]);
  const ticket = await putTicket({ offering, occurrence: occurrences[0]! }, { childIds: [ulid(), ulid()], persons: 3 });
  const door = await signInAs({ email: `door.${++people}@museum.test`, memberships: [{ organisationId: offering.organisationId, role: 'door-staff' }] });
  const check = (code: string, organisationId = offering.organisationId, who = door) =>
    call('POST', '/api/v1/door/check', { organisationId, code }, { ...who.authorization, 'accept-language': 'en' });
  return { offering, occurrence: occurrences[0]!, ticket, door, check };
}

describe('the door check', () => {
  it('finds a genuine ticket of today valid and marks it used, then answers already used with the time', async () => {
    // Arrange
    const { ticket, door, check } = await arrange();
    // Act
    const first = await check(ticketCodeOf(ticket.id));
    const second = await check(ticketCodeOf(ticket.id).toLowerCase());
    // Assert
    expect(first.status).toBe(200);
    const valid = doorCheckAnswer.parse(first.body);
    expect(valid).toMatchObject({ result: 'valid', ticket: { id: ticket.id, persons: 3, children: 2, title: 'A Stone Age trip' } });
    expect(second.body).toMatchObject({ result: 'already-used', usedAt: valid.usedAt });
    expect(await getTicket(ticket.id)).toMatchObject({ usedAt: valid.usedAt, usedBy: door.personId });
  });

  it('says a ticket for another venue of the organisation is not for this door, and refuses a venue of another organisation', async () => {
    // Arrange: the ticket is for the experience's venue; the organisation has a second venue.
    const { offering, ticket, door } = await arrange();
    const here = offering.location.kind === 'venue' ? offering.location.venueId : '';
    const elsewhere = await putVenue(offering.organisationId);
    const foreign = await putVenue((await putOrganisation()).id);
    const checkAt = (venueId: string) =>
      call('POST', '/api/v1/door/check', { organisationId: offering.organisationId, venueId, code: ticketCodeOf(ticket.id) }, { ...door.authorization, 'accept-language': 'en' });
    // Act
    const wrongVenue = await checkAt(elsewhere);
    const unknownVenue = await checkAt(foreign);
    const untouched = await getTicket(ticket.id);
    const rightVenue = await checkAt(here);
    // Assert
    expect([wrongVenue.status, wrongVenue.body.result]).toEqual([200, 'not-this-venue']);
    expect(unknownVenue.status).toBe(400);
    expect((problem.parse(unknownVenue.body).errors ?? []).map((e) => e.field)).toEqual(['venueId']);
    expect(untouched?.usedAt).toBeUndefined();
    expect(rightVenue.body.result).toBe('valid');
  });

  it('marks a ticket once when two devices check it at the same moment', async () => {
    const { ticket, check } = await arrange();
    const answers = await Promise.all([check(ticketCodeOf(ticket.id)), check(ticketCodeOf(ticket.id))]);
    expect(answers.map((a) => [a.status, a.body.result]).sort(), JSON.stringify(answers.map((a) => a.body))).toEqual([[200, 'already-used'], [200, 'valid']]);
    const stored = await getTicket(ticket.id);
    expect(answers.every((a) => a.body.usedAt === stored?.usedAt)).toBe(true);
  });

  it('marks a ticket once when ten devices check it at the same moment', async () => {
    const { ticket, check } = await arrange();
    const answers = await Promise.all(Array.from({ length: 10 }, () => check(ticketCodeOf(ticket.id))));
    const results = answers.map((a) => a.body.result);
    expect(results.filter((r) => r === 'valid')).toHaveLength(1);
    expect(results.filter((r) => r === 'already-used')).toHaveLength(9);
    expect(new Set(answers.map((a) => a.body.usedAt)).size).toBe(1);
  });

  it('answers invalid to a forged, mistyped or made-up code and changes nothing', async () => {
    // Arrange
    const { ticket, check } = await arrange();
    const genuine = ticketCodeOf(ticket.id);
    const forged = `${ticket.id}-${'A'.repeat(16)}`;
    const mistyped = genuine.slice(0, -1) + (genuine.endsWith('A') ? 'B' : 'A');
    const otherTicket = ticketCodeOf(ulid());
    // Act
    const answers = await Promise.all([forged, mistyped, otherTicket, 'NOT A TICKET CODE AT ALL'].map((code) => check(code)));
    // Assert
    expect(answers.map((a) => [a.status, a.body.result])).toEqual(Array.from({ length: 4 }, () => [200, 'invalid']));
    expect(answers.every((a) => a.body.ticket === undefined)).toBe(true);
    expect(await getTicket(ticket.id)).toEqual(ticket);
  });

  it('answers cancelled for a cancelled ticket or occurrence, wrong day for another day, and marks none of them', async () => {
    // Arrange
    const cancelledTicket = await arrange();
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { db, tableName } = await import('../../functions/db/client.ts');
    const { ticketToItem } = await import('../../functions/db/ticket.ts');
    const { localDateOf } = await import('../../shared/time.ts');
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: ticketToItem({ ...cancelledTicket.ticket, status: 'cancelled' }, { day: localDateOf(new Date()), start: cancelledTicket.occurrence.start }),
      }),
    );
    const cancelledOccurrence = await arrange({ cancelled: true });
    const tomorrow = await arrange({ start: helsinkiTime(1, 12) });
    const yesterday = await arrange({ start: helsinkiTime(-1, 12) });
    // Act
    const answers = await Promise.all([cancelledTicket, cancelledOccurrence, tomorrow, yesterday].map((a) => a.check(ticketCodeOf(a.ticket.id))));
    // Assert
    expect(answers.map((a) => a.body.result)).toEqual(['cancelled', 'cancelled', 'wrong-day', 'wrong-day']);
    expect(answers[2]!.body.ticket.start).toBe(tomorrow.occurrence.start);
    for (const a of [cancelledOccurrence, tomorrow, yesterday]) expect((await getTicket(a.ticket.id))?.usedAt).toBeUndefined();
    expect((await getTicket(cancelledTicket.ticket.id))?.usedAt).toBeUndefined();
  });

  it("answers not this organisation for another organisation's ticket, without marking it", async () => {
    const here = await arrange();
    const elsewhere = await arrange();
    const answer = await here.check(ticketCodeOf(elsewhere.ticket.id));
    expect(answer.body).toEqual({ result: 'not-this-organisation' });
    expect((await getTicket(elsewhere.ticket.id))?.usedAt).toBeUndefined();
  });

  it("refuses door staff of another organisation, a person whose membership is not active yet, and anyone signed out", async () => {
    // Arrange
    const { offering, ticket, check } = await arrange();
    const other = await putOrganisation('accepted');
    const otherStaff = await signInAs({ email: 'door.other@museum.test', memberships: [{ organisationId: other.id, role: 'door-staff' }] });
    const pending = await signInAs({ email: 'door.pending@museum.test', memberships: [{ organisationId: offering.organisationId, role: 'door-staff', status: 'requested' }] });
    // Act
    const wrongOrganisation = await check(ticketCodeOf(ticket.id), offering.organisationId, otherStaff);
    const notActive = await check(ticketCodeOf(ticket.id), offering.organisationId, pending);
    const signedOut = await call('POST', '/api/v1/door/check', { organisationId: offering.organisationId, code: ticketCodeOf(ticket.id) });
    // Assert
    expect([wrongOrganisation.status, notActive.status, signedOut.status]).toEqual([403, 403, 401]);
    expect(problem.parse(wrongOrganisation.body).errors?.[0]?.field).toBe('organisationId');
    expect((await getTicket(ticket.id))?.usedAt).toBeUndefined();
  });

  it('lets a platform admin and an ordinary member check tickets too', async () => {
    const { offering, ticket, check } = await arrange();
    const admin = await signInAs({ email: 'admin.door@city.test', platformAdmin: true });
    const member = await signInAs({ email: 'member.door@museum.test', memberships: [{ organisationId: offering.organisationId }] });
    expect((await check(ticketCodeOf(ticket.id), offering.organisationId, member)).body.result).toBe('valid');
    expect((await check(ticketCodeOf(ticket.id), offering.organisationId, admin)).body.result).toBe('already-used');
  });

  it('refuses a body that fails its schema with a 400 naming the field', async () => {
    const { offering, door } = await arrange();
    const answer = await call('POST', '/api/v1/door/check', { organisationId: offering.organisationId, code: 'short' }, door.authorization);
    expect(answer.status).toBe(400);
    expect(problem.parse(answer.body).errors?.map((e) => e.field)).toEqual(['code']);
  });

  it("lists today's occurrences of the organisation with tickets and how many have come", async () => {
    // Arrange: two tickets today, one of them used.
    const { offering, occurrence, ticket, door, check } = await arrange();
    await putTicket({ offering, occurrence }, { persons: 2 });
    await check(ticketCodeOf(ticket.id));
    // Act
    const today = await call('GET', `/api/v1/door/organisations/${offering.organisationId}/today`, undefined, door.authorization);
    const stranger = await signInAs({ email: 'stranger.door@museum.test' });
    const refused = await call('GET', `/api/v1/door/organisations/${offering.organisationId}/today`, undefined, stranger.authorization);
    // Assert
    expect(today.body.occurrences).toEqual([
      { offeringId: offering.id, occurrenceId: occurrence.id, title: 'Kivikauden retki', start: occurrence.start, tickets: 2, persons: 5, attended: 1 },
    ]);
    expect(refused.status).toBe(403);
  });
});
