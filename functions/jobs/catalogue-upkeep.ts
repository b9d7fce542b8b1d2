import { refreshStaleCatalogueEntries } from '../domain/catalogue.ts';
import { logger } from '../logger.ts';

/** Scheduled hourly; each run works through the stale entries within a time budget. */
export async function handler(): Promise<{ rebuilt: number; failed: number }> {
  const result = await refreshStaleCatalogueEntries(new Date());
  logger.info('Catalogue upkeep', result);
  return result;
}
