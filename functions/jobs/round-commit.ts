import { continueCommittedRounds } from '../domain/rounds.ts';
import { logger } from '../logger.ts';

/** Leaves a minute of the job's five for the round it was writing when time ran out. */
const budgetMs = 4 * 60_000;

/**
 * Scheduled every minute: goes on writing the invitations of committed rounds whose commit ran
 * out of time (a large cohort), then their waitlists. A rerun writes only what is missing.
 */
export async function handler(): Promise<{ finished: number }> {
  const finished = await continueCommittedRounds(new Date(), budgetMs);
  if (finished > 0) logger.info('Committed rounds written in full', { finished });
  return { finished };
}
