import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../functions/domain/catalogue.ts';
import { demoCatalogueEntries, generateDemoData } from '../../infra/local/seed/demo-data.ts';
import { seededRandom } from '../../infra/local/seed/random.ts';
import { listOfferingsQuery } from '../../shared/schemas/api.ts';
import { addLocalDays, localDateOf } from '../../shared/time.ts';
import { areaIds, offeringLanguages, studyLevels } from '../../shared/vocabularies.ts';

/**
 * The catalogue's search takes shortcuts (a time-ordered timeline, candidate lists for narrow
 * filters, keyset paging); this compares it with the plainest possible reading of the rules.
 */
const now = new Date('2026-12-01T08:00:00Z');
const built = new Date('2026-11-25T08:00:00Z');
const data = generateDemoData({ now: built, offerings: 600, occurrences: 5000, seed: 7 });
const entries = demoCatalogueEntries(data, built).map((entry, i) => ({ ...entry, published: i % 11 !== 0 }));
const catalogue = new Catalogue(entries);

function reference(input: Record<string, string>): string[] {
  const query = listOfferingsQuery.parse(input);
  // The rules read plainly: not begun yet, and on a Helsinki calendar day within the range.
  const inRange = (start: string) => {
    const day = localDateOf(new Date(start));
    return start >= now.toISOString() && (!query.from || day >= query.from) && (!query.to || day <= query.to);
  };
  return entries
    .filter((e) => e.published)
    .filter((e) => !query.studyLevel || e.studyLevels.some((l) => query.studyLevel!.includes(l)))
    .filter((e) => !query.area || (e.area !== undefined && query.area.includes(e.area)))
    .map((e) => ({
      e,
      first: e.occurrences
        .filter((o) => !o.cancelled && inRange(o.start))
        .filter((o) => !query.language || o.languages.some((l) => query.language!.includes(l)))
        .sort((a, b) => a.start.localeCompare(b.start))[0],
    }))
    .filter((x) => x.first)
    .map((x) => `${x.first!.start}#${x.e.offeringId}`)
    .sort()
    .map((key) => key.split('#')[1]!);
}

function allPages(input: Record<string, string>): string[] {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = catalogue.search(listOfferingsQuery.parse({ ...input, ...(cursor ? { cursor } : {}) }), now);
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe('catalogue search against a plain reference', () => {
  it('returns exactly the reference’s offerings in the reference’s order, for 150 random queries, page by page', () => {
    const random = seededRandom(42);
    const some = <T extends string>(values: readonly T[]) =>
      Array.from({ length: random.int(1, 3) }, () => random.pick(values)).join(',');
    const today = localDateOf(now);
    for (let i = 0; i < 150; i++) {
      const input: Record<string, string> = { limit: String(random.int(1, 30)) };
      if (random.chance(0.5)) input.studyLevel = some(studyLevels);
      if (random.chance(0.4)) input.area = some(areaIds);
      if (random.chance(0.3)) input.language = some(offeringLanguages);
      if (random.chance(0.4)) {
        const from = addLocalDays(today, random.int(-5, 60));
        input.from = from;
        if (random.chance(0.7)) input.to = addLocalDays(from, random.int(0, 40));
      }
      expect(allPages(input), JSON.stringify(input)).toEqual(reference(input));
    }
  });
});
