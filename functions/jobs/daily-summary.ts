import { sendDailySummaries } from '../domain/provider-enrolments.ts';
import { logger } from '../logger.ts';

/** Scheduled hourly; each organisation with unseen requests gets its summary once a day, from 8 Helsinki time. */
export async function handler(): Promise<{ organisations: number }> {
  const organisations = await sendDailySummaries(new Date());
  if (organisations > 0) logger.info('Daily summaries sent', { organisations });
  return { organisations };
}
