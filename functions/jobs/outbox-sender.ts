import { deliverPendingOutbox } from '../domain/outbox.ts';
import { logger } from '../logger.ts';

/** Scheduled every minute: sends what the requests that wrote the messages could not. */
export async function handler(): Promise<{ sent: number; pending: number }> {
  const result = await deliverPendingOutbox(new Date());
  if (result.pending > 0) logger.info('Outbox sweep', result);
  return result;
}
