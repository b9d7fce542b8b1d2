import { logger } from '../logger.ts';
import { refreshCatalogueEntry } from './catalogue.ts';

/** Per offering: the rebuild running in this process, and whether seats moved again meanwhile. */
const running = new Map<string, { again: boolean }>();

/**
 * Rebuilds an offering's search entry after seats moved, so search shows its free seats. A
 * burst of enrolments in one process rebuilds once at a time: whoever finds a rebuild running
 * asks for one more after it, and the one running does that last rebuild before it returns, so
 * the entry ends with the final count. A failure is logged: the enrolment stands, and the next
 * seat change or the catalogue upkeep rebuilds the entry.
 */
export async function refreshSeatsInSearch(offeringId: string): Promise<void> {
  const current = running.get(offeringId);
  if (current) {
    current.again = true;
    return;
  }
  const state = { again: false };
  running.set(offeringId, state);
  try {
    do {
      state.again = false;
      try {
        await refreshCatalogueEntry(offeringId);
      } catch (error) {
        logger.error('Could not rebuild a catalogue entry after seats moved', { offeringId, error });
      }
    } while (state.again);
  } finally {
    running.delete(offeringId);
  }
}
