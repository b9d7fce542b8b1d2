import { ulid } from 'ulid';
import { describe, expect, it, vi } from 'vitest';
import type { CatalogueEntry } from '../../functions/db/catalogue.ts';
import { Catalogue, CatalogueIndex } from '../../functions/domain/catalogue.ts';
import { ValidationError } from '../../functions/domain/errors.ts';
import { listOfferingsQuery, type ListOfferingsQuery } from '../../shared/schemas/api.ts';

const now = new Date('2026-12-01T08:00:00Z');

function entry(overrides: Partial<CatalogueEntry> & { starts?: string[] } = {}): CatalogueEntry {
  const { starts = ['2026-12-10T08:00:00.000Z'], ...rest } = overrides;
  return {
    offeringId: ulid(),
    published: true,
    revision: `2026-12-01T07:00:00.000Z#${ulid()}`,
    title: { fi: 'Satutunti' },
    shortDescription: { fi: 'Satuja pienille' },
    studyLevels: ['age-3-4'],
    languages: ['fi'],
    priceCents: 0,
    location: { kind: 'virtual' },
    organisation: { id: ulid(), name: { fi: 'Kirjasto' } },
    area: 'central',
    accessibility: [],
    categories: [],
    keywords: [],
    enrolment: { mode: 'internal', closesDaysBefore: 0 },
    occurrences: starts.map((start) => ({
      id: ulid(),
      start,
      end: new Date(Date.parse(start) + 3_600_000).toISOString(),
      languages: ['fi'],
      unit: 'persons',
      seatsFree: 20,
      minGroupSize: 1,
      cancelled: false,
    })),
    builtAt: '2026-12-01T07:00:00.000Z',
    ...rest,
  };
}

const query = (input: Record<string, string> = {}): ListOfferingsQuery => listOfferingsQuery.parse(input);

