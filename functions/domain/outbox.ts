import { claimOutboxMessage, listPendingOutbox, markOutboxSent, releaseOutboxMessage } from '../db/outbox.ts';
import { logger } from '../logger.ts';
import { sendMail } from '../mail/send.ts';

/** How long one sender holds a message before another may try it: longer than any send takes. */
const claimSeconds = 120;

/**
 * Sends outbox messages at least once and, in practice, once: each is claimed by a conditional
 * write before it is sent and marked sent after, so the request that wrote it and the scheduled
 * sweep never both send it. Only a crash between sending and marking sends it again, after the
 * claim lapses. A failed send is given back for the next sweep. Returns how many were sent.
 */
export async function deliverOutbox(ids: string[], now = new Date()): Promise<number> {
  let sent = 0;
  for (const id of ids) {
    const message = await claimOutboxMessage(id, now, new Date(now.getTime() + claimSeconds * 1000));
    if (!message) continue;
    try {
      await sendMail(message.mail);
    } catch (error) {
      logger.error('Could not send an outbox message; the next sweep tries again', { id, attempts: message.attempts, error });
      await releaseOutboxMessage(id);
      continue;
    }
    await markOutboxSent(id, new Date());
    sent++;
  }
  return sent;
}

/** Sends what a request could not send itself (it failed, or the process ended), oldest first. */
export async function deliverPendingOutbox(now = new Date(), limit = 200): Promise<{ sent: number; pending: number }> {
  const pending = await listPendingOutbox(limit);
  const sent = await deliverOutbox(
    pending.map((m) => m.id),
    now,
  );
  return { sent, pending: pending.length };
}

/** After a change is committed, its messages go at once; a failure here is the sweep's to mend. */
export async function deliverSoon(ids: string[]): Promise<void> {
  try {
    await deliverOutbox(ids);
  } catch (error) {
    logger.error('Could not deliver outbox messages right away; the sweep will', { ids, error });
  }
}
