import { SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { handler as expireOffers } from '../../functions/jobs/offer-expiry.ts';
import { managedEnrolment } from '../../shared/schemas/enrolment.ts';
import { useApi } from '../setup/api.ts';
import { signInAs } from '../setup/auth.ts';
import { enrolWith, enrolmentBody, putPublishedOffering, seatAccount } from '../setup/enrolments.ts';
import { helsinkiTime, storedState } from '../setup/providers.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();
const { call, mailsTo } = useApi();

const enrolIn = enrolWith(call);
const manage = (token: string, action = '') =>
  call(action ? 'POST' : 'GET', `/api/v1/enrolments/manage/${encodeURIComponent(token)}${action ? `/${action}` : ''}`, undefined, { 'accept-language': 'en' });

/** A 10-seat occurrence with a waitlist, and a booked group of 10 in it. */
async function fullOccurrence(rules = {}, occurrence = {}) {
  const { offering, occurrences } = await putPublishedOffering({ waitlist: true, ...rules }, [
    { capacity: { unit: 'persons', total: 10 }, groupSize: { min: 1, max: 10 }, ...occurrence },
  ]);
  const occurrenceId = occurrences[0]!.id;
  const first = enrolmentBody([occurrenceId], { children: 9, adults: 1 });
  const booked = await enrolIn(offering.id, first);
  expect(booked.body.outcome).toBe('booked');
  return { offering, occurrenceId, booked: { ...booked.body, email: first.contact.email } };
}

describe("a teacher's own page of an enrolment", () => {
  it('shows the enrolment, its occurrence and place, and the cancellation deadline', async () => {
    const { offering, booked } = await fullOccurrence({ cancellationDaysBefore: 2 });
    const page = await manage(booked.manageToken);
    expect(page.status).toBe(200);
    const view = managedEnrolment.parse(page.body);
    expect(view.enrolment).toMatchObject({ id: booked.enrolmentId, status: 'booked', children: 9, adults: 1 });
    expect(view.offering).toMatchObject({ id: offering.id, title: offering.title });
    expect(view.occurrences[0]?.place.fi).toContain('Museokatu 1, 00100 Helsinki');
    expect(Date.parse(view.cancelUntil!)).toBeLessThan(Date.parse(view.occurrences[0]!.start));
    expect(view.canAnswerOffer).toBe(false);
  });

  it.each([
    ['a forged token', async () => new SignJWT({ off: 'x', use: 'enrolment' }).setProtectedHeader({ alg: 'HS256' }).setSubject('y').sign(new TextEncoder().encode('not the secret, but 32 characters long'))],
    ['an expired token', async () => new SignJWT({ off: 'x', use: 'enrolment' }).setProtectedHeader({ alg: 'HS256' }).setSubject('y').setExpirationTime(1).sign(new TextEncoder().encode(process.env.APP_SECRET as string))],
    ['an altered token', async () => `${(await fullOccurrence()).booked.manageToken}x`],
  ])('refuses %s with 400 naming the token, for reading and for cancelling', async (_case, token) => {
    const forged = await token();
    const read = await manage(forged);
    const cancel = await manage(forged, 'cancel');
    expect([read.status, cancel.status]).toEqual([400, 400]);
    expect(cancel.body.errors).toEqual([expect.objectContaining({ in: 'path', field: 'token' })]);
  });
});

describe('reminders', () => {
  it("reminds each booked group once, the offering's number of days before, in office hours", async () => {
    // Arrange: occurrences 3 and 2 days ahead, a booked group in each, and one waiting.
    const { offering, occurrences } = await putPublishedOffering({ reminderDaysBefore: 3 }, [
      { start: helsinkiTime(3, 9), end: helsinkiTime(3, 10) },
      { start: helsinkiTime(2, 9), end: helsinkiTime(2, 10) },
    ]);
    const inThree = enrolmentBody([occurrences[0]!.id], { children: 5, adults: 1 });
    const inTwo = enrolmentBody([occurrences[1]!.id], { children: 5, adults: 1 });
    await enrolIn(offering.id, inThree);
    await enrolIn(offering.id, inTwo);
    const { sendReminders } = await import('../../functions/domain/manage-enrolment.ts');
    // Act: at 06:00 nothing goes; at 10:00 the reminders go; an hour later nothing more.
    const early = await sendReminders(new Date(helsinkiTime(0, 6)));
    const sent = await sendReminders(new Date(helsinkiTime(0, 10)));
    const again = await sendReminders(new Date(helsinkiTime(0, 11)));
    // Assert
    expect([early, again]).toEqual([0, 0]);
    expect(sent).toBeGreaterThanOrEqual(1);
    const reminders = mailsTo(inThree.contact.email).filter((m) => m.subject.startsWith('Muistutus'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.text).toContain('Ryhmänne tapahtumaan on 3 päivää.');
    expect(reminders[0]?.attachments?.[0]?.content).toContain('BEGIN:VEVENT');
    expect(mailsTo(inTwo.contact.email).filter((m) => m.subject.startsWith('Muistutus'))).toEqual([]);
  });
});

describe('a signed-in teacher', () => {
  it('sees every enrolment made with their address, newest first, each opening its own page; nobody else sees them', async () => {
    // Arrange: two enrolments with one address, in two offerings.
    const email = `teacher.${Date.now()}@school.test`;
    const a = await putPublishedOffering();
    const b = await putPublishedOffering();
    const first = await enrolIn(a.offering.id, enrolmentBody([a.occurrences[0]!.id], { contact: { name: 'Liisa', email, phone: '+358 40 1234567' } }));
    const second = await enrolIn(b.offering.id, enrolmentBody([b.occurrences[0]!.id], { contact: { name: 'Liisa', email: email.toUpperCase(), phone: '+358 40 1234567' } }));
    const teacher = await signInAs({ email });
    const someoneElse = await signInAs({ email: `other.${Date.now()}@school.test` });
    // Act
    const mine = await call('GET', '/api/v1/me/enrolments', undefined, teacher.authorization);
    const theirs = await call('GET', '/api/v1/me/enrolments', undefined, someoneElse.authorization);
    const signedOut = await call('GET', '/api/v1/me/enrolments');
    // Assert
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([second.body.enrolmentId, first.body.enrolmentId]);
    expect((await manage(mine.body.items[1].manageToken)).body.enrolment.id).toBe(first.body.enrolmentId);
    expect(theirs.body.items).toEqual([]);
    expect(signedOut.status).toBe(401);
  });
});

describe('cancelling and the waitlist', () => {
  it('cancels until the deadline, frees the seats and offers them to the first waiting group that fits, which accepts', async () => {
    // Arrange: two groups waiting, a group of 8 first and a group of 3 second; a group of 10 booked.
    const { offering, occurrenceId, booked } = await fullOccurrence();
    const big = enrolmentBody([occurrenceId], { children: 7, adults: 1 });
    const small = enrolmentBody([occurrenceId], { children: 2, adults: 1 });
    const waitingBig = await enrolIn(offering.id, big);
    const waitingSmall = await enrolIn(offering.id, small);
    expect([waitingBig.body.position, waitingSmall.body.position]).toEqual([1, 2]);

    // Act: the booked group cancels.
    const cancelled = await manage(booked.manageToken, 'cancel');

    // Assert: the first in the queue that fits (both do; the first is first) gets the seats held, and is emailed.
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.enrolment.status).toBe('cancelled');
    expect(mailsTo(booked.email).map((m) => m.subject)).toContain('Ilmoittautuminen peruttu: Kivikauden retki');
    const offered = managedEnrolment.parse((await manage(waitingBig.body.manageToken)).body);
    expect(offered.enrolment.status).toBe('offered');
    expect(offered.canAnswerOffer).toBe(true);
    expect(mailsTo(big.contact.email).map((m) => m.subject)).toContain('Teille vapautui paikka: Kivikauden retki');
    // The seats are held for the offered group, so the next waiting group does not fit in what is left.
    expect(managedEnrolment.parse((await manage(waitingSmall.body.manageToken)).body).position).toBe(1);
    expect(await seatAccount(offering.id, occurrenceId)).toMatchObject({ counter: 8, held: 8 });

    // Act: the offered group accepts.
    const accepted = await manage(waitingBig.body.manageToken, 'accept');
    expect(accepted.body.enrolment.status).toBe('booked');
    expect(await seatAccount(offering.id, occurrenceId)).toMatchObject({ counter: 8, held: 8 });
    expect((await manage(waitingBig.body.manageToken, 'accept')).status).toBe(409);
  });

  it('passes a declined seat to the next group that fits', async () => {
    const { offering, occurrenceId, booked } = await fullOccurrence();
    const first = await enrolIn(offering.id, enrolmentBody([occurrenceId], { children: 4, adults: 1 }));
    const second = await enrolIn(offering.id, enrolmentBody([occurrenceId], { children: 4, adults: 1 }));
    await manage(booked.manageToken, 'cancel');
    // Both fit in the 10 freed seats: both are offered, in order.
    expect((await manage(first.body.manageToken)).body.enrolment.status).toBe('offered');
    expect((await manage(second.body.manageToken)).body.enrolment.status).toBe('offered');
    const declined = await manage(first.body.manageToken, 'decline');
    expect(declined.body.enrolment.status).toBe('cancelled');
    expect(await seatAccount(offering.id, occurrenceId)).toMatchObject({ counter: 5, held: 5 });
  });

  it('lets an unanswered offer lapse and offers the seats on', async () => {
    // Arrange: a seat offered to a waiting group.
    const { offering, occurrenceId, booked } = await fullOccurrence();
    const late = await enrolIn(offering.id, enrolmentBody([occurrenceId], { children: 9, adults: 1 }));
    const next = await enrolIn(offering.id, enrolmentBody([occurrenceId], { children: 9, adults: 1 }));
    await manage(booked.manageToken, 'cancel');
    expect((await manage(late.body.manageToken)).body.enrolment.status).toBe('offered');
    // Act: the expiry job runs after the 48-hour hold (only the clock moves; timers stay real).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 49 * 3_600_000 });
    try {
      await expireOffers();
    } finally {
      vi.useRealTimers();
    }
    // Assert
    const lapsed = (await manage(late.body.manageToken)).body;
    expect([lapsed.enrolment.status, lapsed.enrolment.cancelled?.by]).toEqual(['cancelled', 'offer-expired']);
    expect((await manage(next.body.manageToken)).body.enrolment.status).toBe('offered');
    expect(await seatAccount(offering.id, occurrenceId)).toMatchObject({ counter: 10, held: 10 });
  });

  it('refuses cancelling after the deadline, and cancelling twice, with 409; nothing changes', async () => {
    const soon = { start: helsinkiTime(1, 9), end: helsinkiTime(1, 10) };
    const { offering, booked } = await fullOccurrence({ cancellationDaysBefore: 3 }, soon);
    const before = await storedState(offering.id, offering.organisationId);
    const late = await manage(booked.manageToken, 'cancel');
    expect(late.status).toBe(409);
    expect(late.body.detail).toBe('The time for cancelling has passed. Please contact the provider.');
    expect(await storedState(offering.id, offering.organisationId)).toEqual(before);

    const other = await fullOccurrence();
    expect((await manage(other.booked.manageToken, 'cancel')).status).toBe(200);
    const twice = await manage(other.booked.manageToken, 'cancel');
    expect([twice.status, twice.body.detail]).toEqual([409, 'The enrolment has already been cancelled or declined.']);
  });

  it('keeps the counter equal to the seats held while groups cancel and enrol at the same time', async () => {
    // Arrange: 30 one-person groups booked on a 30-seat occurrence, no waitlist.
    const { offering, occurrences } = await putPublishedOffering({ waitlist: false });
    const occurrenceId = occurrences[0]!.id;
    const booked = await Promise.all(Array.from({ length: 30 }, () => enrolIn(offering.id, enrolmentBody([occurrenceId], { children: 1, adults: 0 }))));
    expect(booked.every((b) => b.status === 201)).toBe(true);
    // Act: 15 cancel while 40 more try to enrol.
    const [cancels, attempts] = await Promise.all([
      Promise.all(booked.slice(0, 15).map((b) => manage(b.body.manageToken, 'cancel'))),
      Promise.all(Array.from({ length: 40 }, () => enrolIn(offering.id, enrolmentBody([occurrenceId], { children: 1, adults: 0 })))),
    ]);
    // Assert
    expect(cancels.every((c) => c.status === 200)).toBe(true);
    expect(attempts.every((a) => a.status === 201 || (a.status === 409 && a.body.reason === 'full'))).toBe(true);
    const account = await seatAccount(offering.id, occurrenceId);
    expect(account.counter).toBe(account.held);
    expect(account.counter).toBe(15 + attempts.filter((a) => a.status === 201).length);
    expect(account.counter).toBeLessThanOrEqual(30);
  });
});