describe('Catalogue.search', () => {
  it('lists published offerings by their next occurrence and leaves out unpublished ones', () => {
    const later = entry({ starts: ['2026-12-20T08:00:00.000Z'] });
    const sooner = entry({ starts: ['2026-12-05T08:00:00.000Z', '2026-12-25T08:00:00.000Z'] });
    const hidden = entry({ published: false, starts: ['2026-12-02T08:00:00.000Z'] });
    const page = new Catalogue([later, hidden, sooner]).search(query(), now);
    expect(page.items.map((i) => i.id)).toEqual([sooner.offeringId, later.offeringId]);
    expect(page.items[0]?.upcomingOccurrences).toBe(2);
  });

  it('ignores occurrences that have begun or are cancelled', () => {
    const past = entry({ starts: ['2026-11-30T08:00:00.000Z'] });
    const cancelled = entry();
    cancelled.occurrences[0]!.cancelled = true;
    expect(new Catalogue([past, cancelled]).search(query(), now).items).toEqual([]);
  });

  it('matches any of the wanted study levels, languages and areas', () => {
    const preschool = entry({ studyLevels: ['preschool', 'grade-1'] });
    const grade9 = entry({ studyLevels: ['grade-9'], area: 'eastern' });
    const swedish = entry({ studyLevels: ['grade-9'] });
    swedish.occurrences[0]!.languages = ['sv'];
    const all = [preschool, grade9, swedish];
    expect(new Catalogue(all).search(query({ studyLevel: 'grade-1,grade-2' }), now).items.map((i) => i.id)).toEqual([preschool.offeringId]);
    expect(new Catalogue(all).search(query({ area: 'eastern' }), now).items.map((i) => i.id)).toEqual([grade9.offeringId]);
    expect(new Catalogue(all).search(query({ language: 'sv' }), now).items.map((i) => i.id)).toEqual([swedish.offeringId]);
  });

  it('keeps offerings with an occurrence in the date range, sorted by that occurrence', () => {
    const early = entry({ starts: ['2026-12-03T08:00:00.000Z', '2027-01-20T08:00:00.000Z'] });
    const january = entry({ starts: ['2027-01-10T08:00:00.000Z'] });
    const page = new Catalogue([january, early]).search(query({ from: '2027-01-01', to: '2027-01-31' }), now);
    expect(page.items.map((i) => i.id)).toEqual([january.offeringId, early.offeringId]);
    expect(page.items[1]?.nextOccurrence?.start).toBe('2027-01-20T08:00:00.000Z');
  });

  it('counts the last day of the range whole, in Helsinki time', () => {
    // 23:30 on 31 January in Helsinki is 21:30 UTC.
    const lateEvening = entry({ starts: ['2027-01-31T21:30:00.000Z'] });
    expect(new Catalogue([lateEvening]).search(query({ to: '2027-01-31' }), now).items).toHaveLength(1);
    expect(new Catalogue([lateEvening]).search(query({ to: '2027-01-30' }), now).items).toHaveLength(0);
  });

  it('pages through every match exactly once with cursors', () => {
    const entries = Array.from({ length: 23 }, (_, i) =>
      entry({ starts: [new Date(Date.UTC(2026, 11, 2 + (i % 5), 8)).toISOString()] }),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = new Catalogue(entries).search(query({ limit: '5', ...(cursor ? { cursor } : {}) }), now);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
  });

  it('lists an offering once, at its first occurrence matching every filter', () => {
    const both = entry({ starts: ['2026-12-03T08:00:00.000Z', '2026-12-04T08:00:00.000Z'] });
    both.occurrences[0]!.languages = ['sv'];
    const other = entry({ starts: ['2026-12-03T09:00:00.000Z'] });
    const page = new Catalogue([both, other]).search(query({ language: 'fi' }), now);
    expect(page.items.map((i) => i.id)).toEqual([other.offeringId, both.offeringId]);
    expect(page.items[1]?.nextOccurrence?.start).toBe('2026-12-04T08:00:00.000Z');
  });

  it('pages correctly when many offerings share a start time', () => {
    const entries = Array.from({ length: 9 }, () => entry({ starts: ['2026-12-03T08:00:00.000Z', '2026-12-05T08:00:00.000Z'] }));
    const first = new Catalogue(entries).search(query({ limit: '4' }), now);
    const second = new Catalogue(entries).search(query({ limit: '4', cursor: first.nextCursor! }), now);
    const third = new Catalogue(entries).search(query({ limit: '4', cursor: second.nextCursor! }), now);
    const ids = [...first.items, ...second.items, ...third.items].map((i) => i.id);
    expect(ids).toEqual(entries.map((e) => e.offeringId).sort());
    expect(third.nextCursor).toBeNull();
  });

  it('keeps the first page’s window on later pages, so an offering whose next occurrence began meanwhile is not listed twice', () => {
    const first = entry({ starts: ['2026-12-01T08:30:00.000Z', '2026-12-09T08:00:00.000Z'] });
    const second = entry({ starts: ['2026-12-02T08:00:00.000Z'] });
    const catalogue = new Catalogue([first, second]);
    const page1 = catalogue.search(query({ limit: '1' }), now);
    expect(page1.items.map((i) => i.id)).toEqual([first.offeringId]);
    // An hour later the first offering's first occurrence has begun; its next is on the 9th.
    const page2 = catalogue.search(query({ limit: '1', cursor: page1.nextCursor! }), new Date('2026-12-01T09:00:00Z'));
    expect(page2.items.map((i) => i.id)).toEqual([second.offeringId]);
    expect(page2.nextCursor).toBeNull();
  });

  it('refuses a malformed cursor and a cursor from another search, naming the field', () => {
    const entries = [entry(), entry(), entry()];
    const { nextCursor } = new Catalogue(entries).search(query({ limit: '1' }), now);
    expect(nextCursor).toBeTruthy();
    for (const bad of ['not-a-cursor', Buffer.from('{"after":1}').toString('base64url')]) {
      expect(() => new Catalogue(entries).search(query({ cursor: bad }), now)).toThrow(ValidationError);
    }
    try {
      new Catalogue(entries).search(query({ cursor: nextCursor as string, area: 'eastern' }), now);
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).fields).toEqual([{ in: 'query', path: ['cursor'], message: 'invalidCursor' }]);
    }
  });

  it('shows why enrolment is not possible when no occurrence is open', () => {
    const full = entry();
    full.occurrences[0]!.seatsFree = 0;
    expect(new Catalogue([full]).search(query(), now).items[0]?.availability).toEqual({ status: 'full', seatsFree: 0, unit: 'persons' });
  });
});

