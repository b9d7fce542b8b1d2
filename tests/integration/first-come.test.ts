import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '../../functions/db/client.ts';
import { getChildYears } from '../../functions/db/child-year.ts';
import { childToItem, getChild } from '../../functions/db/family.ts';
import { getOccurrence } from '../../functions/db/offering.ts';
import { getTicket, listTicketsOfFamily } from '../../functions/db/ticket.ts';
import { ticketCodeOf } from '../../functions/domain/ticket-code.ts';
import { problem } from '../../shared/schemas/api.ts';
import { familyExperiences, ticketView } from '../../shared/schemas/tickets.ts';
import { useApi } from '../setup/api.ts';
import type { TestPerson } from '../setup/auth.ts';
import { helsinkiTime } from '../setup/providers.ts';
import { useIsolatedTable } from '../setup/table.ts';
import { putCohort, putExperience, putFamily, putRound } from '../setup/godchild.ts';

useIsolatedTable();
const { call, mailsTo } = useApi();

const enrolPath = (offeringId: string, occurrenceId: string) => `/api/v1/me/family/experiences/${offeringId}/occurrences/${occurrenceId}/enrolments`;
const enrol = (who: TestPerson, offeringId: string, occurrenceId: string, body: unknown, headers: Record<string, string> = {}) =>
  call('POST', enrolPath(offeringId, occurrenceId), body, { ...who.authorization, 'accept-language': 'en', ...headers });
const yearOf = (start: string) => Number(start.slice(0, 4));

