import * as z from 'zod';

/** IDs are ULIDs: unguessable enough for public URLs and sortable by creation time. */
export const id = z.ulid({ error: 'invalidId' });
export const timestamp = z.iso.datetime({ offset: false, error: 'invalidDateTime' });
export const email = z.email({ error: 'invalidEmail' });
/**
 * A calendar date in Europe/Helsinki, as typed in a date field. Years are bounded so that date
 * arithmetic never leaves what JavaScript dates and ISO strings can hold.
 */
export const localDate = z.iso
  .date({ error: 'invalidDate' })
  .refine((date) => date >= '2000-01-01' && date <= '2099-12-31', { error: 'dateOutOfRange' });

/** Optimistic locking: every item people edit carries the version they read. */
export const versioned = z.object({ version: z.int().min(1), createdAt: timestamp, updatedAt: timestamp });

/** A web address people are sent to: https only, so no javascript: or data: link can be stored. */
export const httpsUrl = z.url({ protocol: /^https$/, error: 'httpsUrlOnly' });