describe('Catalogue.search by free text', () => {
  const ids = (catalogue: Catalogue, q: string) => catalogue.search(query({ q }), now).items.map((i) => i.id);
  const museum = entry({ title: { fi: 'Museon aarteet', sv: 'Museets skatter' }, shortDescription: { fi: 'Kierros näyttelyssä' } });
  const story = entry({ title: { fi: 'Satuhetki' }, shortDescription: { fi: 'Tarinoita ja kasveja', en: 'Stories and plants' } });
  const catalogue = new Catalogue([museum, story]);

  it('finds an offering by the start of any word of its title, in any case', () => {
    expect(ids(catalogue, 'muse')).toEqual([museum.offeringId]);
    expect(ids(catalogue, 'SATU')).toEqual([story.offeringId]);
    expect(ids(catalogue, 'skatt')).toEqual([museum.offeringId]);
  });

  it('ignores diacritics on either side', () => {
    expect(ids(catalogue, 'nayttely')).toEqual([museum.offeringId]);
    expect(ids(catalogue, 'KÁSVEJÄ')).toEqual([story.offeringId]);
  });

  it('needs every word of the query, each the start of some word', () => {
    expect(ids(catalogue, 'museon kierros')).toEqual([museum.offeringId]);
    expect(ids(catalogue, 'museon satu')).toEqual([]);
    // Prefixes only: no stemming, and no match inside a word.
    expect(ids(catalogue, 'kasvit')).toEqual([]);
    expect(ids(catalogue, 'hetki')).toEqual([]);
  });

  it('searches the organisation, the venue and the labels of categories and keywords in every language', () => {
    const category = ulid();
    const keyword = ulid();
    const labelled = entry({
      organisation: { id: ulid(), name: { fi: 'Kaupunginorkesteri' } },
      venueName: { fi: 'Konserttitalo', sv: 'Konserthuset' },
      categories: [category],
      keywords: [keyword],
    });
    const labels = new Map([
      [category, { fi: 'Musiikki', sv: 'Musik', en: 'Music' }],
      [keyword, { fi: 'Laulu', sv: 'Sång', en: 'Singing' }],
    ]);
    const withLabels = new Catalogue([labelled, museum], labels);
    for (const q of ['kaupunginork', 'konserthus', 'musiik', 'music', 'sang', 'singing']) expect(ids(withLabels, q), q).toEqual([labelled.offeringId]);
    // Without the vocabularies' labels, the ids alone find nothing.
    expect(ids(new Catalogue([labelled]), 'music')).toEqual([]);
  });

  it('treats a query of no words as no text filter', () => {
    expect(ids(catalogue, ' – ! ')).toHaveLength(2);
  });

  it('keeps a cursor across case and diacritics of the same words, and refuses it for other words', () => {
    const many = Array.from({ length: 3 }, (_, i) => entry({ title: { fi: `Museo ${i}` } }));
    const first = new Catalogue(many).search(query({ q: 'museo', limit: '1' }), now);
    expect(new Catalogue(many).search(query({ q: 'MUSEO', limit: '1', cursor: first.nextCursor! }), now).items).toHaveLength(1);
    expect(() => new Catalogue(many).search(query({ q: 'muse', limit: '1', cursor: first.nextCursor! }), now)).toThrow(ValidationError);
  });
});

