import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { getChildYears } from '../../functions/db/child-year.ts';
import { db, tableName } from '../../functions/db/client.ts';
import { getChild } from '../../functions/db/family.ts';
import { invitationKey, listInvitationsOfRound } from '../../functions/db/invitation.ts';
import { getOccurrence, occurrenceKey } from '../../functions/db/offering.ts';
import { listTicketsOfFamily } from '../../functions/db/ticket.ts';
import { ticketCodeOf } from '../../functions/domain/ticket-code.ts';
import { expireLapsedInvitations } from '../../functions/jobs/invitation-expiry.ts';
import type { Invitation } from '../../shared/schemas/godchild.ts';
import { invitationList, invitationView, publicInvitationView } from '../../shared/schemas/round-views.ts';
import { useApi } from '../setup/api.ts';
import { signInAs, type TestPerson } from '../setup/auth.ts';
import { asNewClient } from '../setup/enrolments.ts';
import { committedRound, putCohort, putExperience, putFamily, type TestFamily } from '../setup/godchild.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();
const { call, mailsTo } = useApi();

let admin: TestPerson;
beforeAll(async () => {
  admin = await signInAs({ email: 'admin@city.test', platformAdmin: true });
});
const as = (f: TestFamily) => ({ ...f.guardian!.authorization, 'accept-language': 'en' });
const accept = (f: TestFamily, id: string) => call('POST', `/api/v1/me/family/invitations/${id}/accept`, undefined, as(f));
const decline = (f: TestFamily, id: string) => call('POST', `/api/v1/me/family/invitations/${id}/decline`, undefined, as(f));

/**
 * A committed round on one occurrence for `seats` persons (child and one guardian: two persons
 * a one-child family), with `families` one-child families of which the first ones have fewer
 * past experiences, so the allocation's order is known: the first seats/2 are invited, the
 * rest wait in order.
 */
async function arrange(options: { seats: number; families: number; eventGroup?: string; yearlyLimit?: number; letter?: number }) {
  const cohort = await putCohort({ yearlyLimit: options.yearlyLimit ?? 2 });
  const { offering, occurrences } = await putExperience({ cohortId: cohort.id, invite: 'child-and-one', ...(options.eventGroup ? { eventGroup: options.eventGroup } : {}) }, [
    { capacity: { unit: 'persons', total: options.seats }, groupSize: { min: 1, max: options.seats } },
  ]);
  const families: TestFamily[] = [];
  for (let i = 0; i < options.families; i++) {
    families.push(await putFamily(cohort, { ...(options.letter === i ? { email: null } : {}), children: [{ firstName: `Lapsi${i}`, pastExperiences: i }] }));
  }
  const round = await committedRound(call, admin, cohort.id);
  const invitations = await listInvitationsOfRound(round.roundId);
  const invitationOf = (f: TestFamily) => invitations.find((i) => i.familyId === f.family.id);
  return { cohort, offering, occurrence: occurrences[0]!, families, round, invitations, invitationOf };
}

const seatsTaken = async (offeringId: string, occurrenceId: string) => (await getOccurrence(offeringId, occurrenceId))?.seatsTaken;

