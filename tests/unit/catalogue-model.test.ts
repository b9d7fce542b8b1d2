import { describe, expect, it } from 'vitest';
import { occurrenceAvailability } from '../../functions/domain/availability.ts';
import { Catalogue } from '../../functions/domain/catalogue.ts';
import { demoCatalogueEntries, generateDemoData } from '../../infra/local/seed/demo-data.ts';
import { demoTerms } from '../../infra/local/seed/demo-vocabularies.ts';
import { seededRandom } from '../../infra/local/seed/random.ts';
import { listOfferingsQuery } from '../../shared/schemas/api.ts';
import { searchWords } from '../../shared/search-text.ts';
import { addLocalDays, localDateOf } from '../../shared/time.ts';
import { accessibilityFeatures, areaIds, offeringLanguages, studyLevels } from '../../shared/vocabularies.ts';

/**
 * The catalogue's search takes shortcuts (a time-ordered timeline, candidate lists for narrow
 * filters, a word index, keyset paging); this compares it with the plainest possible reading
 * of the rules.
 */
const now = new Date('2026-12-01T08:00:00Z');
const built = new Date('2026-11-25T08:00:00Z');
const data = generateDemoData({ now: built, offerings: 600, occurrences: 5000, seed: 7 });
const random = seededRandom(42);
const entries = demoCatalogueEntries(data, built).map((entry, i) => ({
  ...entry,
  published: i % 11 !== 0,
  // More paid offerings than the demo has, and some without categories, so those filters bite.
  priceCents: i % 5 === 0 ? 1200 : entry.priceCents,
  categories: i % 13 === 0 ? [] : entry.categories,
}));
const labels = new Map(demoTerms.map((t) => [t.id, t.label]));
const catalogue = new Catalogue(entries, labels);
const categoryIds = demoTerms.filter((t) => t.vocabulary === 'category').map((t) => t.id);

/** The study level of each age, written out (PRODUCT.md; shared/schemas/api.ts documents it). */
const levelOfAge = [
  'age-0-2', 'age-0-2', 'age-0-2', 'age-3-4', 'age-3-4', 'preschool', 'preschool',
  'grade-1', 'grade-2', 'grade-3', 'grade-4', 'grade-5', 'grade-6', 'grade-7', 'grade-8', 'grade-9',
  'upper-secondary', 'upper-secondary', 'upper-secondary', 'upper-secondary',
];

type Entry = (typeof entries)[number];
const textsOf = (e: Entry) =>
  [e.title, e.shortDescription, e.organisation.name, e.venueName, ...[...e.categories, ...e.keywords].map((id) => labels.get(id))]
    .flatMap((text) => Object.values(text ?? {}))
    .filter((value): value is string => typeof value === 'string');

// Worked out once, for speed only: each entry's words, each start's Helsinki day.
const wordsOf = new Map(entries.map((e) => [e, textsOf(e).flatMap(searchWords)]));
const dayOf = new Map(entries.flatMap((e) => e.occurrences.map((o) => [o.start, localDateOf(new Date(o.start))])));

function reference(input: Record<string, string>): string[] {
  const query = listOfferingsQuery.parse(input);
  // The rules read plainly: not begun yet, and on a Helsinki calendar day within the range.
  const inRange = (start: string) => {
    const day = dayOf.get(start)!;
    return start >= now.toISOString() && (!query.from || day >= query.from) && (!query.to || day <= query.to);
  };
  const wanted = query.q === undefined ? [] : searchWords(query.q);
  return entries
    .filter((e) => e.published)
    .filter((e) => !query.studyLevel || e.studyLevels.some((l) => query.studyLevel!.includes(l)))
    .filter((e) => query.age === undefined || (e.studyLevels as string[]).includes(levelOfAge[query.age]!))
    .filter((e) => !query.area || (e.area !== undefined && query.area.includes(e.area)))
    .filter((e) => !query.category || e.categories.some((c) => query.category!.includes(c)))
    .filter((e) => !query.accessibility || query.accessibility.every((f) => e.accessibility.includes(f)))
    .filter((e) => !query.free || e.priceCents === 0)
    .filter((e) => wanted.every((prefix) => wordsOf.get(e)!.some((word) => word.startsWith(prefix))))
    .map((e) => ({
      e,
      first: e.occurrences
        .filter((o) => !o.cancelled && inRange(o.start))
        .filter((o) => !query.language || o.languages.some((l) => query.language!.includes(l)))
        .filter((o) => !query.hasFreeSeats || occurrenceAvailability(e.enrolment, o, now).status === 'open')
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

/** A query word as a person might type one: the start of a word of some offering, in any case, sometimes one that is nowhere. */
function typedWord(): string {
  if (random.chance(0.1)) return random.pick(['xyzzy', 'kasveja', 'ääniä', 'ÅBO', '3d']);
  const words = textsOf(random.pick(entries)).flatMap((text) => text.split(/[\s–,.:?!()]+/)).filter(Boolean);
  const word = random.pick(words);
  const prefix = word.slice(0, random.int(1, Math.min(word.length, 8)));
  return random.chance(0.3) ? prefix.toUpperCase() : prefix;
}

describe('catalogue search against a plain reference', () => {
  it('returns exactly the reference’s offerings in the reference’s order, for 400 random queries, page by page', () => {
    const some = <T extends string>(values: readonly T[], most = 3) =>
      Array.from({ length: random.int(1, most) }, () => random.pick(values)).join(',');
    const today = localDateOf(now);
    let nonEmpty = 0;
    for (let i = 0; i < 400; i++) {
      const input: Record<string, string> = { limit: String(random.int(1, 30)) };
      if (random.chance(0.3)) input.q = Array.from({ length: random.int(1, 3) }, typedWord).join(random.pick([' ', ', ', ' - ']));
      if (random.chance(0.3)) input.studyLevel = some(studyLevels);
      if (random.chance(0.2)) input.age = String(random.int(0, 19));
      if (random.chance(0.3)) input.area = some(areaIds);
      if (random.chance(0.2)) input.language = some(offeringLanguages);
      if (random.chance(0.25)) input.category = some(categoryIds);
      if (random.chance(0.2)) input.accessibility = some(accessibilityFeatures, 2);
      if (random.chance(0.2)) input.free = random.pick(['true', 'false']);
      if (random.chance(0.2)) input.hasFreeSeats = random.pick(['true', 'false']);
      if (random.chance(0.4)) {
        const from = addLocalDays(today, random.int(-5, 60));
        input.from = from;
        if (random.chance(0.7)) input.to = addLocalDays(from, random.int(0, 40));
      }
      const expected = reference(input);
      if (expected.length > 0) nonEmpty++;
      expect(allPages(input), JSON.stringify(input)).toEqual(expected);
    }
    // Random filters mostly combine to nothing; enough of them must find something to prove much.
    expect(nonEmpty).toBeGreaterThan(150);
  }, 60_000);
});