describe('first-come enrolment', () => {
  it('gives a ticket, takes the seats and the yearly allowance together, and emails the ticket with its QR code', async () => {
    // Arrange
    const cohort = await putCohort();
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id, invite: 'child-and-up-to-two' });
    const { guardian, family, children } = await putFamily(cohort, { children: 2 });
    // Act
    const answer = await enrol(guardian, offering.id, occurrences[0]!.id, { childIds: children.map((c) => c.id), guardians: 2, otherChildren: 0 });
    // Assert
    expect(answer.status).toBe(201);
    const ticket = await getTicket(answer.body.ticketId);
    expect(ticket).toMatchObject({ familyId: family.id, cohortId: cohort.id, source: 'first-come', status: 'valid', persons: 4, organisationId: offering.organisationId });
    expect((await getOccurrence(offering.id, occurrences[0]!.id))?.seatsTaken).toBe(4);
    const years = await getChildYears(children.map((c) => c.id), yearOf(occurrences[0]!.start));
    expect([...years.values()].map((y) => y.used)).toEqual([1, 1]);
    expect((await getChild(family.id, children[0]!.id))?.pastExperiences).toBe(1);
    const [mail] = mailsTo(guardian.email);
    expect(mail?.attachments?.[0]).toMatchObject({ contentType: 'image/png', encoding: 'base64' });
    expect(mail?.text).toContain(ticketCodeOf(ticket!.id));
  });

  it('never gives one child more tickets than its yearly limit, however many enrolments race (100 at once)', { timeout: 180_000 }, async () => {
    // Arrange: 100 experiences of the cohort, each with one occurrence this year (or next, late in December).
    const cohort = await putCohort({ yearlyLimit: 2 });
    const { guardian, family, children } = await putFamily(cohort);
    const start = helsinkiTime(2, 10);
    const experiences = [];
    for (let i = 0; i < 100; i += 10) {
      experiences.push(
        ...(await Promise.all(Array.from({ length: 10 }, () => putExperience({ cohortId: cohort.id }, [{ start, end: helsinkiTime(2, 11) }])))),
      );
    }
    // Act
    const answers = await Promise.all(
      experiences.map(({ offering, occurrences }) => enrol(guardian, offering.id, occurrences[0]!.id, { childIds: [children[0]!.id], guardians: 1, otherChildren: 0 })),
    );
    // Assert
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.reason)).toEqual(Array.from({ length: 98 }, () => 'yearly-limit'));
    const tickets = await listTicketsOfFamily(family.id);
    expect(tickets).toHaveLength(2);
    const years = await getChildYears([children[0]!.id], yearOf(start));
    expect(years.get(children[0]!.id)?.used).toBe(tickets.length);
    const seats = await Promise.all(experiences.map(({ offering, occurrences }) => getOccurrence(offering.id, occurrences[0]!.id)));
    expect(seats.reduce((sum, o) => sum + (o?.seatsTaken ?? 0), 0)).toBe(4);
  });

  it('is refused while a round of the cohort is open or committed, and nothing is written', async () => {
    // Arrange
    const open = await putCohort();
    const committed = await putCohort();
    await putRound(open.id, 'open');
    await putRound(committed.id, 'committed');
    const attempts = [];
    for (const cohort of [open, committed]) {
      const { offering, occurrences } = await putExperience({ cohortId: cohort.id });
      const { guardian, family, children } = await putFamily(cohort);
      attempts.push({ offering, occurrence: occurrences[0]!, guardian, family, children });
    }
    // Act
    const answers = await Promise.all(attempts.map((a) => enrol(a.guardian, a.offering.id, a.occurrence.id, { childIds: [a.children[0]!.id], guardians: 1, otherChildren: 0 })));
    // Assert
    expect(answers.map((a) => [a.status, a.body.reason])).toEqual([
      [409, 'round-in-progress'],
      [409, 'round-in-progress'],
    ]);
    for (const a of attempts) {
      expect((await getOccurrence(a.offering.id, a.occurrence.id))?.seatsTaken).toBe(0);
      expect(await listTicketsOfFamily(a.family.id)).toEqual([]);
    }
  });

  it('is refused by the transaction itself when a round opens between the read and the write', async () => {
    // Arrange: only the guard a round opening writes, as if its round item were not yet read.
    const cohort = await putCohort();
    await db().send(new PutCommand({ TableName: tableName(), Item: { pk: `COHORT#${cohort.id}`, sk: 'ACTIVEROUND', type: 'active-round', roundId: 'opening' } }));
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id });
    const { guardian, family, children } = await putFamily(cohort);
    // Act
    const answer = await enrol(guardian, offering.id, occurrences[0]!.id, { childIds: [children[0]!.id], guardians: 1, otherChildren: 0 });
    // Assert
    expect([answer.status, answer.body.reason]).toEqual([409, 'round-in-progress']);
    expect((await getOccurrence(offering.id, occurrences[0]!.id))?.seatsTaken).toBe(0);
    expect(await listTicketsOfFamily(family.id)).toEqual([]);
    expect((await getChildYears([children[0]!.id], yearOf(occurrences[0]!.start))).get(children[0]!.id)?.used).toBe(0);
  });

  it('is open again once the round has closed', async () => {
    const cohort = await putCohort();
    await putRound(cohort.id, 'closed');
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id });
    const { guardian, children } = await putFamily(cohort);
    const answer = await enrol(guardian, offering.id, occurrences[0]!.id, { childIds: [children[0]!.id], guardians: 1, otherChildren: 0 });
    expect(answer.status).toBe(201);
  });

  it('refuses a full occurrence, a second event of a group, and the same child twice in one occurrence', async () => {
    // Arrange
    const cohort = await putCohort({ yearlyLimit: 5 });
    const small = await putExperience({ cohortId: cohort.id, invite: 'family' }, [{ capacity: { unit: 'persons', total: 3 }, groupSize: { min: 1, max: 3 } }]);
    const concertA = await putExperience({ cohortId: cohort.id, eventGroup: 'concert-2027' });
    const concertB = await putExperience({ cohortId: cohort.id, eventGroup: 'concert-2027' });
    const { guardian, children } = await putFamily(cohort);
    const child = { childIds: [children[0]!.id], guardians: 1, otherChildren: 0 };
    // Act
    const full = await enrol(guardian, small.offering.id, small.occurrences[0]!.id, { ...child, guardians: 2, otherChildren: 1 });
    const first = await enrol(guardian, concertA.offering.id, concertA.occurrences[0]!.id, child);
    const again = await enrol(guardian, concertA.offering.id, concertA.occurrences[0]!.id, child);
    const sameGroup = await enrol(guardian, concertB.offering.id, concertB.occurrences[0]!.id, child);
    // Assert
    expect([full.status, full.body.reason]).toEqual([409, 'full']);
    expect(full.body.detail).toBe('There are not enough free seats left for your party in this occurrence.');
    expect(first.status).toBe(201);
    // The allowance's event group refuses before the guard would.
    expect([again.status, again.body.reason]).toEqual([409, 'event-group']);
    expect([sameGroup.status, sameGroup.body.reason]).toEqual([409, 'event-group']);
    expect((await getOccurrence(small.offering.id, small.occurrences[0]!.id))?.seatsTaken).toBe(0);
    expect((await getOccurrence(concertB.offering.id, concertB.occurrences[0]!.id))?.seatsTaken).toBe(0);
  });

  it('refuses the same child twice in one occurrence (no event group) as already enrolled', async () => {
    const cohort = await putCohort({ yearlyLimit: 5 });
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id });
    const { guardian, children } = await putFamily(cohort);
    const body = { childIds: [children[0]!.id], guardians: 1, otherChildren: 0 };
    expect((await enrol(guardian, offering.id, occurrences[0]!.id, body)).status).toBe(201);
    const again = await enrol(guardian, offering.id, occurrences[0]!.id, body);
    expect([again.status, again.body.reason]).toEqual([409, 'already-enrolled']);
    expect((await getOccurrence(offering.id, occurrences[0]!.id))?.seatsTaken).toBe(2);
  });

  it("refuses another family's child and a child of another cohort with a 400 naming the child, and a child twice", async () => {
    // Arrange
    const cohort = await putCohort();
    const other = await putCohort({ birthYear: 2020 });
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id });
    const mine = await putFamily(cohort);
    const theirs = await putFamily(cohort);
    const younger = await putFamily(other);
    // Act
    const notMine = await enrol(mine.guardian, offering.id, occurrences[0]!.id, { childIds: [mine.children[0]!.id, theirs.children[0]!.id], guardians: 1, otherChildren: 0 });
    const wrongCohort = await enrol(younger.guardian, offering.id, occurrences[0]!.id, { childIds: [younger.children[0]!.id], guardians: 1, otherChildren: 0 });
    const twice = await enrol(mine.guardian, offering.id, occurrences[0]!.id, { childIds: [mine.children[0]!.id, mine.children[0]!.id], guardians: 1, otherChildren: 0 });
    // Assert
    expect(notMine.status).toBe(400);
    expect(problem.parse(notMine.body).errors?.map((e) => [e.field, e.detail])).toEqual([['childIds.1', 'The child is not one of your family']]);
    expect(problem.parse(wrongCohort.body).errors?.map((e) => e.field)).toEqual(['childIds.0']);
    expect(problem.parse(twice.body).errors?.map((e) => e.field)).toEqual(['childIds']);
    expect((await getOccurrence(offering.id, occurrences[0]!.id))?.seatsTaken).toBe(0);
  });

  it('gives the first answer again to a retry with the same Idempotency-Key', async () => {
    const cohort = await putCohort();
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id });
    const { guardian, family, children } = await putFamily(cohort);
    const body = { childIds: [children[0]!.id], guardians: 1, otherChildren: 0 };
    const key = { 'idempotency-key': 'retry-key-0001' };
    const [first, second] = await Promise.all([enrol(guardian, offering.id, occurrences[0]!.id, body, key), enrol(guardian, offering.id, occurrences[0]!.id, body, key)]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.ticketId).toBe(first.body.ticketId);
    expect(await listTicketsOfFamily(family.id)).toHaveLength(1);
  });
});

