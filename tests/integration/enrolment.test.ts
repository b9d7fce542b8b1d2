import { describe, expect, it } from 'vitest';
import { enrolmentAnswer } from '../../shared/schemas/enrolment.ts';
import { problem } from '../../shared/schemas/api.ts';
import { useApi } from '../setup/api.ts';
import { enrolWith, enrolmentBody, outboxMessages, putPublishedOffering, seatAccount } from '../setup/enrolments.ts';
import { storedState } from '../setup/providers.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();
const { call, mailsTo } = useApi();

const enrolIn = enrolWith(call);
const fieldsOf = (body: unknown) => (problem.parse(body).errors ?? []).map((e) => e.field);

describe('enrolling a group', () => {
  it('books the seats at once, answers booked with a manage token, and emails the teacher with a calendar entry', async () => {
    // Arrange
    const { offering, occurrences } = await putPublishedOffering();
    const body = enrolmentBody([occurrences[0]!.id]);
    // Act
    const answer = await enrolIn(offering.id, body);
    // Assert
    expect(answer.status).toBe(201);
    expect(enrolmentAnswer.parse(answer.body)).toMatchObject({ outcome: 'booked' });
    expect(await seatAccount(offering.id, occurrences[0]!.id)).toMatchObject({ counter: 22, held: 22 });
    const [mail] = mailsTo(body.contact.email);
    expect(mail?.subject).toBe('Ilmoittautuminen vahvistettu: Kivikauden retki');
    expect(mail?.html).toContain(`/fi/enrolments/manage?token=${encodeURIComponent(answer.body.manageToken)}`);
    expect(mail?.attachments?.[0]).toMatchObject({ filename: 'tarjotin.ics', contentType: 'text/calendar; charset=utf-8' });
    expect(mail?.attachments?.[0]?.content).toContain('SUMMARY:Kivikauden retki');
    const messages = (await outboxMessages()).filter((m) => m.about === answer.body.enrolmentId);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.sentAt).toBeDefined();
  });

  it('holds the seats of a request under manual approval, and answers requested', async () => {
    const { offering, occurrences } = await putPublishedOffering({ approval: 'manual' });
    const answer = await enrolIn(offering.id, enrolmentBody([occurrences[0]!.id], { children: 10, adults: 1 }));
    expect(answer.body.outcome).toBe('requested');
    expect(await seatAccount(offering.id, occurrences[0]!.id)).toMatchObject({ counter: 11, held: 11 });
  });

  it('puts a group that does not fit on the waitlist with its position, and refuses it where there is no waitlist', async () => {
    // Arrange: 22 of 30 seats taken in both offerings.
    const waiting = await putPublishedOffering({ waitlist: true });
    const noQueue = await putPublishedOffering({ waitlist: false });
    for (const { offering, occurrences } of [waiting, noQueue]) await enrolIn(offering.id, enrolmentBody([occurrences[0]!.id]));
    // Act
    const first = await enrolIn(waiting.offering.id, enrolmentBody([waiting.occurrences[0]!.id]));
    const second = await enrolIn(waiting.offering.id, enrolmentBody([waiting.occurrences[0]!.id]));
    const refused = await enrolIn(noQueue.offering.id, enrolmentBody([noQueue.occurrences[0]!.id]));
    const small = await enrolIn(noQueue.offering.id, enrolmentBody([noQueue.occurrences[0]!.id], { children: 7, adults: 1 }));
    // Assert
    expect([first.body.outcome, first.body.position, second.body.position]).toEqual(['waitlisted', 1, 2]);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: '/api/v1/problems/enrolment-refused', reason: 'full' });
    expect(refused.body.detail).toBe('The occurrence is full, and the offering has no waitlist.');
    expect(small.body.outcome).toBe('booked');
    expect(await seatAccount(waiting.offering.id, waiting.occurrences[0]!.id)).toMatchObject({ counter: 22, held: 22 });
  });

  it('books every visit of a multi-visit offering together, or none', async () => {
    const { offering, occurrences } = await putPublishedOffering({ visitsPerBooking: 2, waitlist: false }, [{}, { capacity: { unit: 'persons', total: 10 }, groupSize: { min: 1, max: 10 } }]);
    const tooBig = await enrolIn(offering.id, enrolmentBody(occurrences.map((o) => o.id), { children: 8, adults: 1 }));
    const fits = await enrolIn(offering.id, enrolmentBody(occurrences.map((o) => o.id), { children: 4, adults: 1 }));
    const full = await enrolIn(offering.id, enrolmentBody(occurrences.map((o) => o.id), { children: 5, adults: 1 }));
    expect(tooBig.status).toBe(201);
    expect([fits.status, full.status, full.body.reason]).toEqual([409, 409, 'full']);
    expect(await seatAccount(offering.id, occurrences[0]!.id)).toMatchObject({ counter: 9, held: 9 });
    expect(await seatAccount(offering.id, occurrences[1]!.id)).toMatchObject({ counter: 9, held: 9 });
  });

  it('shows the seats taken in search soon after', async () => {
    // Arrange: an offering search lists with 30 free seats.
    const { offering, occurrences } = await putPublishedOffering();
    const { refreshCatalogueEntry } = await import('../../functions/domain/catalogue.ts');
    await refreshCatalogueEntry(offering.id);
    const freeSeats = async () => {
      const page = await call('GET', '/api/v1/offerings?limit=50');
      return (page.body.items as Array<{ id: string; availability: { seatsFree?: number } }>).find((i) => i.id === offering.id)?.availability.seatsFree;
    };
    await expect.poll(freeSeats, { timeout: 10_000, interval: 200 }).toBe(30);
    // Act
    await enrolIn(offering.id, enrolmentBody([occurrences[0]!.id], { children: 11, adults: 1 }));
    // Assert
    await expect.poll(freeSeats, { timeout: 10_000, interval: 200 }).toBe(18);
  });

  it('refuses the same group enrolling twice in one occurrence', async () => {
    const { offering, occurrences } = await putPublishedOffering();
    const body = enrolmentBody([occurrences[0]!.id], { children: 5, adults: 1 });
    await enrolIn(offering.id, body);
    const again = await enrolIn(offering.id, { ...body, groupName: ` ${body.groupName.toUpperCase()} ` });
    expect([again.status, again.body.reason]).toEqual([409, 'already-enrolled']);
    expect(await seatAccount(offering.id, occurrences[0]!.id)).toMatchObject({ counter: 6, held: 6 });
  });
});

