import { beforeAll, describe, expect, it } from 'vitest';
import { getEnrolment } from '../../functions/db/enrolment.ts';
import { offeringEnrolments } from '../../shared/schemas/enrolment.ts';
import { useApi } from '../setup/api.ts';
import { signInAs, type TestPerson } from '../setup/auth.ts';
import { enrolWith, enrolmentBody, putPublishedOffering, seatAccount } from '../setup/enrolments.ts';
import { occurrenceBody, storedState } from '../setup/providers.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();
const { call, mailsTo } = useApi();

const enrolIn = enrolWith(call);
const as = (person: TestPerson, extra: Record<string, string> = {}) => ({ ...person.authorization, 'accept-language': 'en', ...extra });

let outsider: TestPerson;
beforeAll(async () => {
  outsider = await signInAs({ email: 'member@other.test', memberships: [{ organisationId: '01KDVDNA00K6SGGYY7RFXKX7HZ' }] });
});

/** A published offering with manual approval, its member, and two requests in its occurrence. */
async function withRequests(rules = {}) {
  const { offering, occurrences } = await putPublishedOffering({ approval: 'manual', ...rules }, [{ capacity: { unit: 'persons', total: 20 }, groupSize: { min: 1, max: 20 } }]);
  const member = await signInAs({ email: `member.${offering.id}@museum.test`, memberships: [{ organisationId: offering.organisationId }] });
  const occurrenceId = occurrences[0]!.id;
  const bodies = [enrolmentBody([occurrenceId], { children: 9, adults: 1 }), enrolmentBody([occurrenceId], { children: 7, adults: 1 })];
  const requests = [];
  for (const body of bodies) requests.push({ ...(await enrolIn(offering.id, body)).body, email: body.contact.email });
  return { offering, occurrenceId, member, requests };
}