describe("a family's invitations", () => {
  it('lists the invitation with what, when, where and who, and accepting yields one ticket, uses the yearly allowance and emails the QR code', async () => {
    // Arrange
    const { families, invitationOf, offering, occurrence } = await arrange({ seats: 2, families: 1 });
    const [family] = families as [TestFamily];
    const invitation = invitationOf(family)!;
    // Act
    const listed = await call('GET', '/api/v1/me/family/invitations', undefined, as(family));
    const accepted = await accept(family, invitation.id);
    const acceptedAgain = await accept(family, invitation.id);
    // Assert
    const [shown] = invitationList.parse(listed.body).items;
    expect(shown).toMatchObject({ id: invitation.id, status: 'offered', title: offering.title, start: occurrence.start, persons: 2, children: [{ firstName: 'Lapsi0' }] });
    expect(shown!.place).toContain('Museokatu 1');
    expect(listed.body.items[0].acceptCode).toBeUndefined();
    expect(accepted.status).toBe(200);
    const view = invitationView.parse(accepted.body);
    expect(view.status).toBe('accepted');
    const tickets = await listTicketsOfFamily(family.family.id);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ id: view.ticketId, source: 'round', invitationId: invitation.id, persons: 2, status: 'valid' });
    const year = Number(occurrence.start.slice(0, 4));
    expect((await getChildYears([family.children[0]!.id], year)).get(family.children[0]!.id)?.used).toBe(1);
    expect((await getChild(family.family.id, family.children[0]!.id))?.pastExperiences).toBe(1);
    expect([acceptedAgain.status, acceptedAgain.body.reason]).toEqual([409, 'answered']);
    const ticketMail = mailsTo(family.family.email!).find((m) => m.subject.startsWith('Lippunne'));
    expect(ticketMail?.text).toContain(ticketCodeOf(view.ticketId!));
    expect(ticketMail?.attachments?.[0]).toMatchObject({ filename: 'tarjotin-ticket.png', contentType: 'image/png', encoding: 'base64' });
    expect(Buffer.from(ticketMail!.attachments![0]!.content, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(await seatsTaken(offering.id, occurrence.id)).toBe(2);
  });

  it('gives one ticket when two accepts race for one invitation', async () => {
    const { families, invitationOf, occurrence } = await arrange({ seats: 2, families: 1 });
    const [family] = families as [TestFamily];
    const answers = await Promise.all([accept(family, invitationOf(family)!.id), accept(family, invitationOf(family)!.id)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(await listTicketsOfFamily(family.family.id)).toHaveLength(1);
    expect((await getChildYears([family.children[0]!.id], Number(occurrence.start.slice(0, 4)))).get(family.children[0]!.id)?.used).toBe(1);
  });

  it("answers 404 for someone else's invitation and changes nothing", async () => {
    const { families, invitationOf, round } = await arrange({ seats: 2, families: 2 });
    const [invited, other] = families as [TestFamily, TestFamily];
    const before = await listInvitationsOfRound(round.roundId);
    const stolen = await accept(other, invitationOf(invited)!.id);
    const declinedByOther = await decline(other, invitationOf(invited)!.id);
    expect(stolen.status).toBe(404);
    expect(declinedByOther.status).toBe(404);
    expect(stolen.body.detail).toBe('The invitation was not found.');
    expect(await listInvitationsOfRound(round.roundId)).toEqual(before);
    expect(await listTicketsOfFamily(other.family.id)).toHaveLength(0);
  });

  it('refuses to accept or decline after the time to answer with 409 expired, and changes nothing', async () => {
    const { families, invitationOf, offering, occurrence } = await arrange({ seats: 2, families: 1 });
    const [family] = families as [TestFamily];
    const invitation = invitationOf(family)!;
    await lapse(invitation);
    const late = await accept(family, invitation.id);
    const lateDecline = await decline(family, invitation.id);
    expect([late.status, late.body.reason, late.body.detail]).toEqual([409, 'expired', 'The time to answer the invitation has passed.']);
    expect([lateDecline.status, lateDecline.body.reason]).toEqual([409, 'expired']);
    expect(await listTicketsOfFamily(family.family.id)).toHaveLength(0);
    expect(await seatsTaken(offering.id, occurrence.id)).toBe(2);
  });

  it('refuses to accept when the yearly limit is used up, with the reason, and leaves the invitation and its seats as they were', async () => {
    const { families, invitationOf, occurrence, offering, round } = await arrange({ seats: 2, families: 1, yearlyLimit: 1 });
    const [family] = families as [TestFamily];
    const year = Number(occurrence.start.slice(0, 4));
    // The child used its one experience of the year elsewhere (a first-come ticket) after the round.
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `CHILD#${family.children[0]!.id}`, sk: `YEAR#${year}` },
        UpdateExpression: 'SET used = :one, childId = :child, #year = :year',
        ExpressionAttributeNames: { '#year': 'year' },
        ExpressionAttributeValues: { ':one': 1, ':child': family.children[0]!.id, ':year': year },
      }),
    );
    const refused = await accept(family, invitationOf(family)!.id);
    expect([refused.status, refused.body.reason]).toEqual([409, 'yearly-limit']);
    expect(refused.body.detail).toBe("The child has already used this year's culture experiences, so the invitation cannot be accepted.");
    expect((await listInvitationsOfRound(round.roundId))[0]!.status).toBe('offered');
    expect(await listTicketsOfFamily(family.family.id)).toHaveLength(0);
    expect(await seatsTaken(offering.id, occurrence.id)).toBe(2);
  });

  it('refuses to accept an invitation whose occurrence was cancelled or has begun, using none of the allowance', async () => {
    // Arrange: two families invited to one occurrence; the provider cancels it, or it begins before they answer.
    const { families, invitationOf, occurrence, offering } = await arrange({ seats: 4, families: 2 });
    const [first, second] = families as [TestFamily, TestFamily];
    const year = Number(occurrence.start.slice(0, 4));
    const setOccurrence = (update: string, values: Record<string, unknown>, names?: Record<string, string>) =>
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: occurrenceKey(offering.id, occurrence.id),
          UpdateExpression: update,
          ExpressionAttributeValues: values,
          ...(names ? { ExpressionAttributeNames: names } : {}),
        }),
      );
    // Act
    await setOccurrence('SET cancelled = :cancelled', { ':cancelled': { at: new Date().toISOString(), reason: { en: 'Ill' } } });
    const toCancelled = await accept(first, invitationOf(first)!.id);
    await setOccurrence('REMOVE cancelled SET #start = :past', { ':past': new Date(Date.now() - 60_000).toISOString() }, { '#start': 'start' });
    const begun = await accept(second, invitationOf(second)!.id);
    // Assert
    expect([toCancelled.status, toCancelled.body.reason]).toEqual([409, 'cancelled']);
    expect([begun.status, begun.body.reason]).toEqual([409, 'expired']);
    for (const f of [first, second]) {
      expect(await listTicketsOfFamily(f.family.id)).toHaveLength(0);
      expect((await getChildYears([f.children[0]!.id], year)).get(f.children[0]!.id)?.used).toBe(0);
    }
  });
});

