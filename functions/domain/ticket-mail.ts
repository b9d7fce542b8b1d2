import { messages } from '../../shared/i18n/api.ts';
import { pickText } from '../../shared/locale.ts';
import type { Ticket } from '../../shared/schemas/godchild.ts';
import { addLocalDays, formatTimeRange, helsinkiHourOf, localDateOf } from '../../shared/time.ts';
import { getFamily } from '../db/family.ts';
import { writeTicketMailOnce } from '../db/first-come.ts';
import { getOfferingWithOccurrences } from '../db/offering.ts';
import { listTicketsOnDay } from '../db/ticket.ts';
import { logger } from '../logger.ts';
import { venuesOf } from './enrol.ts';
import { placeOf } from './enrolment-mail.ts';
import { absoluteUrl, godchildMessage, godchildWebPaths } from './godchild-mail.ts';
import { firstMailHour } from './manage-enrolment.ts';
import { deliverSoon } from './outbox.ts';

/**
 * Scheduled mail about tickets: a reminder 3 days before the occurrence and a feedback request
 * the day after it, each once per ticket (a claim item written with the message), from 8 in
 * the morning Helsinki time. Families without an email address get neither.
 */
export const reminderDaysBefore = 3;

async function mailTickets(kind: 'reminder' | 'feedback', day: string, due: (t: Ticket) => boolean, now: Date): Promise<number> {
  const tickets = (await listTicketsOnDay(day)).filter(due);
  let sent = 0;
  for (const ticket of tickets) {
    try {
      const [family, found] = await Promise.all([getFamily(ticket.familyId), getOfferingWithOccurrences(ticket.offeringId)]);
      const occurrence = found?.occurrences.find((o) => o.id === ticket.occurrenceId);
      if (!family?.email || !found || !occurrence || occurrence.cancelled) continue;
      const { locale } = family;
      const t = messages(locale);
      const title = pickText(found.offering.title, locale).text;
      const place = placeOf(found.offering, occurrence, await venuesOf(found.offering, [occurrence]), locale);
      const texts = kind === 'reminder' ? t.mail.ticketReminder : t.mail.ticketFeedback;
      const message = godchildMessage(
        family,
        {
          subject: texts.subject(title),
          paragraphs: [
            kind === 'reminder' ? t.mail.ticketReminder.intro(reminderDaysBefore) : t.mail.ticketFeedback.intro,
            `${t.mail.godchild.when}: ${formatTimeRange(occurrence.start, occurrence.end, locale)}\n${t.mail.godchild.where}: ${place}`,
          ],
          action: { label: texts.open, url: absoluteUrl(godchildWebPaths.ticket(locale, ticket.id)) },
        },
        ticket.id,
        now,
      );
      if (!message) continue;
      if (await writeTicketMailOnce(ticket.id, kind, message, now)) {
        await deliverSoon([message.id]);
        sent++;
      }
    } catch (error) {
      // One ticket's trouble does not stop the others; the next run tries it again.
      logger.error('Could not write a ticket mail', { kind, ticketId: ticket.id, error });
    }
  }
  return sent;
}

/** Reminds families with a valid ticket for an occurrence starting 3 days from today (Helsinki). */
export async function sendTicketReminders(now = new Date()): Promise<number> {
  if (helsinkiHourOf(now) < firstMailHour) return 0;
  return mailTickets('reminder', addLocalDays(localDateOf(now), reminderDaysBefore), (t) => t.status === 'valid' && !t.usedAt, now);
}

/** Asks families who came yesterday (a used ticket) how it went. */
export async function sendFeedbackRequests(now = new Date()): Promise<number> {
  if (helsinkiHourOf(now) < firstMailHour) return 0;
  return mailTickets('feedback', addLocalDays(localDateOf(now), -1), (t) => t.status === 'valid' && t.usedAt !== undefined, now);
}
