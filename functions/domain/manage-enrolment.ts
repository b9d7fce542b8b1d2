import { pickText, locales } from '../../shared/locale.ts';
import { holdsSeats, type Enrolment, type EnrolmentStatus, type ManagedEnrolment, type MyEnrolments } from '../../shared/schemas/enrolment.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Offering } from '../../shared/schemas/offering.ts';
import type { Venue } from '../../shared/schemas/venue.ts';
import { addLocalDays, helsinkiHourOf, localDateOf, sameClockTimeDaysBefore } from '../../shared/time.ts';
import { config } from '../config.ts';
import {
  getEnrolment,
  listEnrolmentsOfOffering,
  listEnrolmentsOfTeacher,
  writeEnrolmentChange,
  type EnrolmentChange,
} from '../db/enrolment.ts';
import type { SeatRelease } from '../db/seats.ts';
import { getOfferingWithOccurrences, listOccurrencesOnDay } from '../db/offering.ts';
import { getOrganisation } from '../db/organisation.ts';
import type { Actor } from './actor.ts';
import { pauseAfterLostRace, seatsOf, venuesOf, waitlistPosition } from './enrol.ts';
import { enrolmentMessage, placeOf, type EnrolmentEvent } from './enrolment-mail.ts';
import { ConflictError, ResourceNotFoundError } from './errors.ts';
import { signManageToken, verifyManageToken } from './manage-link.ts';
import { deliverSoon } from './outbox.ts';
import { refreshSeatsInSearch } from './seat-refresh.ts';

/** Everything a change of one enrolment is decided on, read together. */
export type EnrolmentState = {
  enrolment: Enrolment;
  offering: Offering;
  occurrences: Occurrence[];
  venues: Map<string, Venue>;
};

const maxAttempts = 40;

export async function readEnrolmentState(offeringId: string, enrolmentId: string): Promise<EnrolmentState> {
  const [enrolment, found] = await Promise.all([getEnrolment(offeringId, enrolmentId), getOfferingWithOccurrences(offeringId)]);
  if (!enrolment || !found) throw new ResourceNotFoundError('enrolmentNotFound', { in: 'path', path: ['token'], message: 'notFound' });
  return { enrolment, offering: found.offering, occurrences: found.occurrences, venues: await venuesOf(found.offering, found.occurrences) };
}

const chosenOf = (state: Pick<EnrolmentState, 'enrolment' | 'occurrences'>) =>
  state.occurrences.filter((o) => state.enrolment.occurrenceIds.includes(o.id));

/** Until when the teacher may cancel: the offering's deadline before the first of its occurrences. */
export function cancelDeadline(state: Pick<EnrolmentState, 'enrolment' | 'offering' | 'occurrences'>): Date | undefined {
  const first = chosenOf(state).map((o) => o.start).sort()[0];
  if (!first) return undefined;
  const days = state.offering.enrolment.cancellationDaysBefore;
  return days === 0 ? new Date(first) : sameClockTimeDaysBefore(new Date(first), days);
}

/** The token of the enrolment's manage link, as in its emails. */
async function manageTokenOf(state: Pick<EnrolmentState, 'enrolment' | 'occurrences'>): Promise<string> {
  const lastEnd = chosenOf(state).map((o) => o.end).sort().at(-1) ?? new Date().toISOString();
  return signManageToken({ enrolmentId: state.enrolment.id, offeringId: state.enrolment.offeringId }, lastEnd);
}

/** The release of every seat an enrolment holds. */
export const releaseOf = (state: Pick<EnrolmentState, 'enrolment' | 'occurrences'>): SeatRelease[] =>
  holdsSeats(state.enrolment.status) ? chosenOf(state).map((o) => ({ occurrenceId: o.id, seats: seatsOf(state.enrolment, o) })) : [];

/**
 * Writes one change of an enrolment decided on the state read, with its email; a lost race
 * reads again and decides again. `decide` returns the change, or throws the refusal.
 */
export async function changeEnrolment(
  offeringId: string,
  enrolmentId: string,
  decide: (state: EnrolmentState, now: Date) => { next: Enrolment; event?: EnrolmentEvent; extra?: Parameters<typeof enrolmentMessage>[4] } & Omit<EnrolmentChange, 'enrolment' | 'expectedVersion' | 'outbox'>,
  now = new Date(),
): Promise<EnrolmentState> {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (attempt > 0) await pauseAfterLostRace(attempt);
    const state = await readEnrolmentState(offeringId, enrolmentId);
    const { next, event, extra, ...moves } = decide(state, now);
    const after = { ...state, enrolment: next };
    const outbox = event ? [enrolmentMessage(event, next, { ...after, manageToken: await manageTokenOf(after) }, now, extra)] : [];
    const outcome = await writeEnrolmentChange({ enrolment: next, expectedVersion: state.enrolment.version, outbox, ...moves });
    if (outcome === 'written') {
      await deliverSoon(outbox.map((m) => m.id));
      if (moves.release?.length) await offerFreedSeats(offeringId, now);
      if (moves.release?.length || moves.take?.length) await refreshSeatsInSearch(offeringId);
      return after;
    }
  }
  throw new Error(`Enrolment ${enrolmentId} changed under every attempt`);
}