describe('refusing bad input without changing anything', () => {
  it.each([
    ['negative children', 'children', {}, { children: -1 }],
    ['no children and no adults', 'children', {}, { children: 0, adults: 0 }],
    ['a group larger than the maximum', 'children', {}, { children: 40, adults: 2 }],
    ['a group smaller than the minimum', 'children', { groupSize: { min: 10, max: 30 } }, { children: 3, adults: 1 }],
    ['no consent', 'consent', {}, { consent: false }],
    ['a bad email address', 'contact.email', {}, { contact: { name: 'Liisa', email: 'liisa', phone: '+358 40 1' } }],
    ['an occurrence of another offering', 'occurrenceIds.0', {}, { occurrenceIds: ['01KDVDNA00K6SGGYY7RFXKX7HZ'] }],
    ['two visits where one is booked', 'occurrenceIds', {}, { occurrenceIds: ['SELF', 'SELF2'] }],
    ['missing mandatory information', 'additionalInfo', { mandatory: true }, {}],
  ])('refuses %s with 400 naming %s', async (_case, field, setup, change) => {
    // Arrange
    const { mandatory, ...occurrence } = setup as { mandatory?: boolean };
    const { offering, occurrences } = await putPublishedOffering({ mandatoryInfo: mandatory ?? false }, [occurrence, {}]);
    const body = JSON.parse(JSON.stringify(enrolmentBody([occurrences[0]!.id], change)).replace('"SELF"', `"${occurrences[0]!.id}"`).replace('"SELF2"', `"${occurrences[1]!.id}"`));
    const before = await storedState(offering.id, offering.organisationId);
    // Act
    const answer = await enrolIn(offering.id, body);
    // Assert
    expect(answer.status).toBe(400);
    expect(fieldsOf(answer.body)).toContain(field);
    expect(await storedState(offering.id, offering.organisationId)).toEqual(before);
  });

  it.each([
    ['before enrolment opens', 'not-open-yet', { opensAt: new Date(Date.now() + 86_400_000).toISOString() }, {}],
    ['after enrolment closed', 'closed', { closesDaysBefore: 20 }, {}],
    ['a cancelled occurrence', 'cancelled', {}, { cancelled: { at: new Date().toISOString(), reason: { fi: 'Sairastuminen' } } }],
  ])('refuses enrolling %s with 409 %s', async (_case, reason, rules, occurrence) => {
    const { offering, occurrences } = await putPublishedOffering(rules, [occurrence]);
    const before = await storedState(offering.id, offering.organisationId);
    const answer = await enrolIn(offering.id, enrolmentBody([occurrences[0]!.id]));
    expect([answer.status, answer.body.reason]).toEqual([409, reason]);
    expect(await storedState(offering.id, offering.organisationId)).toEqual(before);
  });

  it('answers 404 for an offering that is not published', async () => {
    const { occurrences } = await putPublishedOffering();
    const answer = await enrolIn('01KDVDNA00K6SGGYY7RFXKX7HZ', enrolmentBody([occurrences[0]!.id]));
    expect(answer.status).toBe(404);
  });

  it('refuses an occurrence already begun', async () => {
    const begun = { start: new Date(Date.now() - 60_000).toISOString(), end: new Date(Date.now() + 3_600_000).toISOString() };
    const { offering, occurrences } = await putPublishedOffering({}, [begun]);
    const answer = await enrolIn(offering.id, enrolmentBody([occurrences[0]!.id]));
    expect([answer.status, answer.body.reason]).toEqual([409, 'closed']);
  });
});

