import { sendTicketReminders } from '../domain/ticket-mail.ts';
import { logger } from '../logger.ts';

/** Scheduled hourly: reminds families of their tickets 3 days before, once each, from 8 in the morning Helsinki time. */
export async function handler(): Promise<{ reminded: number }> {
  const reminded = await sendTicketReminders(new Date());
  if (reminded > 0) logger.info('Ticket reminders sent', { reminded });
  return { reminded };
}