/** Moves an invitation's time to answer into the past, as the clock would. */
async function lapse(invitation: Invitation) {
  const past = new Date(Date.now() - 60_000).toISOString();
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: invitationKey(invitation.roundId, invitation.id),
      UpdateExpression: 'SET respondBy = :past, gsi2sk = :sk',
      ExpressionAttributeValues: { ':past': past, ':sk': `${past}#${invitation.id}` },
    }),
  );
}

async function waitlistOf(roundId: string) {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :wait)',
      ExpressionAttributeValues: { ':pk': `ROUND#${roundId}`, ':wait': 'WAIT#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => i.familyId as string);
}

describe('freed seats go to the round waitlist', () => {
  it('offers a declined seat to the first waiting family, held for the hold time, and emails it', async () => {
    // Arrange: 2 seats, three families: the first invited, the second and third waiting in that order.
    const { families, invitationOf, round, offering, occurrence } = await arrange({ seats: 2, families: 3 });
    const [invited, next, last] = families as [TestFamily, TestFamily, TestFamily];
    expect(await waitlistOf(round.roundId)).toEqual([next.family.id, last.family.id]);
    // Act
    const declined = await decline(invited, invitationOf(invited)!.id);
    // Assert
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('declined');
    const invitations = await listInvitationsOfRound(round.roundId);
    const offered = invitations.find((i) => i.familyId === next.family.id);
    expect(offered).toMatchObject({ status: 'offered', source: 'waitlist', occurrenceId: occurrence.id, persons: 2 });
    const held = Date.parse(offered!.respondBy) - Date.parse(offered!.createdAt);
    expect(held).toBe(48 * 3_600_000);
    expect(await waitlistOf(round.roundId)).toEqual([last.family.id]);
    expect(await seatsTaken(offering.id, occurrence.id)).toBe(2);
    expect(mailsTo(next.family.email!).map((m) => m.subject)).toEqual(['Paikka vapautui teille: Kivikauden retki']);
    expect(mailsTo(last.family.email!)).toHaveLength(0);
  });

  it('lapses unanswered invitations in the expiry job, releasing the seats and offering them on; a second run does nothing', async () => {
    const { families, invitationOf, round, offering, occurrence } = await arrange({ seats: 2, families: 2 });
    const [invited, next] = families as [TestFamily, TestFamily];
    await lapse(invitationOf(invited)!);
    // Act
    const expired = await expireLapsedInvitations(new Date());
    const again = await expireLapsedInvitations(new Date());
    // Assert
    expect(expired).toBeGreaterThanOrEqual(1);
    expect(again).toBe(0);
    const invitations = await listInvitationsOfRound(round.roundId);
    expect(invitations.find((i) => i.familyId === invited.family.id)?.status).toBe('expired');
    expect(invitations.find((i) => i.familyId === next.family.id)).toMatchObject({ status: 'offered', source: 'waitlist' });
    expect(await seatsTaken(offering.id, occurrence.id)).toBe(2);
  });

  it('passes over a waiting family whose child has an event of the same group, and offers nothing after the round is closed', async () => {
    const { families, invitationOf, round, offering, occurrence } = await arrange({ seats: 2, families: 3, eventGroup: 'concert-2027' });
    const [invited, grouped, last] = families as [TestFamily, TestFamily, TestFamily];
    const year = Number(occurrence.start.slice(0, 4));
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `CHILD#${grouped.children[0]!.id}`, sk: `YEAR#${year}` },
        UpdateExpression: 'SET used = :one, childId = :child, #year = :year, eventGroups = :groups',
        ExpressionAttributeNames: { '#year': 'year' },
        ExpressionAttributeValues: { ':one': 1, ':child': grouped.children[0]!.id, ':year': year, ':groups': new Set(['concert-2027']) },
      }),
    );
    await decline(invited, invitationOf(invited)!.id);
    const invitations = await listInvitationsOfRound(round.roundId);
    expect(invitations.find((i) => i.familyId === grouped.family.id)).toBeUndefined();
    const toLast = invitations.find((i) => i.familyId === last.family.id)!;
    expect(toLast.status).toBe('offered');
    // The round closes: a decline now frees the seat for first-come enrolment, not the waitlist.
    await call('POST', `/api/v1/admin/rounds/${round.roundId}/close`, undefined, admin.authorization);
    await decline(last, toLast.id);
    expect(await seatsTaken(offering.id, occurrence.id)).toBe(0);
    expect((await listInvitationsOfRound(round.roundId)).filter((i) => i.status === 'offered')).toHaveLength(0);
  });
});