const bump = (enrolment: Enrolment, status: EnrolmentStatus, now: Date, extra: Partial<Enrolment> = {}): Enrolment => ({
  ...enrolment,
  ...extra,
  status,
  version: enrolment.version + 1,
  updatedAt: now.toISOString(),
});

const ended = (e: Enrolment) => e.status === 'cancelled' || e.status === 'declined';
/** A waiting group leaves the queue it held a ticket of (when offered a seat, or cancelling while it waits). */
export const leaving = (e: Enrolment) => (e.waitlistTicket !== undefined && e.status === 'waitlisted' ? { occurrenceId: e.occurrenceIds[0]!, ticket: e.waitlistTicket } : undefined);

/** How long a freed seat is held for a waiting group (OFFER_HOLD_HOURS, 48 by default). */
const offerHoldMs = () => config().OFFER_HOLD_HOURS * 3_600_000;

/**
 * Offers freed seats on: for each waiting group in the order they joined, the first that fits
 * in every one of its occurrences gets the seats held for it, with an email to accept or
 * decline by a deadline. Runs after anything frees seats (a cancellation, a decline, a lapsed
 * offer, a raised capacity); safe to run at any time, as each offer is its own conditional
 * transaction.
 */
export async function offerFreedSeats(offeringId: string, now = new Date()): Promise<number> {
  let offered = 0;
  for (let round = 0; round < 200; round++) {
    const found = await getOfferingWithOccurrences(offeringId);
    if (!found || !found.offering.enrolment.waitlist) return offered;
    const free = new Map(found.occurrences.map((o) => [o.id, o.cancelled ? 0 : o.capacity.total - o.seatsTaken]));
    const waiting = (await listEnrolmentsOfOffering(offeringId))
      .filter((e) => e.status === 'waitlisted')
      .sort((a, b) => (a.waitlistTicket ?? 0) - (b.waitlistTicket ?? 0) || a.id.localeCompare(b.id));
    const byId = new Map(found.occurrences.map((o) => [o.id, o]));
    const fits = (e: Enrolment) =>
      e.occurrenceIds.every((id) => {
        const o = byId.get(id);
        return o !== undefined && !o.cancelled && Date.parse(o.start) > now.getTime() && (free.get(id) ?? 0) >= seatsOf(e, o);
      });
    const next = waiting.find(fits);
    if (!next) return offered;
    const expires = new Date(now.getTime() + offerHoldMs()).toISOString();
    const state: EnrolmentState = { enrolment: next, offering: found.offering, occurrences: found.occurrences, venues: await venuesOf(found.offering, found.occurrences) };
    const offer = bump(next, 'offered', now, { offerExpiresAt: expires });
    const message = enrolmentMessage('offered', offer, { ...state, manageToken: await manageTokenOf(state) }, now, { offerExpiresAt: expires });
    const outcome = await writeEnrolmentChange({
      enrolment: offer,
      expectedVersion: next.version,
      take: next.occurrenceIds.map((id) => ({ occurrenceId: id, seats: seatsOf(next, byId.get(id)!), capacityTotal: byId.get(id)!.capacity.total })),
      outbox: [message],
      leaveWaitlist: leaving(next),
    });
    if (outcome === 'written') {
      offered++;
      await deliverSoon([message.id]);
    }
    // Written or not (someone else took the seats first), look again from the new state.
  }
  return offered;
}

/** The teacher's page of one enrolment, from what was read. */
export async function describeForTeacher(state: EnrolmentState, now = new Date()): Promise<ManagedEnrolment> {
  const { enrolment, offering, venues } = state;
  const organisation = await getOrganisation(offering.organisationId);
  const deadline = cancelDeadline(state);
  const cancellable = !ended(enrolment) && deadline !== undefined && now < deadline;
  const { organisationId: _o, seenAt: _s, waitlistTicket: _w, ...shown } = enrolment;
  return {
    enrolment: shown,
    offering: { id: offering.id, title: offering.title, organisationName: organisation?.name ?? {}, contact: offering.contact },
    occurrences: chosenOf(state).map((o) => ({
      id: o.id,
      start: o.start,
      end: o.end,
      place: Object.fromEntries(locales.map((l) => [l, placeOf(offering, o, venues, l)])),
      cancelled: o.cancelled !== undefined,
    })),
    position: await waitlistPosition(offering.id, enrolment),
    cancelUntil: cancellable ? deadline.toISOString() : undefined,
    canAnswerOffer: enrolment.status === 'offered' && enrolment.offerExpiresAt !== undefined && now < new Date(enrolment.offerExpiresAt),
  };
}

