import { sendFeedbackRequests } from '../domain/ticket-mail.ts';
import { logger } from '../logger.ts';

/** Scheduled hourly: asks families who used a ticket yesterday for feedback, once each, from 8 in the morning Helsinki time. */
export async function handler(): Promise<{ asked: number }> {
  const asked = await sendFeedbackRequests(new Date());
  if (asked > 0) logger.info('Feedback requests sent', { asked });
  return { asked };
}
