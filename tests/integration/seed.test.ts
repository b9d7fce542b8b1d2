import { describe, expect, it } from 'vitest';
import { listCatalogueChanges } from '../../functions/db/catalogue.ts';
import { seedDemoData } from '../../infra/local/seed/seed.ts';
import { studyLevels } from '../../shared/vocabularies.ts';
import { useIsolatedTable } from '../setup/table.ts';

useIsolatedTable();

describe('demo data', () => {
  it('looks like a real city: providers of every kind, all study levels, several areas, four months of occurrences', async () => {
    const now = new Date();
    const data = await seedDemoData({ now });
    expect(data).toBeDefined();
    const { organisations, venues, offerings, occurrences } = data!;
    expect(organisations.length).toBeGreaterThanOrEqual(8);
    expect(new Set(organisations.map((o) => o.kind)).size).toBeGreaterThanOrEqual(5);
    expect(offerings).toHaveLength(60);
    expect(occurrences.length).toBeGreaterThanOrEqual(400);
    for (const level of studyLevels) expect(offerings.some((o) => o.studyLevels.includes(level))).toBe(true);
    expect(new Set(venues.map((v) => v.area)).size).toBeGreaterThanOrEqual(4);
    for (const o of offerings) for (const l of ['fi', 'sv', 'en'] as const) expect(o.title[l]).toBeTruthy();
    expect(occurrences.some((o) => o.seatsTaken === o.capacity.total)).toBe(true);
    expect(occurrences.some((o) => o.cancelled)).toBe(true);
    const fourMonths = now.getTime() + 125 * 86_400_000;
    for (const o of occurrences) {
      expect(Date.parse(o.start)).toBeGreaterThan(now.getTime());
      expect(Date.parse(o.start)).toBeLessThan(fourMonths);
    }
  });

  it('has the enrolments behind every seat taken: each counter equals the seats its stored enrolments hold', async () => {
    const { getOfferingWithOccurrences } = await import('../../functions/db/offering.ts');
    const { listCatalogueChanges: entries } = await import('../../functions/db/catalogue.ts');
    const { seatAccount } = await import('../setup/enrolments.ts');
    let checked = 0;
    for (const entry of await entries()) {
      const found = await getOfferingWithOccurrences(entry.offeringId);
      if (found?.offering.enrolment.mode !== 'internal') continue;
      for (const o of found.occurrences) {
        const account = await seatAccount(found.offering.id, o.id);
        expect(account.held, `occurrence ${o.id}`).toBe(account.counter);
        checked += account.counter > 0 ? 1 : 0;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('is written only once, however often seeding runs', async () => {
    expect(await seedDemoData()).toBeUndefined();
    const entries = await listCatalogueChanges();
    expect(entries).toHaveLength(60);
  });
});
