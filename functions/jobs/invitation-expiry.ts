import { listInvitationsExpiringBefore } from '../db/invitation.ts';
import { expireInvitation } from '../domain/invitations.ts';
import { logger } from '../logger.ts';

/** Lapses every offered round invitation whose time to answer ended before `now`; returns how many. */
export async function expireLapsedInvitations(now: Date): Promise<number> {
  let expired = 0;
  for (const lapsed of await listInvitationsExpiringBefore(now)) {
    if (await expireInvitation(lapsed.roundId, lapsed.id, now)) expired++;
  }
  return expired;
}

/**
 * Scheduled every five minutes: round invitations not answered by their deadline lapse, their
 * seats released in the same transaction and offered to the next family on the round's waitlist.
 */
export async function handler(): Promise<{ expired: number }> {
  const expired = await expireLapsedInvitations(new Date());
  if (expired > 0) logger.info('Lapsed round invitations passed on', { expired });
  return { expired };
}
