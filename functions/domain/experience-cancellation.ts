import type { Locale } from '../../shared/locale.ts';
import type { Invitation, Ticket } from '../../shared/schemas/godchild.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Offering } from '../../shared/schemas/offering.ts';
import { localDateOf } from '../../shared/time.ts';
import { getFamily, listChildrenOfFamily } from '../db/family.ts';
import { listInvitationsOfRound, writeInvitationCancellation } from '../db/invitation.ts';
import { putOutboxMessages } from '../db/outbox.ts';
import { listRoundsOfCohort } from '../db/round.ts';
import { getTicket, getTickets, listTicketsOnDay, moveTicketDay } from '../db/ticket.ts';
import { logger } from '../logger.ts';
import { pauseAfterLostRace, venuesOf } from './enrol.ts';
import { placeOf } from './enrolment-mail.ts';
import { occurrenceCancelledMessage, occurrenceChangedMessage, type ExperienceDetails } from './godchild-mail.ts';
import { deliverSoon } from './outbox.ts';
import { cancelTicket } from './tickets.ts';

/**
 * When a provider or an admin cancels or moves an occurrence of an experience, its families
 * are told. A move takes the tickets along on the day index and emails the new time or place
 * (`tellFamiliesOfChangedOccurrence`). On a cancel, the families are let go:
 * every valid ticket is cancelled (seats, each child's allowance and event group, past
 * experience given back: `cancelTicket`, as when the family cancels), every offered invitation
 * is cancelled with its seats released, and each family with an address is emailed the
 * provider's reason in its language. Each ticket and invitation is its own transaction with
 * its email in the outbox. The occurrence is cancelled first, so no ticket or invitation can
 * be written to it meanwhile (every such write takes seats only while it is not cancelled, and
 * accepting checks it).
 */

const maxAttempts = 10;

type Cancelled = { offering: Offering; occurrence: Occurrence; venues: Awaited<ReturnType<typeof venuesOf>> };

async function detailsOf(held: Pick<Ticket, 'familyId' | 'childIds'>, c: Cancelled, locale: Locale): Promise<ExperienceDetails> {
  const children = new Map((await listChildrenOfFamily(held.familyId)).map((child) => [child.id, child]));
  return {
    title: c.offering.title,
    start: c.occurrence.start,
    end: c.occurrence.end,
    place: placeOf(c.offering, c.occurrence, c.venues, locale),
    children: held.childIds.map((id) => {
      const firstName = children.get(id)?.firstName;
      return firstName ? { firstName } : {};
    }),
  };
}

/** Cancels one ticket of the cancelled occurrence and tells its family; false when it was cancelled or used meanwhile. */
async function cancelTicketOf(c: Cancelled, first: Ticket, now: Date): Promise<boolean> {
  let ticket: Ticket | undefined = first;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (attempt > 0) {
      await pauseAfterLostRace(attempt);
      ticket = await getTicket(first.id);
    }
    if (!ticket || ticket.status !== 'valid' || ticket.usedAt) return false;
    const family = await getFamily(ticket.familyId);
    const message = family && occurrenceCancelledMessage(family, { kind: 'ticket', id: ticket.id }, await detailsOf(ticket, c, family.locale), c.occurrence.cancelled?.reason, now);
    const outcome = await cancelTicket(ticket, c.offering, c.occurrence, message ? [message] : []);
    if (outcome === 'written') {
      if (message) await deliverSoon([message.id]);
      return true;
    }
    // `notValid`: read again (the family cancelled it, or the door marked it used); `contention`: try again.
  }
  throw new Error(`Cancelling ticket ${first.id} of a cancelled occurrence lost the race ${maxAttempts} times`);
}

/** Cancels one offered invitation to the cancelled occurrence and tells its family; false when it was answered meanwhile. */
async function cancelInvitationOf(c: Cancelled, value: Invitation, now: Date): Promise<boolean> {
  const family = await getFamily(value.familyId);
  const message = family && occurrenceCancelledMessage(family, { kind: 'invitation', id: value.id }, await detailsOf(value, c, family.locale), c.occurrence.cancelled?.reason, now);
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (attempt > 0) await pauseAfterLostRace(attempt);
    const outcome = await writeInvitationCancellation(value, message);
    if (outcome === 'written') {
      if (message) await deliverSoon([message.id]);
      return true;
    }
    // Declined, lapsed or accepted before the occurrence was cancelled: an accepted one's ticket is cancelled with the others.
    if (outcome.refused === 'status') return false;
  }
  throw new Error(`Cancelling invitation ${value.id} of a cancelled occurrence lost the race ${maxAttempts} times`);
}

