import { pickText, type Locale } from '../../shared/locale.ts';
import type { DoorCheckAnswer, Ticket } from '../../shared/schemas/godchild.ts';
import type { DoorToday } from '../../shared/schemas/tickets.ts';
import { localDateOf } from '../../shared/time.ts';
import { getOffering, getOccurrence } from '../db/offering.ts';
import { getTicket, listTicketsOnDay, markTicketUsed } from '../db/ticket.ts';
import { getVenue, listVenuesOfOrganisation } from '../db/venue.ts';
import type { Actor } from './actor.ts';
import { ForbiddenError, invalidField, type FieldProblem } from './errors.ts';
import { ticketIdOfCode } from './ticket-code.ts';

/** Active members and door staff of the organisation, and platform admins, check its tickets. */
export function canCheckTicketsOf(actor: Actor, organisationId: string): boolean {
  return (
    actor.platformAdmin ||
    actor.memberships.some((m) => m.organisationId === organisationId && m.status === 'active' && (m.role === 'door-staff' || m.role === 'member'))
  );
}

function requireDoorStaff(actor: Actor, organisationId: string, field: FieldProblem): void {
  if (!canCheckTicketsOf(actor, organisationId)) throw new ForbiddenError('notYourOrganisation', field);
}

/**
 * Use case: the door checks a typed or scanned code. The answer is always one of the results
 * for the device to show (a body that fails its schema is the only 400): a forged or mistyped
 * code is `invalid` without a read; a ticket of another organisation `not-this-organisation`
 * (and nothing more about it); then, in this order, `cancelled` (ticket or occurrence),
 * `already-used` (with when), `wrong-day` (with the occurrence's start), else the ticket is
 * marked used by one conditional write: two devices scanning together get one `valid` and one
 * `already-used`.
 */
export async function checkTicketAtDoor(
  actor: Actor,
  input: { organisationId: string; venueId?: string; code: string },
  locale: Locale,
  now = new Date(),
): Promise<DoorCheckAnswer> {
  requireDoorStaff(actor, input.organisationId, { in: 'body', path: ['organisationId'], message: 'notYourOrganisation' });
  if (input.venueId && (await getVenue(input.venueId))?.organisationId !== input.organisationId) {
    throw invalidField(['venueId'], 'unknownVenue');
  }
  const ticketId = ticketIdOfCode(input.code);
  if (!ticketId) return { result: 'invalid' };
  const ticket = await getTicket(ticketId);
  if (!ticket) return { result: 'invalid' };
  if (ticket.organisationId !== input.organisationId) return { result: 'not-this-organisation' };

  const [offering, occurrence] = await Promise.all([getOffering(ticket.offeringId), getOccurrence(ticket.offeringId, ticket.occurrenceId)]);
  if (!offering || !occurrence) return { result: 'cancelled' };
  const shown = (t: Ticket): NonNullable<DoorCheckAnswer['ticket']> => ({
    id: t.id,
    persons: t.persons,
    offeringId: t.offeringId,
    occurrenceId: t.occurrenceId,
    children: t.childIds.length,
    start: occurrence.start,
    title: pickText(offering.title, locale).text,
  });
  const already = (t: Ticket): DoorCheckAnswer => (t.usedAt ? { result: 'already-used', usedAt: t.usedAt, ticket: shown(t) } : { result: 'cancelled', ticket: shown(t) });

  const ticketVenue = ticket.venueId ?? occurrence.venueId ?? (offering.location.kind === 'venue' ? offering.location.venueId : undefined);
  if (input.venueId && ticketVenue !== input.venueId) return { result: 'not-this-venue', ticket: shown(ticket) };
  if (ticket.status === 'cancelled' || occurrence.cancelled) return { result: 'cancelled', ticket: shown(ticket) };
  if (ticket.usedAt) return already(ticket);
  if (localDateOf(new Date(occurrence.start)) !== localDateOf(now)) return { result: 'wrong-day', ticket: shown(ticket) };

  const marked = await markTicketUsed(ticket.id, actor.personId, now);
  if (marked.marked) return { result: 'valid', usedAt: marked.ticket.usedAt, ticket: shown(marked.ticket) };
  // Another device marked it (or the family cancelled it) between the read and the write.
  return marked.ticket ? already(marked.ticket) : { result: 'invalid' };
}

/**
 * Use case: today's (Helsinki) occurrences of the organisation that have tickets, with how
 * many tickets, persons and tickets used. One Query of the day's tickets (gsi2
 * `TICKETDAY#<date>`), kept to the organisation's.
 */
export async function doorToday(actor: Actor, organisationId: string, locale: Locale, now = new Date()): Promise<DoorToday> {
  requireDoorStaff(actor, organisationId, { in: 'path', path: ['id'], message: 'notYourOrganisation' });
  const date = localDateOf(now);
  const tickets = (await listTicketsOnDay(date)).filter((t) => t.organisationId === organisationId && t.status === 'valid');
  const byOccurrence = new Map<string, Ticket[]>();
  for (const t of tickets) byOccurrence.set(t.occurrenceId, [...(byOccurrence.get(t.occurrenceId) ?? []), t]);
  const offerings = new Map(
    await Promise.all([...new Set(tickets.map((t) => t.offeringId))].map(async (id) => [id, await getOffering(id)] as const)),
  );
  const occurrences = await Promise.all(
    [...byOccurrence.values()].map(async (group) => {
      const first = group[0]!;
      const occurrence = await getOccurrence(first.offeringId, first.occurrenceId);
      return {
        offeringId: first.offeringId,
        occurrenceId: first.occurrenceId,
        title: pickText(offerings.get(first.offeringId)?.title, locale).text,
        start: occurrence?.start ?? now.toISOString(),
        tickets: group.length,
        persons: group.reduce((sum, t) => sum + t.persons, 0),
        attended: group.filter((t) => t.usedAt).length,
      };
    }),
  );
  const venues = (await listVenuesOfOrganisation(organisationId)).map((v) => ({ id: v.id, name: v.name }));
  return { date, venues, occurrences: occurrences.sort((a, b) => a.start.localeCompare(b.start)) };
}