/** Use case: the teacher opens their enrolment by its link. */
export async function viewEnrolmentByLink(token: string, now = new Date()): Promise<ManagedEnrolment> {
  const claims = await verifyManageToken(token, now);
  return describeForTeacher(await readEnrolmentState(claims.offeringId, claims.enrolmentId), now);
}

/** Use case: the teacher cancels by the link, until the deadline; the freed seats are offered on. */
export async function cancelByTeacher(token: string, now = new Date()): Promise<ManagedEnrolment> {
  const claims = await verifyManageToken(token, now);
  const state = await changeEnrolment(
    claims.offeringId,
    claims.enrolmentId,
    (read) => {
      if (ended(read.enrolment)) throw new ConflictError('enrolmentAlreadyEnded');
      const deadline = cancelDeadline(read);
      if (!deadline || now >= deadline) throw new ConflictError('cancellationDeadlinePassed');
      const queue = leaving(read.enrolment);
      return {
        next: bump(read.enrolment, 'cancelled', now, { cancelled: { at: now.toISOString(), by: 'teacher' }, offerExpiresAt: undefined }),
        event: 'cancelledByTeacher',
        release: releaseOf(read),
        deleteGuards: read.enrolment.occurrenceIds,
        ...(queue ? { leaveWaitlist: queue } : {}),
      };
    },
    now,
  );
  return describeForTeacher(state, now);
}

/** Use case: the waiting group takes the seat offered to it, before the offer lapses. */
export async function acceptOffer(token: string, now = new Date()): Promise<ManagedEnrolment> {
  const claims = await verifyManageToken(token, now);
  const state = await changeEnrolment(
    claims.offeringId,
    claims.enrolmentId,
    (read) => {
      requireOpenOffer(read.enrolment, now);
      const status = read.offering.enrolment.approval === 'manual' ? 'requested' : 'booked';
      return {
        next: bump(read.enrolment, status, now, { offerExpiresAt: undefined }),
        event: status === 'booked' ? 'booked' : 'requested',
      };
    },
    now,
  );
  return describeForTeacher(state, now);
}

/** Use case: the waiting group declines the seat offered; it goes to the next group that fits. */
export async function declineOffer(token: string, now = new Date()): Promise<ManagedEnrolment> {
  const claims = await verifyManageToken(token, now);
  const state = await changeEnrolment(
    claims.offeringId,
    claims.enrolmentId,
    (read) => {
      requireOpenOffer(read.enrolment, now);
      return {
        next: bump(read.enrolment, 'cancelled', now, { cancelled: { at: now.toISOString(), by: 'teacher' }, offerExpiresAt: undefined }),
        event: 'cancelledByTeacher',
        release: releaseOf(read),
        deleteGuards: read.enrolment.occurrenceIds,
      };
    },
    now,
  );
  return describeForTeacher(state, now);
}

function requireOpenOffer(enrolment: Enrolment, now: Date): void {
  if (enrolment.status !== 'offered' || !enrolment.offerExpiresAt) throw new ConflictError('noOfferToAnswer');
  if (now >= new Date(enrolment.offerExpiresAt)) throw new ConflictError('offerExpired');
}

/**
 * Job step: an offer not answered in time lapses; the group leaves the waitlist, is told, and
 * the seats go to the next group that fits.
 */
