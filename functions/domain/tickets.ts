import { pickText, type Locale } from '../../shared/locale.ts';
import type { Child, Family, Ticket } from '../../shared/schemas/godchild.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Offering } from '../../shared/schemas/offering.ts';
import type { TicketSummary, TicketView } from '../../shared/schemas/tickets.ts';
import { localDateOf } from '../../shared/time.ts';
import { writeTicketCancellation, type Allowance } from '../db/first-come.ts';
import { getOfferingWithOccurrences } from '../db/offering.ts';
import type { OutboxMessage } from '../db/outbox.ts';
import { listInvitationsOfFamily } from '../db/invitation.ts';
import { getTicket, listTicketsOfFamily } from '../db/ticket.ts';
import { logger } from '../logger.ts';
import type { Venue } from '../../shared/schemas/venue.ts';
import type { Actor } from './actor.ts';
import { pauseAfterLostRace, venuesOf } from './enrol.ts';
import { placeOf } from './enrolment-mail.ts';
import { ConflictError, ResourceNotFoundError } from './errors.ts';
import { listChildrenOfFamily, pastExperienceAction, requireFamily } from './families.ts';
import { offerFreedSeats } from './invitations.ts';
import { ticketCodeOf, ticketQrSvg } from './ticket-code.ts';

export { ticketQrSvg };

/**
 * A family's tickets: the list, one ticket with its code and QR code (SVG, for the page and
 * for printing), and cancelling one before its occurrence starts, which gives back its seats
 * and the children's yearly allowance in one transaction.
 */

/** The calendar year (Helsinki) whose allowance a ticket uses: that of its occurrence. */
export const allowanceYearOf = (start: string): number => Number(localDateOf(new Date(start)).slice(0, 4));

const ticketMissing = () => new ResourceNotFoundError('ticketNotFound', { in: 'path', path: ['id'], message: 'notFound' });

type Context = { offering: Offering; occurrence: Occurrence; venues: Map<string, Venue> };

async function contextsOf(tickets: Ticket[]): Promise<Map<string, Context>> {
  const contexts = new Map<string, Context>();
  await Promise.all(
    [...new Set(tickets.map((t) => t.offeringId))].map(async (offeringId) => {
      const found = await getOfferingWithOccurrences(offeringId);
      if (!found) return;
      const venues = await venuesOf(found.offering, found.occurrences);
      for (const occurrence of found.occurrences) contexts.set(occurrence.id, { offering: found.offering, occurrence, venues });
    }),
  );
  return contexts;
}

function summaryOf(value: Ticket, context: Context, children: Map<string, Child>, locale: Locale, now: Date): TicketSummary {
  const { offering, occurrence, venues } = context;
  return {
    id: value.id,
    offeringId: value.offeringId,
    occurrenceId: value.occurrenceId,
    persons: value.persons,
    source: value.source,
    status: value.status,
    ...(value.usedAt ? { usedAt: value.usedAt } : {}),
    createdAt: value.createdAt,
    title: pickText(offering.title, locale).text,
    start: occurrence.start,
    end: occurrence.end,
    place: placeOf(offering, occurrence, venues, locale),
    children: value.childIds.map((id) => {
      const firstName = children.get(id)?.firstName;
      return firstName ? { id, firstName } : { id };
    }),
    occurrenceCancelled: occurrence.cancelled !== undefined,
    cancellable: value.status === 'valid' && !value.usedAt && !occurrence.cancelled && Date.parse(occurrence.start) > now.getTime(),
  };
}

const childrenById = async (family: Family) => new Map((await listChildrenOfFamily(family.id)).map((c) => [c.id, c]));

/** Use case: the signed-in guardian's tickets, soonest occurrence first. */
export async function listFamilyTickets(actor: Actor, locale: Locale, now = new Date()): Promise<{ items: TicketSummary[] }> {
  const family = await requireFamily(actor);
  const [tickets, children] = await Promise.all([listTicketsOfFamily(family.id), childrenById(family)]);
  const contexts = await contextsOf(tickets);
  const items = tickets.flatMap((t) => {
    const context = contexts.get(t.occurrenceId);
    return context ? [summaryOf(t, context, children, locale, now)] : [];
  });
  return { items: items.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id)) };
}


async function ownTicket(actor: Actor, id: string): Promise<{ family: Family; ticket: Ticket }> {
  const family = await requireFamily(actor);
  const ticket = await getTicket(id);
  // Another family's ticket is as unknown as a missing one.
  if (!ticket || ticket.familyId !== family.id) throw ticketMissing();
  return { family, ticket };
}

