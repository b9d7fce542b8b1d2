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

  it('has the culture-godchild demo: a cohort per served year, the demo guardian\'s family, two rounds and a ticket for today whose seats are taken', async () => {
    const { listCohorts } = await import('../../functions/db/cohort.ts');
    const { findPersonIdByIdentity, emailIdentity } = await import('../../functions/db/person.ts');
    const { getFamilyOfPerson, listChildrenOfFamily } = await import('../../functions/db/family.ts');
    const { listRoundsOfCohort } = await import('../../functions/db/round.ts');
    const { listTicketsOfFamily } = await import('../../functions/db/ticket.ts');
    const { getOccurrence } = await import('../../functions/db/offering.ts');
    const { getChildYears } = await import('../../functions/db/child-year.ts');
    const { localDateOf } = await import('../../shared/time.ts');
    const cohorts = await listCohorts();
    expect(cohorts.map((c) => c.birthYear).sort()).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    const personId = await findPersonIdByIdentity(emailIdentity('perhe@tarjotin.example'));
    const family = await getFamilyOfPerson(personId!);
    expect(family?.email).toBe('perhe@tarjotin.example');
    const children = await listChildrenOfFamily(family!.id);
    expect(children.map((c) => c.birthYear).sort()).toEqual([2020, 2022, 2023]);
    const rounds = (await Promise.all(cohorts.map((c) => listRoundsOfCohort(c.id)))).flat();
    expect(rounds).toHaveLength(2);
    expect(rounds.filter((r) => Date.parse(r.preferencesDeadline) < Date.now())).toHaveLength(1);
    const [ticket, ...others] = await listTicketsOfFamily(family!.id);
    expect(others).toHaveLength(0);
    const occurrence = await getOccurrence(ticket!.offeringId, ticket!.occurrenceId);
    expect(localDateOf(new Date(occurrence!.start))).toBe(localDateOf(new Date()));
    expect(occurrence!.seatsTaken).toBe(ticket!.persons);
    const years = await getChildYears(ticket!.childIds, Number(localDateOf(new Date(occurrence!.start)).slice(0, 4)));
    for (const id of ticket!.childIds) expect(years.get(id)?.used).toBe(1);
  });

  it('is written only once, however often seeding runs', async () => {
    expect(await seedDemoData()).toBeUndefined();
    const entries = await listCatalogueChanges();
    expect(entries).toHaveLength(60);
  });
});
