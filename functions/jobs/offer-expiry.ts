import { listOffersExpiringBefore } from '../db/enrolment.ts';
import { expireOffer } from '../domain/manage-enrolment.ts';
import { logger } from '../logger.ts';

/** Scheduled every five minutes: seats offered to waiting groups and not answered in time pass on. */
export async function handler(): Promise<{ expired: number }> {
  const now = new Date();
  let expired = 0;
  for (const offer of await listOffersExpiringBefore(now)) {
    if (await expireOffer(offer.offeringId, offer.id, now)) expired++;
  }
  if (expired > 0) logger.info('Lapsed seat offers passed on', { expired });
  return { expired };
}