async function viewOf(family: Family, ticket: Ticket, locale: Locale, now: Date): Promise<TicketView> {
  const [contexts, children] = await Promise.all([contextsOf([ticket]), childrenById(family)]);
  const context = contexts.get(ticket.occurrenceId);
  if (!context) throw ticketMissing();
  return { ...summaryOf(ticket, context, children, locale, now), code: ticketCodeOf(ticket.id), qrSvg: await ticketQrSvg(ticket.id) };
}

/** Use case: one of the family's own tickets, with its code and QR code; anyone else's is a 404. */
export async function viewFamilyTicket(actor: Actor, id: string, locale: Locale, now = new Date()): Promise<TicketView> {
  const { family, ticket } = await ownTicket(actor, id);
  return viewOf(family, ticket, locale, now);
}

/**
 * Seats a cancelled round ticket frees go to the round's waitlist while the round is still
 * committed (`offerFreedSeats` checks that); after it, they are simply free for first-come
 * enrolment. The ticket names its invitation, whose round is found among the family's.
 */
async function offerOnFreedSeats(ticket: Ticket, now: Date): Promise<void> {
  if (ticket.source !== 'round' || !ticket.invitationId) return;
  const invitation = (await listInvitationsOfFamily(ticket.familyId)).find((i) => i.id === ticket.invitationId);
  if (!invitation) return;
  try {
    await offerFreedSeats(invitation.roundId, ticket.offeringId, ticket.occurrenceId, now);
  } catch (error) {
    // The ticket is cancelled whatever happens here; seats not offered on stay free for first-come after the round.
    logger.error('Could not offer freed seats on after a cancelled ticket', { ticketId: ticket.id, error });
  }
}

/**
 * Writes a valid ticket's cancellation (`writeTicketCancellation`): its seats released, each
 * child's allowance of the occurrence's year (and the experience's event group) and past
 * experience given back, with the outbox messages that tell of it. Only what was counted is
 * counted back: a ticket written before counting (the demo's) leaves zero as it is. The
 * family's cancel and the provider's cancel of the occurrence both cancel a ticket this way.
 */
export async function cancelTicket(
  ticket: Ticket,
  offering: Pick<Offering, 'godchild'>,
  occurrence: Pick<Occurrence, 'start'>,
  outbox: OutboxMessage[],
): ReturnType<typeof writeTicketCancellation> {
  const eventGroup = offering.godchild?.eventGroup;
  const year = allowanceYearOf(occurrence.start);
  const allowances: Allowance[] = ticket.childIds.map((childId) => ({ childId, year, limit: 0, ...(eventGroup ? { eventGroup } : {}) }));
  const counted = (await listChildrenOfFamily(ticket.familyId)).filter((c) => ticket.childIds.includes(c.id) && c.pastExperiences >= 1);
  const pastExperiences = counted.map((c) => pastExperienceAction(ticket.familyId, c.id, -1));
  return writeTicketCancellation({ ticket, allowances, pastExperiences, outbox });
}

/**
 * Use case: the family cancels a ticket until its occurrence starts. One transaction marks it
 * cancelled (only while valid and unused), releases its seats and gives each child's allowance
 * and past experience back; a first-come ticket's guards go too, so the child may enrol again.
 */
export async function cancelFamilyTicket(actor: Actor, id: string, locale: Locale, now = new Date()): Promise<TicketView> {
  for (let attempt = 0; attempt < 10; attempt++) {
    if (attempt > 0) await pauseAfterLostRace(attempt);
    const { family, ticket } = await ownTicket(actor, id);
    const found = await getOfferingWithOccurrences(ticket.offeringId);
    const occurrence = found?.occurrences.find((o) => o.id === ticket.occurrenceId);
    if (!found || !occurrence) throw ticketMissing();
    if (ticket.status !== 'valid' || ticket.usedAt) throw new ConflictError('ticketNotCancellable');
    if (Date.parse(occurrence.start) <= now.getTime()) throw new ConflictError('ticketCancelTooLate');
    const outcome = await cancelTicket(ticket, found.offering, occurrence, []);
    if (outcome === 'written') {
      const cancelled: Ticket = { ...ticket, status: 'cancelled' };
      await offerOnFreedSeats(cancelled, now);
      return viewOf(family, cancelled, locale, now);
    }
    // `notValid`: used or cancelled since the read; read again and say which.
  }
  throw new Error(`Cancelling ticket ${id} lost the race 10 times`);
}
