import * as z from 'zod';

/** IDs are ULIDs: unguessable enough for public URLs and sortable by creation time. */
export const id = z.ulid({ error: 'invalidId' });
export const timestamp = z.iso.datetime({ offset: false, error: 'invalidDateTime' });
export const email = z.email({ error: 'invalidEmail' });
/** A calendar date in Europe/Helsinki, as typed in a date field. */
export const localDate = z.iso.date({ error: 'invalidDate' });

/** Optimistic locking: every item people edit carries the version they read. */
export const versioned = z.object({ version: z.int().min(1), createdAt: timestamp, updatedAt: timestamp });