export async function expireOffer(offeringId: string, enrolmentId: string, now = new Date()): Promise<boolean> {
  try {
    await changeEnrolment(
      offeringId,
      enrolmentId,
      (read) => {
        const { enrolment } = read;
        if (enrolment.status !== 'offered' || !enrolment.offerExpiresAt || now < new Date(enrolment.offerExpiresAt)) throw new ConflictError('noOfferToAnswer');
        return {
          next: bump(enrolment, 'cancelled', now, { cancelled: { at: now.toISOString(), by: 'offer-expired' }, offerExpiresAt: undefined }),
          event: 'offerExpired',
          release: releaseOf(read),
          deleteGuards: enrolment.occurrenceIds,
        };
      },
      now,
    );
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}

/** Enrolments that still concern an occurrence: holding seats, or waiting for them. */
const concerning = (occurrenceId: string) => (e: Enrolment) => e.occurrenceIds.includes(occurrenceId) && !ended(e);

/**
 * After an occurrence is cancelled: every enrolment in it is cancelled with the provider's
 * reason, in the teacher's language, and its seats (in its other occurrences too) released.
 */
export async function cancelEnrolmentsOfOccurrence(offeringId: string, occurrence: Occurrence, now = new Date()): Promise<number> {
  const affected = (await listEnrolmentsOfOffering(offeringId)).filter(concerning(occurrence.id));
  for (const e of affected) {
    await changeEnrolment(
      offeringId,
      e.id,
      (read) => {
        if (ended(read.enrolment)) return { next: read.enrolment };
        const reason = pickText(occurrence.cancelled?.reason, read.enrolment.locale).text;
        return {
          next: bump(read.enrolment, 'cancelled', now, { cancelled: { at: now.toISOString(), by: 'occurrence', reason }, offerExpiresAt: undefined }),
          event: 'occurrenceCancelled',
          extra: { reason },
          release: releaseOf(read),
          deleteGuards: read.enrolment.occurrenceIds,
          leaveWaitlist: leaving(read.enrolment),
        };
      },
      now,
    );
  }
  return affected.length;
}

/**
 * After an occurrence is edited: groups holding seats are told of a new time or place (with
 * the calendar entry updated), and seats a raised capacity frees go to the waitlist.
 */
export async function afterOccurrenceEdit(offeringId: string, before: Occurrence, after: Occurrence, now = new Date()): Promise<void> {
  const moved = before.start !== after.start || before.end !== after.end || before.venueId !== after.venueId;
  if (moved) {
    const holders = (await listEnrolmentsOfOffering(offeringId)).filter((e) => e.occurrenceIds.includes(after.id) && holdsSeats(e.status));
    for (const e of holders) {
      await changeEnrolment(offeringId, e.id, (read) => ({ next: bump(read.enrolment, read.enrolment.status, now), ...(holdsSeats(read.enrolment.status) ? { event: 'changed' as const } : {}) }), now);
    }
  }
  if (after.capacity.total - after.seatsTaken > before.capacity.total - before.seatsTaken) await offerFreedSeats(offeringId, now);
}

/**
 * Use case: a teacher signed in by email link sees every enrolment made with that address,
 * newest first, each with the link to its own page.
 */
export async function listMyEnrolments(actor: Actor): Promise<MyEnrolments> {
  const mine = (await listEnrolmentsOfTeacher(actor.email)).reverse();
  const offerings = new Map<string, Awaited<ReturnType<typeof getOfferingWithOccurrences>>>();
  for (const id of new Set(mine.map((e) => e.offeringId))) offerings.set(id, await getOfferingWithOccurrences(id));
  const items = [];
  for (const e of mine) {
    const found = offerings.get(e.offeringId);
    if (!found) continue;
    const state = { enrolment: e, occurrences: found.occurrences };
    items.push({
      id: e.id,
      offeringId: e.offeringId,
      title: found.offering.title,
      status: e.status,
      school: e.school,
      groupName: e.groupName,
      start: chosenOf(state).map((o) => o.start).sort()[0],
      manageToken: await manageTokenOf(state),
    });
  }
  return { items };
}

/** Reminders and summaries go out in office hours, Helsinki time, from this hour on. */
export const firstMailHour = 8;

/**
 * Job step: each booked group is reminded of an occurrence the offering's `reminderDaysBefore`
 * days before it (3 unless the provider says otherwise), once, in the teacher's language, with
 * the calendar entry. Occurrences are found by their Helsinki day (one Query a day ahead).
 */
export async function sendReminders(now = new Date()): Promise<number> {
  if (helsinkiHourOf(now) < firstMailHour) return 0;
  const today = localDateOf(now);
  let sent = 0;
  for (let days = 1; days <= 30; days++) {
    const byOffering = new Map<string, string[]>();
    for (const o of await listOccurrencesOnDay(addLocalDays(today, days))) byOffering.set(o.offeringId, [...(byOffering.get(o.offeringId) ?? []), o.id]);
    for (const [offeringId, occurrenceIds] of byOffering) {
      const found = await getOfferingWithOccurrences(offeringId);
      if (!found || found.offering.status !== 'published' || found.offering.enrolment.reminderDaysBefore !== days) continue;
      const due = (e: Enrolment) => e.status === 'booked' && occurrenceIds.some((id) => e.occurrenceIds.includes(id) && !(e.remindedFor ?? []).includes(id));
      for (const e of (await listEnrolmentsOfOffering(offeringId)).filter(due)) {
        await changeEnrolment(
          offeringId,
          e.id,
          (read) => {
            if (!due(read.enrolment)) return { next: read.enrolment };
            const remindedFor = [...new Set([...(read.enrolment.remindedFor ?? []), ...occurrenceIds.filter((id) => read.enrolment.occurrenceIds.includes(id))])];
            return { next: bump(read.enrolment, 'booked', now, { remindedFor }), event: 'reminder', extra: { daysBefore: days } };
          },
          now,
        );
        sent++;
      }
    }
  }
  return sent;
}