describe("a letter's accept code", () => {
  it('shows and accepts the invitation by its code, case-insensitively; an unknown code is a 404 naming it and a malformed one a 400', async () => {
    const { families, invitationOf } = await arrange({ seats: 2, families: 1, letter: 0 });
    const [family] = families as [TestFamily];
    const invitation = invitationOf(family)!;
    expect(invitation.delivery).toBe('letter');
    const client = await asNewClient();
    const shown = await call('GET', `/api/v1/invitations/by-code/${invitation.acceptCode.toLowerCase()}`, undefined, { ...client, 'accept-language': 'en' });
    const unknown = await call('GET', '/api/v1/invitations/by-code/ABCDEFGHJK', undefined, { ...client, 'accept-language': 'en' });
    const malformed = await call('GET', '/api/v1/invitations/by-code/abc', undefined, { ...client, 'accept-language': 'en' });
    const accepted = await call('POST', `/api/v1/invitations/by-code/${invitation.acceptCode}/accept`, undefined, { ...client, 'accept-language': 'en' });
    expect(shown.status).toBe(200);
    expect(publicInvitationView.parse(shown.body)).toMatchObject({ id: invitation.id, status: 'offered' });
    // The code's holder learns what the letter says, not the family's, children's or round's ids.
    for (const hidden of ['familyId', 'childIds', 'cohortId', 'roundId', 'offeringId', 'occurrenceId', 'ticketId']) expect(shown.body).not.toHaveProperty(hidden);
    expect(shown.body).not.toHaveProperty('ticket');
    expect([unknown.status, unknown.body.errors[0].field, unknown.body.errors[0].detail]).toEqual([404, 'code', 'No invitation has this code. Check the code in the letter.']);
    expect([malformed.status, malformed.body.errors[0].field]).toEqual([400, 'code']);
    expect(accepted.status).toBe(200);
    const tickets = await listTicketsOfFamily(family.family.id);
    expect(tickets).toHaveLength(1);
    // A family without email prints the ticket from this page: its code and QR code come with the answer.
    expect(publicInvitationView.parse(accepted.body).ticket).toMatchObject({ code: ticketCodeOf(tickets[0]!.id), qrSvg: expect.stringContaining('<svg') });
    expect(accepted.body).not.toHaveProperty('ticketId');
  });
});
