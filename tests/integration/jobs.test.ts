import { describe, expect, it } from 'vitest';
import { listCatalogueChanges } from '../../functions/db/catalogue.ts';
import { handler } from '../../functions/jobs/catalogue-upkeep.ts';
import { seedDemoData } from '../../infra/local/seed/seed.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();

describe('catalogue upkeep job', () => {
  it('rebuilds entries older than a day, dropping occurrences that have begun, and leaves fresh ones alone', async () => {
    // Arrange: demo data as written a week ago, so some occurrences have started since.
    const weekAgo = new Date(Date.now() - 7 * 86_400_000);
    await seedDemoData({ now: weekAgo });
    const before = await listCatalogueChanges();
    const now = new Date().toISOString();
    expect(before.some((e) => e.occurrences.some((o) => o.start < now))).toBe(true);

    // Act
    let rebuilt = 0;
    for (let run = 0; run < 5; run++) rebuilt += (await handler()).rebuilt;

    // Assert
    expect(rebuilt).toBe(before.length);
    const after = await listCatalogueChanges();
    expect(after).toHaveLength(before.length);
    for (const entry of after) {
      expect(entry.builtAt > weekAgo.toISOString()).toBe(true);
      expect(entry.occurrences.every((o) => o.start >= entry.builtAt)).toBe(true);
    }
    expect((await handler()).rebuilt).toBe(0);
  });
});