describe('Catalogue.search by age, category, price, accessibility and free seats', () => {
  const ids = (catalogue: Catalogue, input: Record<string, string>) => catalogue.search(query(input), now).items.map((i) => i.id);

  it('maps an age to the study level children of that age are in', () => {
    const toddlers = entry({ studyLevels: ['age-0-2'] });
    const preschool = entry({ studyLevels: ['preschool'] });
    const first = entry({ studyLevels: ['grade-1'] });
    const ninth = entry({ studyLevels: ['grade-9'] });
    const upper = entry({ studyLevels: ['upper-secondary'] });
    const catalogue = new Catalogue([toddlers, preschool, first, ninth, upper]);
    expect(ids(catalogue, { age: '2' })).toEqual([toddlers.offeringId]);
    expect(ids(catalogue, { age: '6' })).toEqual([preschool.offeringId]);
    expect(ids(catalogue, { age: '7' })).toEqual([first.offeringId]);
    expect(ids(catalogue, { age: '15' })).toEqual([ninth.offeringId]);
    expect(ids(catalogue, { age: '19' })).toEqual([upper.offeringId]);
    // With a study level as well, both must match.
    expect(ids(catalogue, { age: '7', studyLevel: 'grade-9' })).toEqual([]);
  });

  it('matches any of the wanted categories', () => {
    const [music, theatre, dance] = [ulid(), ulid(), ulid()];
    const concert = entry({ categories: [music] });
    const musical = entry({ categories: [music, theatre] });
    const ballet = entry({ categories: [dance] });
    const catalogue = new Catalogue([concert, musical, ballet]);
    expect(ids(catalogue, { category: theatre })).toEqual([musical.offeringId]);
    expect(ids(catalogue, { category: `${music},${theatre}` }).sort()).toEqual([concert.offeringId, musical.offeringId].sort());
  });

  it('keeps only free offerings when asked', () => {
    const free = entry({ priceCents: 0 });
    const paid = entry({ priceCents: 500 });
    expect(ids(new Catalogue([free, paid]), { free: 'true' })).toEqual([free.offeringId]);
    expect(ids(new Catalogue([free, paid]), { free: 'false' })).toHaveLength(2);
  });

  it('needs every wanted accessibility feature at the venue', () => {
    const full = entry({ accessibility: ['step-free-access', 'lift', 'hearing-loop'] });
    const partly = entry({ accessibility: ['step-free-access'] });
    const online = entry({ accessibility: [] });
    const catalogue = new Catalogue([full, partly, online]);
    expect(ids(catalogue, { accessibility: 'step-free-access' }).sort()).toEqual([full.offeringId, partly.offeringId].sort());
    expect(ids(catalogue, { accessibility: 'step-free-access,hearing-loop' })).toEqual([full.offeringId]);
  });

  it('with free seats wanted, keeps offerings with an occurrence open now with seats free, listed by that occurrence', () => {
    const laterOpen = entry({ starts: ['2026-12-03T08:00:00.000Z', '2026-12-20T08:00:00.000Z'] });
    laterOpen.occurrences[0]!.seatsFree = 0;
    const notOpenYet = entry({ enrolment: { mode: 'internal', closesDaysBefore: 0, opensAt: '2026-12-05T08:00:00.000Z' } });
    const external = entry({ enrolment: { mode: 'external', closesDaysBefore: 0 } });
    const closed = entry({ starts: ['2026-12-03T08:00:00.000Z'], enrolment: { mode: 'internal', closesDaysBefore: 7 } });
    const page = new Catalogue([laterOpen, notOpenYet, external, closed]).search(query({ hasFreeSeats: 'true' }), now);
    expect(page.items.map((i) => i.id)).toEqual([laterOpen.offeringId]);
    expect(page.items[0]?.nextOccurrence?.start).toBe('2026-12-20T08:00:00.000Z');
    expect(page.items[0]?.availability).toEqual({ status: 'open', seatsFree: 20, unit: 'persons' });
  });
});