/**
 * The tickets and offered invitations of an occurrence. Invitations: the cohort's rounds, then
 * each round's invitations (a strongly consistent Query of its partition). Tickets: the day
 * index of the occurrence's day (`TICKETDAY#<date>`), kept to the occurrence, together with the
 * tickets the round's accepted invitations name (read by id), so a round ticket is found even
 * if the index has not caught up with it yet.
 */
async function bookingsOf(offering: Offering, occurrence: Occurrence): Promise<{ tickets: Ticket[]; invitations: Invitation[] }> {
  const rounds = (await listRoundsOfCohort(offering.godchild!.cohortId)).filter((r) => r.status !== 'open');
  const toOccurrence = (await Promise.all(rounds.map((r) => listInvitationsOfRound(r.id)))).flat().filter((i) => i.occurrenceId === occurrence.id);
  const onDay = (await listTicketsOnDay(localDateOf(new Date(occurrence.start)))).filter((t) => t.offeringId === offering.id && t.occurrenceId === occurrence.id);
  const known = new Set(onDay.map((t) => t.id));
  const named = toOccurrence.flatMap((i) => (i.status === 'accepted' && i.ticketId && !known.has(i.ticketId) ? [i.ticketId] : []));
  const tickets = [...onDay, ...(named.length > 0 ? await getTickets(named) : [])];
  return { tickets: tickets.filter((t) => t.status === 'valid' && !t.usedAt), invitations: toOccurrence.filter((i) => i.status === 'offered') };
}

/**
 * Use case, after an experience's occurrence is cancelled: cancels its valid tickets and
 * offered invitations and emails their families. Returns how many families were let go. One
 * ticket's or invitation's trouble is logged and does not stop the others.
 */
export async function cancelBookingsOfCancelledOccurrence(offering: Offering, occurrence: Occurrence, now = new Date()): Promise<number> {
  if (!offering.godchild || !occurrence.cancelled) return 0;
  const c: Cancelled = { offering, occurrence, venues: await venuesOf(offering, [occurrence]) };
  const { tickets, invitations } = await bookingsOf(offering, occurrence);
  let cancelled = 0;
  for (const invitation of invitations) {
    try {
      if (await cancelInvitationOf(c, invitation, now)) cancelled++;
    } catch (error) {
      logger.error('Could not cancel an invitation of a cancelled occurrence', { invitationId: invitation.id, occurrenceId: occurrence.id, error });
    }
  }
  for (const ticket of tickets) {
    try {
      if (await cancelTicketOf(c, ticket, now)) cancelled++;
    } catch (error) {
      logger.error('Could not cancel a ticket of a cancelled occurrence', { ticketId: ticket.id, occurrenceId: occurrence.id, error });
    }
  }
  return cancelled;
}

/**
 * Use case, after an experience's occurrence got a new time or venue: each valid ticket follows
 * it on the day index (reminders and feedback requests go by the day), and every family with a
 * ticket or an offered invitation is emailed the new details, each ticket in one transaction
 * with its email. Returns how many families were told. Found by the occurrence as it was.
 */
export async function tellFamiliesOfChangedOccurrence(offering: Offering, before: Occurrence, after: Occurrence, now = new Date()): Promise<number> {
  if (!offering.godchild || after.cancelled) return 0;
  if (before.start === after.start && before.end === after.end && before.venueId === after.venueId) return 0;
  const c: Cancelled = { offering, occurrence: after, venues: await venuesOf(offering, [after]) };
  const { tickets, invitations } = await bookingsOf(offering, before);
  const day = { day: localDateOf(new Date(after.start)), start: after.start };
  let told = 0;
  for (const held of [...tickets.map((t) => ({ kind: 'ticket' as const, value: t })), ...invitations.map((i) => ({ kind: 'invitation' as const, value: i }))]) {
    try {
      const family = await getFamily(held.value.familyId);
      const message = family && occurrenceChangedMessage(family, { kind: held.kind, id: held.value.id }, await detailsOf(held.value, c, family.locale), now);
      const outbox = message ? [message] : [];
      if (held.kind === 'ticket') await moveTicketDay(held.value.id, day, outbox);
      else if (message) await putOutboxMessages(outbox);
      if (message) await deliverSoon([message.id]);
      told++;
    } catch (error) {
      logger.error('Could not tell a family of a changed occurrence', { held: held.value.id, occurrenceId: after.id, error });
    }
  }
  return told;
}
