import type { TicketSummary } from '../../../../../../shared/schemas/tickets.ts';
import { formatDateTime } from '../../../../../../shared/time.ts';
import { messages, type Locale } from '../../../../lib/i18n.ts';

/** A ticket's state in words, the list's and the ticket page's: a cancelled time first, then cancelled, used or valid. */
export function ticketStatus(ticket: Pick<TicketSummary, 'status' | 'usedAt' | 'occurrenceCancelled'>, locale: Locale): string {
  const t = messages(locale).tickets;
  if (ticket.occurrenceCancelled) return t.status.occurrenceCancelled;
  if (ticket.status === 'cancelled') return t.status.cancelled;
  return ticket.usedAt ? t.status.used(formatDateTime(ticket.usedAt, locale)) : t.status.valid;
}
