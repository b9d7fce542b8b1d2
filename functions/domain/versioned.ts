import type { VersionedWrite } from '../db/versioned.ts';
import { ConflictError } from './errors.ts';

/** Optimistic locking: someone saved a newer version than the one the person edited (409 naming `version`). */
export const staleVersion = () => new ConflictError('staleVersion', [{ in: 'body', path: ['version'], message: 'staleVersion' }]);

/** Refuses an edit read at another version than the stored one, before trying to write. */
export function requireVersion(stored: { version: number }, edited: { version: number }): void {
  if (stored.version !== edited.version) throw staleVersion();
}

/** Turns the outcome of a versioned write into the error it means. */
export function requireSaved(outcome: VersionedWrite, missing: () => Error): void {
  if (outcome === 'stale') throw staleVersion();
  if (outcome === 'missing') throw missing();
}