describe('CatalogueIndex', () => {
  const later = (ms: number) => new Date(now.getTime() + ms);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('loads everything once, then asks only for what changed since the newest revision it saw', async () => {
    const first = entry({ revision: '2026-12-01T07:00:00.000Z#A' });
    const changes = vi.fn().mockResolvedValueOnce([first]).mockResolvedValue([]);
    const index = new CatalogueIndex(changes, { freshMs: 0, staleMs: 0 });
    await index.current(now);
    await index.current(later(1));
    expect(changes).toHaveBeenNthCalledWith(1);
    // Re-reads five seconds back, because index propagation and writers' clocks may lag.
    expect(changes).toHaveBeenNthCalledWith(2, '2026-12-01T06:59:55.000Z');
  });

  it('reads the vocabularies’ labels with every full load, and keeps them for catch-ups', async () => {
    const category = ulid();
    const tagged = entry({ revision: '2026-12-01T07:00:00.000Z#A', categories: [category] });
    const terms = vi
      .fn()
      .mockResolvedValueOnce(new Map([[category, { fi: 'Musiikki' }]]))
      .mockResolvedValue(new Map([[category, { fi: 'Sävelet' }]]));
    const index = new CatalogueIndex(vi.fn().mockResolvedValue([tagged]), { freshMs: 0, staleMs: 0, fullReloadMs: 1000 }, terms);
    const found = async (at: Date, q: string) => (await index.current(at)).search(query({ q }), now).items.length;
    expect(await found(now, 'musiikki')).toBe(1);
    expect(await found(later(1), 'musiikki')).toBe(1);
    expect(terms).toHaveBeenCalledTimes(1);
    // A renamed term is found by its new label from the next full load.
    expect(await found(later(1000), 'savelet')).toBe(1);
    expect(await found(later(1001), 'musiikki')).toBe(0);
  });

  it('answers from memory without asking while fresh', async () => {
    const changes = vi.fn().mockResolvedValue([entry()]);
    const index = new CatalogueIndex(changes, { freshMs: 1000 });
    await index.current(now);
    await index.current(later(999));
    expect(changes).toHaveBeenCalledTimes(1);
  });

  it('catches up in the background when a little stale, and waits when very stale', async () => {
    const added = entry({ revision: '2026-12-01T07:10:00.000Z#B' });
    const changes = vi.fn().mockResolvedValueOnce([entry()]).mockResolvedValue([added]);
    const index = new CatalogueIndex(changes, { freshMs: 1000, staleMs: 10_000 });
    await index.current(now);
    // A little stale: this answer is the old copy; the catch-up lands for the next one.
    expect((await index.current(later(1500))).size).toBe(1);
    await settle();
    expect((await index.current(later(1600))).size).toBe(2);

    const quiet = new CatalogueIndex(vi.fn().mockResolvedValueOnce([entry()]).mockResolvedValue([added]), { staleMs: 10_000 });
    await quiet.current(now);
    expect((await quiet.current(later(10_000))).size).toBe(2);
  });

  it('replaces an entry only with a newer revision, so an unpublished offering disappears', async () => {
    const published = entry({ revision: '2026-12-01T07:00:00.000Z#A' });
    const unpublished = { ...published, published: false, revision: '2026-12-01T07:05:00.000Z#B' };
    const changes = vi.fn().mockResolvedValueOnce([published]).mockResolvedValueOnce([unpublished]).mockResolvedValue([published]);
    const index = new CatalogueIndex(changes, { freshMs: 0, staleMs: 0 });
    expect((await index.current(now)).search(query(), now).items).toHaveLength(1);
    expect((await index.current(later(1))).search(query(), now).items).toHaveLength(0);
    // An older revision re-read in the overlap window does not bring it back.
    expect((await index.current(later(2))).search(query(), now).items).toHaveLength(0);
  });

  it('shares one catch-up read among concurrent searches', async () => {
    const changes = vi.fn().mockResolvedValue([entry()]);
    const index = new CatalogueIndex(changes);
    await Promise.all([index.current(now), index.current(now), index.current(now)]);
    expect(changes).toHaveBeenCalledTimes(1);
  });

  it('reloads in full after the reload interval, dropping entries no longer stored', async () => {
    const gone = entry({ revision: '2026-12-01T07:00:00.000Z#A' });
    const kept = entry({ revision: '2026-12-01T07:00:00.000Z#B' });
    const changes = vi.fn().mockResolvedValueOnce([gone, kept]).mockResolvedValue([kept]);
    const index = new CatalogueIndex(changes, { freshMs: 0, staleMs: 0, fullReloadMs: 1000 });
    await index.current(now);
    const after = await index.current(later(1000));
    expect(changes).toHaveBeenNthCalledWith(2);
    expect(after.search(query(), now).items.map((i) => i.id)).toEqual([kept.offeringId]);
  });

  it('keeps answering from the old copy when a background catch-up fails', async () => {
    const changes = vi.fn().mockResolvedValueOnce([entry()]).mockRejectedValue(new Error('throttled'));
    const index = new CatalogueIndex(changes, { freshMs: 1000, staleMs: 10_000 });
    await index.current(now);
    expect((await index.current(later(2000))).size).toBe(1);
    await settle();
    expect((await index.current(later(2100))).size).toBe(1);
  });
});