describe('retries and races', () => {
  it('gives the first answer to a request replayed 10 times with one Idempotency-Key, and enrols once', async () => {
    // Arrange
    const { offering, occurrences } = await putPublishedOffering();
    const body = enrolmentBody([occurrences[0]!.id], { children: 3, adults: 1 });
    const key = { 'idempotency-key': `retry-${Date.now()}` };
    // Act: ten at once, as a flaky connection resends.
    const answers = await Promise.all(Array.from({ length: 10 }, () => enrolIn(offering.id, body, key)));
    const later = await enrolIn(offering.id, body, key);
    // Assert
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(new Set([...answers, later].map((a) => a.body.enrolmentId)).size).toBe(1);
    const account = await seatAccount(offering.id, occurrences[0]!.id);
    expect(account).toMatchObject({ counter: 4, held: 4 });
    expect(account.enrolments).toHaveLength(1);
    expect(mailsTo(body.contact.email)).toHaveLength(1);
  });

  it('refuses the same Idempotency-Key with another body, naming the header, and changes nothing', async () => {
    // Arrange: a first submission booked with the key.
    const { offering, occurrences } = await putPublishedOffering();
    const key = { 'idempotency-key': `key-${Date.now()}` };
    const body = enrolmentBody([occurrences[0]!.id], { children: 4, adults: 1 });
    expect((await enrolIn(offering.id, body, key)).status).toBe(201);
    const before = await storedState(offering.id, offering.organisationId);
    // Act: the key again, with another group size.
    const reused = await enrolIn(offering.id, { ...body, children: 3 }, key);
    // Assert
    expect(reused.status).toBe(409);
    expect(fieldsOf(reused.body)).toEqual(['idempotency-key']);
    expect(await storedState(offering.id, offering.organisationId)).toEqual(before);
  });

  it('refuses a malformed Idempotency-Key with 400 naming the header', async () => {
    const { offering, occurrences } = await putPublishedOffering();
    const answer = await enrolIn(offering.id, enrolmentBody([occurrences[0]!.id]), { 'idempotency-key': 'short' });
    expect(answer.status).toBe(400);
    expect(problem.parse(answer.body).errors?.[0]).toMatchObject({ in: 'header', field: 'idempotency-key' });
  });

  it.each([
    ['with no waitlist: 30 booked, 170 told it is full', false],
    ['with a waitlist: 30 booked, 170 waitlisted in distinct places', true],
  ])('answers 200 simultaneous one-seat enrolments on a 30-seat occurrence definitely, %s', async (_case, waitlist) => {
    // Arrange
    const { offering, occurrences } = await putPublishedOffering({ waitlist });
    const occurrenceId = occurrences[0]!.id;
    // Act
    const answers = await Promise.all(Array.from({ length: 200 }, () => enrolIn(offering.id, enrolmentBody([occurrenceId], { children: 1, adults: 0 }))));
    // Assert
    const outcomes = answers.map((a) => (a.status === 201 ? a.body.outcome : `${a.status} ${a.body.reason}`));
    const count = (what: string) => outcomes.filter((o) => o === what).length;
    expect(count('booked')).toBe(30);
    expect(count(waitlist ? 'waitlisted' : '409 full')).toBe(170);
    const account = await seatAccount(offering.id, occurrenceId);
    expect(account).toMatchObject({ counter: 30, held: 30 });
    expect(account.enrolments).toHaveLength(waitlist ? 200 : 30);
    if (waitlist) expect(new Set(answers.filter((a) => a.body.outcome === 'waitlisted').map((a) => a.body.position)).size).toBe(170);
    const messages = await outboxMessages();
    for (const e of account.enrolments) expect(messages.filter((m) => m.about === e.id)).toHaveLength(1);
  });

  it('never oversells with simultaneous groups of mixed sizes', async () => {
    // Arrange: groups of 1–8 persons (a fixed mix) racing for 30 seats, no waitlist.
    const { offering, occurrences } = await putPublishedOffering({ waitlist: false });
    const occurrenceId = occurrences[0]!.id;
    const sizes = Array.from({ length: 120 }, (_, i) => 1 + ((i * 7) % 8));
    // Act
    const answers = await Promise.all(sizes.map((size) => enrolIn(offering.id, enrolmentBody([occurrenceId], { children: size, adults: 0 }))));
    // Assert
    expect(answers.every((a) => a.status === 201 || (a.status === 409 && a.body.reason === 'full'))).toBe(true);
    const booked = sizes.filter((_, i) => answers[i]!.status === 201).reduce((sum, size) => sum + size, 0);
    const account = await seatAccount(offering.id, occurrenceId);
    expect(account.counter).toBe(booked);
    expect(account.held).toBe(booked);
    expect(booked).toBeLessThanOrEqual(30);
    // Whoever was refused could not have fitted in what was left.
    const smallestRefused = Math.min(...sizes.filter((_, i) => answers[i]!.status === 409));
    expect(30 - booked).toBeLessThan(smallestRefused);
  });
});
