import { refreshStaleCatalogueEntries } from '../domain/catalogue.ts';
import { logger } from '../logger.ts';

/** Scheduled hourly; each run rebuilds a bounded batch, so a backlog drains over a few runs. */
export async function handler(): Promise<{ rebuilt: number }> {
  const rebuilt = await refreshStaleCatalogueEntries(new Date());
  logger.info('Catalogue upkeep', { rebuilt });
  return { rebuilt };
}
