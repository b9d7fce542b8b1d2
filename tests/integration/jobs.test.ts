import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { getCatalogueEntry, listCatalogueChanges } from '../../functions/db/catalogue.ts';
import { db } from '../../functions/db/client.ts';
import { offeringKey, offeringToItem } from '../../functions/db/offering.ts';
import { handler } from '../../functions/jobs/catalogue-upkeep.ts';
import { seedDemoData } from '../../infra/local/seed/seed.ts';
import { useIsolatedTable } from '../setup/table.ts';

const { tableName } = useIsolatedTable();

describe('catalogue upkeep job', () => {
  it('rebuilds every entry older than a day, dropping occurrences that have begun, and leaves fresh ones alone', async () => {
    // Arrange: demo data as written a week ago, so some occurrences have started since.
    const weekAgo = new Date(Date.now() - 7 * 86_400_000);
    const demo = (await seedDemoData({ now: weekAgo }))!;
    const before = await listCatalogueChanges();
    const now = new Date().toISOString();
    expect(before.some((e) => e.occurrences.some((o) => o.start < now))).toBe(true);
    // One offering deleted, one pointing at an organisation that does not exist.
    const [gone, broken] = demo.offerings;
    await db().send(new DeleteCommand({ TableName: tableName, Key: offeringKey(gone!.id) }));
    await db().send(
      new PutCommand({ TableName: tableName, Item: offeringToItem({ ...broken!, organisationId: '01KAAAAAAAAAAAAAAAAAAAAAAA' }) }),
    );

    // Act
    const result = await handler();

    // Assert: the broken one is reported and did not stop the others.
    expect(result).toEqual({ rebuilt: before.length - 1, failed: 1 });
    const after = await listCatalogueChanges();
    for (const entry of after.filter((e) => e.offeringId !== broken!.id)) {
      expect(entry.builtAt > weekAgo.toISOString()).toBe(true);
      expect(entry.occurrences.every((o) => o.start >= entry.builtAt)).toBe(true);
    }
    expect((await getCatalogueEntry(gone!.id))?.published).toBe(false);
    // Only the broken entry is still stale.
    expect(await handler()).toEqual({ rebuilt: 0, failed: 1 });
  });
});