describe("a family's tickets", () => {
  it('shows the family its own ticket with the code and QR code, and nobody else', async () => {
    // Arrange
    const cohort = await putCohort();
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id });
    const { guardian, children } = await putFamily(cohort);
    const stranger = await putFamily(cohort);
    const { body } = await enrol(guardian, offering.id, occurrences[0]!.id, { childIds: [children[0]!.id], guardians: 1, otherChildren: 0 });
    // Act
    const list = await call('GET', '/api/v1/me/family/tickets', undefined, { ...guardian.authorization, 'accept-language': 'en' });
    const one = await call('GET', `/api/v1/me/family/tickets/${body.ticketId}`, undefined, { ...guardian.authorization, 'accept-language': 'en' });
    const theirs = await call('GET', `/api/v1/me/family/tickets/${body.ticketId}`, undefined, stranger.guardian.authorization);
    const cancelTheirs = await call('POST', `/api/v1/me/family/tickets/${body.ticketId}/cancel`, undefined, stranger.guardian.authorization);
    // Assert
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([body.ticketId]);
    const view = ticketView.parse(one.body);
    expect(view).toMatchObject({ title: 'A Stone Age trip', code: ticketCodeOf(body.ticketId), children: [{ firstName: 'Aino' }], cancellable: true, status: 'valid' });
    expect(view.place).toContain('Museokatu 1');
    expect(view.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect([theirs.status, cancelTheirs.status]).toEqual([404, 404]);
    expect((await getTicket(body.ticketId))?.status).toBe('valid');
  });

  it('cancels a ticket: the seats and the allowance come back, the child may enrol again, and a second cancel is refused', async () => {
    // Arrange
    const cohort = await putCohort({ yearlyLimit: 1 });
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id });
    const { guardian, children } = await putFamily(cohort);
    const body = { childIds: [children[0]!.id], guardians: 1, otherChildren: 0 };
    const { body: first } = await enrol(guardian, offering.id, occurrences[0]!.id, body);
    // Act
    const cancelled = await call('POST', `/api/v1/me/family/tickets/${first.ticketId}/cancel`, undefined, guardian.authorization);
    const again = await call('POST', `/api/v1/me/family/tickets/${first.ticketId}/cancel`, undefined, { ...guardian.authorization, 'accept-language': 'en' });
    const years = await getChildYears([children[0]!.id], yearOf(occurrences[0]!.start));
    const seatsAfterCancel = (await getOccurrence(offering.id, occurrences[0]!.id))?.seatsTaken;
    const reenrolled = await enrol(guardian, offering.id, occurrences[0]!.id, body);
    // Assert
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellable: false });
    expect([again.status, again.body.detail]).toEqual([409, 'The ticket has already been used or cancelled.']);
    expect(seatsAfterCancel).toBe(0);
    expect(years.get(children[0]!.id)?.used).toBe(0);
    expect(reenrolled.status).toBe(201);
  });

  it("gives the children's past experiences back when a ticket is cancelled, so the next round does not serve them later", async () => {
    // Arrange
    const cohort = await putCohort();
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id });
    const { guardian, family, children } = await putFamily(cohort);
    const { body } = await enrol(guardian, offering.id, occurrences[0]!.id, { childIds: [children[0]!.id], guardians: 1, otherChildren: 0 });
    const counted = (await getChild(family.id, children[0]!.id))?.pastExperiences;
    // Act
    const cancelled = await call('POST', `/api/v1/me/family/tickets/${body.ticketId}/cancel`, undefined, guardian.authorization);
    // Assert
    expect(counted).toBe(1);
    expect(cancelled.status).toBe(200);
    expect((await getChild(family.id, children[0]!.id))?.pastExperiences).toBe(0);
  });

  it('cancels a ticket whose child has no past experience counted (a ticket written before counting), leaving the count at zero', async () => {
    // Arrange
    const cohort = await putCohort();
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id });
    const { guardian, family, children } = await putFamily(cohort);
    const { body } = await enrol(guardian, offering.id, occurrences[0]!.id, { childIds: [children[0]!.id], guardians: 1, otherChildren: 0 });
    await db().send(new PutCommand({ TableName: tableName(), Item: childToItem({ ...(await getChild(family.id, children[0]!.id))!, pastExperiences: 0 }) }));
    // Act
    const cancelled = await call('POST', `/api/v1/me/family/tickets/${body.ticketId}/cancel`, undefined, guardian.authorization);
    // Assert
    expect(cancelled.status).toBe(200);
    expect((await getTicket(body.ticketId))?.status).toBe('cancelled');
    expect((await getChild(family.id, children[0]!.id))?.pastExperiences).toBe(0);
  });

  it('lists the experiences of the family’s cohorts with free seats and whether first-come is open', async () => {
    const cohort = await putCohort();
    await putRound(cohort.id, 'closed');
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id });
    const { guardian, children } = await putFamily(cohort);
    const answer = await call('GET', '/api/v1/me/family/experiences', undefined, { ...guardian.authorization, 'accept-language': 'en' });
    const parsed = familyExperiences.parse(answer.body);
    expect(parsed.items).toMatchObject([{ offeringId: offering.id, firstComeOpen: true, occurrences: [{ id: occurrences[0]!.id, seatsFree: 30 }] }]);
    expect(parsed.children).toMatchObject([{ id: children[0]!.id, used: 0, limit: 2 }]);
  });
});