describe('a provider handling enrolments', () => {
  it('lists them by occurrence with status and new marks, and unmarks those seen', async () => {
    const { offering, member, requests } = await withRequests();
    const path = `/api/v1/manage/offerings/${offering.id}/enrolments`;
    const first = offeringEnrolments.parse((await call('GET', path, undefined, as(member))).body);
    expect(first.occurrences[0]?.enrolments.map((e) => [e.status, e.isNew])).toEqual([
      ['requested', true],
      ['requested', true],
    ]);
    expect((await call('POST', `${path}/seen`, { enrolmentIds: [requests[0].enrolmentId] }, as(member))).status).toBe(204);
    const after = offeringEnrolments.parse((await call('GET', path, undefined, as(member))).body);
    expect(after.occurrences[0]?.enrolments.map((e) => e.isNew)).toEqual([false, true]);
  });

  it('approves and declines many at once with a message; a declined request frees its seats for the waitlist', async () => {
    // Arrange: both requests hold 18 of 20 seats; a group of 5 waits.
    const { offering, occurrenceId, member, requests } = await withRequests();
    const waiting = await enrolIn(offering.id, enrolmentBody([occurrenceId], { children: 4, adults: 1 }));
    expect(waiting.body.outcome).toBe('waitlisted');
    const path = `/api/v1/manage/offerings/${offering.id}/enrolments/decisions`;
    // Act
    const approved = await call('POST', path, { enrolmentIds: [requests[0].enrolmentId], decision: 'approve', message: 'Tervetuloa!' }, as(member));
    const declined = await call('POST', path, { enrolmentIds: [requests[1].enrolmentId], decision: 'decline', message: 'Ryhmä on liian iso.' }, as(member));
    // Assert
    expect([approved.status, declined.status]).toEqual([200, 200]);
    const list = offeringEnrolments.parse(declined.body).occurrences[0]!.enrolments;
    expect(list.map((e) => e.status)).toEqual(['booked', 'declined', 'offered']);
    expect(list[0]?.decision).toMatchObject({ by: member.personId, message: 'Tervetuloa!' });
    const mail = mailsTo(requests[0].email).find((m) => m.subject.startsWith('Ilmoittautuminen hyväksytty'));
    expect(mail?.text).toContain('Järjestäjän viesti: Tervetuloa!');
    expect(mailsTo(requests[1].email).map((m) => m.subject)).toContain('Ilmoittautumista ei hyväksytty: Kivikauden retki');
    expect(await seatAccount(offering.id, occurrenceId)).toMatchObject({ counter: 15, held: 15 });
  });

  it("refuses a decision on another organisation's enrolment, on one already decided, and by an outsider; nothing changes", async () => {
    const { offering, member, requests } = await withRequests();
    const other = await withRequests();
    const path = `/api/v1/manage/offerings/${offering.id}/enrolments/decisions`;
    const before = await storedState(offering.id, offering.organisationId);
    const foreign = await call('POST', path, { enrolmentIds: [requests[0].enrolmentId, other.requests[0].enrolmentId], decision: 'approve' }, as(member));
    const byOutsider = await call('POST', path, { enrolmentIds: [requests[0].enrolmentId], decision: 'approve' }, as(outsider));
    const viaOtherOffering = await call('POST', `/api/v1/manage/offerings/${other.offering.id}/enrolments/decisions`, { enrolmentIds: [requests[0].enrolmentId], decision: 'approve' }, as(other.member));
    const signedOut = await call('POST', path, { enrolmentIds: [requests[0].enrolmentId], decision: 'approve' });
    expect(foreign.status).toBe(404);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'enrolmentIds.1' })]);
    expect(byOutsider.status).toBe(403);
    expect(viaOtherOffering.status).toBe(404);
    expect(signedOut.status).toBe(401);
    expect(await storedState(offering.id, offering.organisationId)).toEqual(before);
    expect((await getEnrolment(other.offering.id, other.requests[0].enrolmentId))?.status).toBe('requested');

    await call('POST', path, { enrolmentIds: [requests[0].enrolmentId], decision: 'approve' }, as(member));
    const again = await call('POST', path, { enrolmentIds: [requests[0].enrolmentId], decision: 'decline' }, as(member));
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'enrolmentIds.0' })]);
  });

  it('cancels an enrolment with a message, and books a group picked from the waitlist', async () => {
    const { offering, occurrenceId, member, requests } = await withRequests({ approval: 'automatic' });
    // 18 of 20 seats are booked: a pair fits, a group of 10 waits.
    const waiting = await enrolIn(offering.id, enrolmentBody([occurrenceId], { children: 1, adults: 1 }));
    const waitingBig = await enrolIn(offering.id, enrolmentBody([occurrenceId], { children: 9, adults: 1 }));
    expect([waiting.body.outcome, waitingBig.body.outcome]).toEqual(['booked', 'waitlisted']);
    // Picking a group that does not fit is refused.
    const tooBig = await call('POST', `/api/v1/manage/offerings/${offering.id}/enrolments/${waitingBig.body.enrolmentId}/book`, undefined, as(member));
    expect(tooBig.status).toBe(409);
    // Cancelling a booked group frees 10 seats, which the waiting group is offered at once.
    const cancelled = await call('POST', `/api/v1/manage/offerings/${offering.id}/enrolments/${requests[0].enrolmentId}/cancel`, { message: 'Museo on suljettu.' }, as(member));
    expect(cancelled.status).toBe(200);
    expect(mailsTo(requests[0].email).find((m) => m.subject.startsWith('Järjestäjä perui'))?.text).toContain('Museo on suljettu.');
    const list = offeringEnrolments.parse(cancelled.body).occurrences[0]!.enrolments;
    expect(list.find((e) => e.id === waitingBig.body.enrolmentId)?.status).toBe('offered');
    expect(await seatAccount(offering.id, occurrenceId)).toMatchObject({ counter: 20, held: 20 });
    // With those seats held for it, picking it from the waitlist is refused: it no longer waits.
    const picked = await call('POST', `/api/v1/manage/offerings/${offering.id}/enrolments/${waitingBig.body.enrolmentId}/book`, undefined, as(member));
    expect([picked.status, picked.body.detail]).toEqual([409, 'The group is not on the waitlist.']);
  });

  it('books a group the provider picks from the waitlist when it fits, whatever its place', async () => {
    // Arrange: two groups waiting while seats are free — as when the provider lowered and raised
    // capacity or an offer is being passed on — written directly, since freed seats are otherwise
    // offered at once.
    const { offering, occurrenceId, member } = await withRequests({ approval: 'automatic' });
    const { enrolmentToItem } = await import('../../functions/db/enrolment.ts');
    const { enrolmentRequest } = await import('../../shared/schemas/enrolment.ts');
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const { db, tableName } = await import('../../functions/db/client.ts');
    const at = new Date().toISOString();
    const waitingIds: string[] = [];
    for (const [ticket, persons] of [[1, 6], [2, 2]] as const) {
      const { consent: _c, ...group } = enrolmentRequest.parse(enrolmentBody([occurrenceId], { children: persons - 1, adults: 1 }));
      const id = `01KDVDNA00K6SGGYY7RFXKX7${ticket === 1 ? 'H1' : 'H2'}`;
      waitingIds.push(id);
      const item = enrolmentToItem({ ...group, id, offeringId: offering.id, organisationId: offering.organisationId, status: 'waitlisted', waitlistTicket: ticket, consentAt: at, version: 1, createdAt: at, updatedAt: at });
      await db().send(new PutCommand({ TableName: tableName(), Item: item }));
    }
    // 18 of 20 seats are booked: the second group (2) fits, the first (6) does not.
    // Act
    const first = await call('POST', `/api/v1/manage/offerings/${offering.id}/enrolments/${waitingIds[0]}/book`, undefined, as(member));
    const second = await call('POST', `/api/v1/manage/offerings/${offering.id}/enrolments/${waitingIds[1]}/book`, undefined, as(member));
    // Assert
    expect([first.status, first.body.detail]).toEqual([409, 'The group does not fit in the free seats.']);
    expect(second.status).toBe(200);
    const list = offeringEnrolments.parse(second.body).occurrences[0]!.enrolments;
    expect(list.find((e) => e.id === waitingIds[1])?.status).toBe('booked');
    expect(await seatAccount(offering.id, occurrenceId)).toMatchObject({ counter: 20, held: 20 });
  });

  it('enrols a group for a teacher who phoned, recording who entered it', async () => {
    const { offering, occurrenceId, member } = await withRequests({ approval: 'automatic' });
    const body = enrolmentBody([occurrenceId], { children: 1, adults: 1 });
    const answer = await call('POST', `/api/v1/manage/offerings/${offering.id}/enrolments`, body, as(member, { 'content-type': 'application/json' }));
    expect(answer.status).toBe(201);
    expect((await getEnrolment(offering.id, answer.body.enrolmentId))?.enteredBy).toBe(member.personId);
    const byOutsider = await call('POST', `/api/v1/manage/offerings/${offering.id}/enrolments`, enrolmentBody([occurrenceId]), as(outsider));
    expect(byOutsider.status).toBe(403);
  });

  it('exports a CSV that Excel opens as it is: BOM, semicolons, CRLF, quoted fields, headings in the language asked', async () => {
    const { offering, occurrenceId, member } = await withRequests();
    await enrolIn(offering.id, enrolmentBody([occurrenceId], { children: 1, adults: 1, groupName: '3A; "Kotkat"', specialNeeds: '=HYPERLINK("x")' }));
    const response = await call('GET', `/api/v1/manage/offerings/${offering.id}/enrolments.csv`, undefined, as(member, { 'accept-language': 'fi' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Kivikauden-retki.csv"');
    const { bytes } = response;
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Tapahtuma;Tila;Koulu tai päiväkoti;Ryhmä;Luokka-asteet;Lapsia;Aikuisia;Vastuuaikuinen;Vastuuaikuisen puhelin;Yhteyshenkilö;Sähköposti;Puhelin;Viestien kieli;Erityistarpeet;Lisätiedot;Ilmoittautunut;Kirjannut');
    expect(lines).toHaveLength(5); // heading, three enrolments, and the final line end
    expect(text).toContain(';"3A; ""Kotkat""";');
    expect(text).toContain(`;"'=HYPERLINK(""x"")";`);
    expect(lines[1]).toContain(';Odottaa hyväksyntää;');
  });
});

describe("an organisation's calendar feed", () => {
  it('lists its occurrences with the groups enrolled, by a signed address; a forged or another organisation’s address is refused', async () => {
    const { offering, member } = await withRequests();
    const other = await withRequests();
    // Asked in Finnish: the feed is in the language of the page that gave the address.
    const link = await call('GET', `/api/v1/organisations/${offering.organisationId}/calendar-link`, undefined, as(member, { 'accept-language': 'fi' }));
    expect(link.status).toBe(200);
    const url = new URL(link.body.url);
    expect(url.pathname).toBe(`/api/v1/organisations/${offering.organisationId}/calendar.ics`);
    const feed = await call('GET', `${url.pathname}${url.search}`);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = new TextDecoder().decode(feed.bytes);
    expect(text).toContain('SUMMARY:Kivikauden retki');
    expect(text).toMatch(/DESCRIPTION:Odottaa hyväksyntää: Kallion ala-aste\\, 3/);
    const foreign = await call('GET', `/api/v1/organisations/${other.offering.organisationId}/calendar.ics${url.search}`);
    const forged = await call('GET', `${url.pathname}?token=${'x'.repeat(40)}`);
    const byOutsider = await call('GET', `/api/v1/organisations/${offering.organisationId}/calendar-link`, undefined, as(outsider));
    expect([foreign.status, forged.status, byOutsider.status]).toEqual([400, 400, 403]);
  });
});

describe('the daily summary', () => {
  it("emails each active member once a day the requests nobody has seen, and none once they are seen", async () => {
    // Arrange: two unseen requests; a second member in Swedish.
    const { offering, member } = await withRequests();
    const colleague = await signInAs({ email: `colleague.${offering.id}@museum.test`, locale: 'sv', memberships: [{ organisationId: offering.organisationId }] });
    const { sendDailySummaries } = await import('../../functions/domain/provider-enrolments.ts');
    const { helsinkiTime } = await import('../setup/providers.ts');
    // Act
    const early = await sendDailySummaries(new Date(helsinkiTime(0, 7)));
    await sendDailySummaries(new Date(helsinkiTime(0, 9)));
    await sendDailySummaries(new Date(helsinkiTime(0, 10)));
    // Assert
    expect(early).toBe(0);
    const finnish = mailsTo(member.email).filter((m) => m.subject === '2 uutta ilmoittautumispyyntöä odottaa');
    expect(finnish).toHaveLength(1);
    expect(finnish[0]?.text).toContain('Kivikauden retki: Kallion ala-aste');
    expect(mailsTo(colleague.email).map((m) => m.subject)).toEqual(['2 nya anmälningar väntar']);

    // Seen the next day: no summary.
    const list = offeringEnrolments.parse((await call('GET', `/api/v1/manage/offerings/${offering.id}/enrolments`, undefined, as(member))).body);
    await call('POST', `/api/v1/manage/offerings/${offering.id}/enrolments/seen`, { enrolmentIds: list.occurrences[0]!.enrolments.map((e) => e.id) }, as(member));
    await sendDailySummaries(new Date(helsinkiTime(1, 9)));
    expect(mailsTo(member.email).filter((m) => m.subject.includes('odottaa'))).toHaveLength(1);
  });
});

describe('an occurrence cancelled or changed by its provider', () => {
  it('cancels its enrolments and emails each teacher the reason in their language; seats held elsewhere are released', async () => {
    const { offering, occurrenceId, member, requests } = await withRequests({ approval: 'automatic' });
    const answer = await call('POST', `/api/v1/manage/offerings/${offering.id}/occurrences/${occurrenceId}/cancel`, { version: 1, reason: { fi: 'Sali on remontissa.', en: 'The hall is being renovated.' } }, as(member, { 'content-type': 'application/json' }));
    expect(answer.status).toBe(200);
    expect(answer.body.notifyEnrolled).toBe(true);
    for (const request of requests) {
      expect((await getEnrolment(offering.id, request.enrolmentId))?.status).toBe('cancelled');
      expect(mailsTo(request.email).find((m) => m.subject.startsWith('Tapahtuma peruttu'))?.text).toContain('Syy: Sali on remontissa.');
    }
    expect(await seatAccount(offering.id, occurrenceId)).toMatchObject({ counter: 0, held: 0 });
  });

  it('tells the groups holding seats of a new time, and offers seats freed by a raised capacity to the waitlist', async () => {
    const { offering, occurrenceId, member, requests } = await withRequests({ approval: 'automatic' });
    const waiting = await enrolIn(offering.id, enrolmentBody([occurrenceId], { children: 9, adults: 1 }));
    expect(waiting.body.outcome).toBe('waitlisted');
    const moved = { ...occurrenceBody(21), capacity: { unit: 'persons', total: 30 }, groupSize: { min: 1, max: 20 }, version: 1 };
    const answer = await call('PUT', `/api/v1/manage/offerings/${offering.id}/occurrences/${occurrenceId}`, moved, as(member, { 'content-type': 'application/json' }));
    expect(answer.status).toBe(200);
    expect(mailsTo(requests[0].email).find((m) => m.subject.startsWith('Tapahtuman tiedot muuttuivat'))?.attachments?.[0]?.content).toContain('SEQUENCE:2');
    expect((await getEnrolment(offering.id, waiting.body.enrolmentId))?.status).toBe('offered');
    expect(await seatAccount(offering.id, occurrenceId)).toMatchObject({ counter: 28, held: 28 });
  });
});
