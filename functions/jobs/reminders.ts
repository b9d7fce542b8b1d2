import { sendReminders } from '../domain/manage-enrolment.ts';
import { logger } from '../logger.ts';

/** Scheduled hourly: reminds booked groups of their occurrences, once each, from 8 in the morning Helsinki time. */
export async function handler(): Promise<{ reminded: number }> {
  const reminded = await sendReminders(new Date());
  if (reminded > 0) logger.info('Reminders sent', { reminded });
  return { reminded };
}
