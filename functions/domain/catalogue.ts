import { ulid } from 'ulid';
import * as z from 'zod';
import { locales, type LocalizedText } from '../../shared/locale.ts';
import { studyLevelOfAge, type ListOfferingsQuery, type OfferingCard, type OfferingPage } from '../../shared/schemas/api.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Offering } from '../../shared/schemas/offering.ts';
import type { Organisation } from '../../shared/schemas/organisation.ts';
import type { Venue } from '../../shared/schemas/venue.ts';
import { vocabularyNames } from '../../shared/schemas/vocabulary.ts';
import { firstAtOrAfter, queryWords, searchWords } from '../../shared/search-text.ts';
import { endOfLocalDay, startOfLocalDay } from '../../shared/time.ts';
import { accessibilityFeatures, areaIds, offeringLanguages, studyLevels, type StudyLevel } from '../../shared/vocabularies.ts';
import {
  getCatalogueEntry,
  listCatalogueChanges,
  listCatalogueEntriesBuiltBefore,
  putCatalogueEntry,
  type CatalogueEntry,
} from '../db/catalogue.ts';
import { getOfferingWithOccurrences } from '../db/offering.ts';
import { getOrganisation } from '../db/organisation.ts';
import { getVenues } from '../db/venue.ts';
import { listTerms } from '../db/vocabulary.ts';
import { occurrenceAvailability, offeringAvailability, seatsFreeOf } from './availability.ts';
import { ValidationError } from './errors.ts';
import { logger } from '../logger.ts';

/**
 * Public search. Every published offering has a small catalogue entry; each process keeps all
 * entries in memory (CatalogueIndex), catching up on changed entries by revision, and answers
 * searches from an immutable snapshot (Catalogue). A city has thousands of offerings, not
 * millions, so this answers any mix of filters without a Scan, where DynamoDB indexes alone
 * would need an index per filter combination. See docs/architecture.md.
 */

/** Revisions order an entry's rebuilds: the build time, then a ULID to break ties. */
const newRevision = (now: Date) => `${now.toISOString()}#${ulid()}`;

export function buildCatalogueEntry(input: {
  offering: Offering;
  occurrences: Occurrence[];
  organisation: Organisation;
  venues: Map<string, Venue>;
  now: Date;
}): CatalogueEntry {
  const { offering, organisation, venues, now } = input;
  const venue = offering.location.kind === 'venue' ? venues.get(offering.location.venueId) : undefined;
  const builtAt = now.toISOString();
  return {
    offeringId: offering.id,
    // Experiences of the culture-godchild module are for a cohort's families, not school groups.
    published: offering.status === 'published' && !offering.godchild,
    revision: newRevision(now),
    title: offering.title,
    shortDescription: offering.shortDescription,
    image: offering.image,
    studyLevels: offering.studyLevels,
    languages: offering.languages,
    priceCents: offering.priceCents,
    location: offering.location,
    organisation: { id: organisation.id, name: organisation.name },
    venueName: venue?.name,
    area: venue?.area,
    accessibility: venue?.accessibility ?? [],
    categories: offering.categories,
    keywords: offering.keywords,
    enrolment: {
      mode: offering.enrolment.mode,
      opensAt: offering.enrolment.opensAt,
      closesDaysBefore: offering.enrolment.closesDaysBefore,
    },
    occurrences: input.occurrences
      .map((o) => ({
        id: o.id,
        // Normalised to toISOString()'s fixed width: search compares and slices them as strings.
        start: new Date(o.start).toISOString(),
        end: new Date(o.end).toISOString(),
        languages: o.languages,
        unit: o.capacity.unit,
        seatsFree: seatsFreeOf(o),
        minGroupSize: o.groupSize.min,
        cancelled: o.cancelled !== undefined,
      }))
      .filter((o) => o.start >= builtAt)
      .sort((a, b) => a.start.localeCompare(b.start)),
    builtAt,
  };
}

/** Rebuilds one offering's catalogue entry from the stored offering, occurrences, venue and organisation. */
export async function refreshCatalogueEntry(offeringId: string, now = new Date()): Promise<void> {
  const found = await getOfferingWithOccurrences(offeringId);
  if (!found) {
    // The offering is gone: its entry stays as a tombstone, so readers syncing by revision drop it.
    const entry = await getCatalogueEntry(offeringId);
    if (entry?.published) await putCatalogueEntry({ ...entry, published: false, builtAt: now.toISOString(), revision: newRevision(now) });
    return;
  }
  const venueIds = found.offering.location.kind === 'venue' ? [found.offering.location.venueId] : [];
  const [organisation, venues] = await Promise.all([getOrganisation(found.offering.organisationId), getVenues(venueIds)]);
  if (!organisation) throw new Error(`Offering ${offeringId} names a missing organisation`);
  await putCatalogueEntry(buildCatalogueEntry({ ...found, organisation, venues, now }));
}

/**
 * Rebuilds the entries not rebuilt for a day: an entry keeps the occurrences upcoming when it
 * was built, so without upkeep a long-lived offering's entry would grow with its past. Works
 * through every stale entry until `budgetMs` runs out; an entry that fails is logged and
 * skipped, so one bad offering cannot hold up the rest.
 */
export async function refreshStaleCatalogueEntries(
  now: Date,
  options: { budgetMs?: number; pageSize?: number } = {},
): Promise<{ rebuilt: number; failed: number }> {
  const { budgetMs = 4 * 60_000, pageSize = 200 } = options;
  const deadline = Date.now() + budgetMs;
  const before = new Date(now.getTime() - 24 * 3_600_000);
  let rebuilt = 0;
  let failed = 0;
  let next: Record<string, unknown> | undefined;
  do {
    const page = await listCatalogueEntriesBuiltBefore(before, pageSize, next);
    for (const offeringId of page.offeringIds) {
      if (Date.now() > deadline) return { rebuilt, failed };
      try {
        await refreshCatalogueEntry(offeringId, new Date());
        rebuilt++;
      } catch (error) {
        failed++;
        logger.error('Could not rebuild a catalogue entry', { offeringId, error });
      }
    }
    next = page.next;
  } while (next);
  return { rebuilt, failed };
}

type ChangeSource = (afterRevision?: string) => Promise<CatalogueEntry[]>;
/** The labels of vocabulary terms (categories and keywords) by id, which free text searches too. */
export type TermLabels = ReadonlyMap<string, LocalizedText>;
type TermSource = () => Promise<TermLabels>;

export type CatalogueIndexOptions = {
  /** Answers from memory without asking for changes when the last catch-up is this recent. */
  freshMs: number;
  /** Up to this age, answers from memory and catches up in the background; older, it waits. */
  staleMs: number;
  /** A full reload now and then heals anything a delta could have missed. */
  fullReloadMs: number;
  /** Re-read recent revisions: index propagation and writers' clocks can lag a little. */
  overlapMs: number;
};

/**
 * The in-memory copy of the catalogue, kept current by revision. Under load a process asks for
 * changes at most once per `freshMs`, in the background, so a search never waits on DynamoDB
 * except on a cold start or after `staleMs` of quiet.
 */
export class CatalogueIndex {
  private entries = new Map<string, CatalogueEntry>();
  /** Immutable: rebuilt after a catch-up that changed something, so searches never see one half-applied. */
  private snapshot = new Catalogue([]);
  private highestRevision: string | undefined;
  private syncedAt = Number.NEGATIVE_INFINITY;
  private loadedAt = Number.NEGATIVE_INFINITY;
  private syncing: Promise<void> | undefined;

  private labels: TermLabels = new Map();

  private readonly changes: ChangeSource;
  private readonly terms: TermSource;
  private readonly options: CatalogueIndexOptions;

  /** Term labels are read with every full load: a renamed term reaches search within `fullReloadMs`. */
  constructor(changes: ChangeSource, options: Partial<CatalogueIndexOptions> = {}, terms: TermSource = async () => new Map()) {
    this.changes = changes;
    this.terms = terms;
    this.options = { freshMs: 1000, staleMs: 10_000, fullReloadMs: 5 * 60_000, overlapMs: 5000, ...options };
  }

  /** The catalogue, as current as the freshness rules above make them. */
  async current(now: Date): Promise<Catalogue> {
    const age = now.getTime() - this.syncedAt;
    if (age >= this.options.staleMs) await this.sync(now.getTime());
    else if (age >= this.options.freshMs) {
      this.sync(now.getTime()).catch((error: unknown) => logger.warn('Catalogue catch-up failed', { error }));
    }
    return this.snapshot;
  }

  /** One catch-up read at a time; callers arriving meanwhile share it. */
  private sync(now: number): Promise<void> {
    this.syncing ??= this.catchUp(now).finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async catchUp(now: number): Promise<void> {
    if (this.highestRevision === undefined || now - this.loadedAt >= this.options.fullReloadMs) {
      // Built aside and swapped in whole, so searches meanwhile see the previous copy.
      const fresh = new Map<string, CatalogueEntry>();
      const [entries, labels] = await Promise.all([this.changes(), this.terms()]);
      this.apply(fresh, entries);
      this.entries = fresh;
      this.labels = labels;
      this.snapshot = new Catalogue(fresh.values(), labels);
      this.loadedAt = now;
    } else {
      const seen = Date.parse(this.highestRevision.slice(0, 24));
      const changed = this.apply(this.entries, await this.changes(new Date(seen - this.options.overlapMs).toISOString()));
      if (changed) this.snapshot = new Catalogue(this.entries.values(), this.labels);
    }
    this.syncedAt = now;
  }

  /** Keeps the newer revision of each entry in `entries`; returns whether any entry was replaced. */
  private apply(entries: Map<string, CatalogueEntry>, changes: CatalogueEntry[]): boolean {
    let changed = false;
    for (const entry of changes) {
      const known = entries.get(entry.offeringId);
      if (!known || known.revision < entry.revision) {
        entries.set(entry.offeringId, entry);
        changed = true;
      }
      if (this.highestRevision === undefined || entry.revision > this.highestRevision) this.highestRevision = entry.revision;
    }
    return changed;
  }
}

const cursor = z.object({ after: z.string().min(1).max(200), filters: z.string(), from: z.iso.datetime() });
type Cursor = z.infer<typeof cursor>;

/** A short fingerprint of the filters, so a cursor cannot be replayed against another query. */
function fingerprint(query: ListOfferingsQuery, words: readonly string[] | undefined): string {
  const { cursor: _cursor, limit: _limit, q: _q, ...filters } = query;
  // Free text by its folded words: "Muse" and "muse" are one search.
  const canonical = JSON.stringify({ ...filters, q: words });
  let hash = 0x811c9dc5;
  for (let i = 0; i < canonical.length; i++) hash = Math.imul(hash ^ canonical.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

function decodeCursor(value: string, filters: string): Cursor {
  try {
    const decoded = cursor.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    if (decoded.filters === filters) return decoded;
  } catch {
    // Falls through to the same answer as a cursor of another query.
  }
  throw new ValidationError([{ in: 'query', path: ['cursor'], message: 'invalidCursor' }]);
}

const encodeCursor = (value: Cursor) => Buffer.from(JSON.stringify(value)).toString('base64url');

type Slot = CatalogueEntry['occurrences'][number];

/**
 * An offering as search sees it: its study levels, area, languages and venue accessibility as
 * bitmasks, and its bookable (not cancelled) occurrences sorted by start, each with its
 * languages as a bitmask. `index` is its position in the catalogue's rows, for per-search flags.
 */
type Row = { index: number; entry: CatalogueEntry; levels: number; area: number; languages: number; accessibility: number; slots: RowSlot[] };
type RowSlot = { start: string; languages: number; slot: Slot };
type Found = { key: string; row: Row };
/** Rows listed under one key each (a study level, an area, a category), and how to tell that a row was listed under an earlier one. */
type Group = { lists: Row[][]; listedEarlier: (row: Row, list: number) => boolean };

const bit = <T>(values: readonly T[]) => {
  const positions = new Map(values.map((value, i) => [value, 2 ** i]));
  return (wanted: readonly T[] | undefined) => (wanted ?? []).reduce((mask, value) => mask | (positions.get(value) ?? 0), 0);
};
const levelBits = bit(studyLevels);
const languageBits = bit(offeringLanguages);
const areaBits = bit(areaIds);
const accessibilityBits = bit(accessibilityFeatures);

function append<K, V>(index: Map<K, V[]>, key: K, value: V): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

/** Roughly how many upcoming occurrences an offering has; only steers the choice of strategy. */
const averageSlots = 10;

const wordsOfText = (text: LocalizedText | undefined) => (text ? locales.flatMap((l) => (text[l] ? searchWords(text[l]) : [])) : []);

/**
 * An entry's own searchable words in every language: title, short description, organisation
 * and venue. Snapshots share the entries that did not change, so each is folded only once.
 */
const entryWords = new WeakMap<CatalogueEntry, string[]>();
function wordsOfEntry(entry: CatalogueEntry): string[] {
  let words = entryWords.get(entry);
  if (!words) {
    words = [...new Set([entry.title, entry.shortDescription, entry.organisation.name, entry.venueName].flatMap(wordsOfText))];
    entryWords.set(entry, words);
  }
  return words;
}

/**
 * Every word of the catalogue's searchable texts, sorted, each with the rows that have it
 * (ascending). Built once per snapshot; a search finds the words a query word begins by binary
 * search, so it touches only the rows that have them.
 */
class WordIndex {
  private readonly words: string[];
  private readonly rowsOf: number[][];

  constructor(wordsByRow: readonly (readonly string[])[]) {
    const rowsByWord = new Map<string, number[]>();
    wordsByRow.forEach((words, row) => {
      for (const word of words) {
        const rows = rowsByWord.get(word);
        if (!rows) rowsByWord.set(word, [row]);
        else if (rows[rows.length - 1] !== row) rows.push(row);
      }
    });
    this.words = [...rowsByWord.keys()].sort();
    this.rowsOf = this.words.map((word) => rowsByWord.get(word) as number[]);
  }

  /** The rows having, for every query word, a word that it begins: flags by row, and the rows. */
  matching(query: readonly string[], rowCount: number): { has: Uint8Array; rows: number[] } {
    // hits[row] = how many query words, in order, the row has matched; a later word counts only
    // for rows that matched every earlier one, and only once however many of its words it begins.
    const hits = new Uint8Array(rowCount);
    const rows: number[] = [];
    query.forEach((prefix, k) => {
      const last = k === query.length - 1;
      for (let i = firstAtOrAfter(this.words, prefix); i < this.words.length && (this.words[i] as string).startsWith(prefix); i++) {
        for (const row of this.rowsOf[i] as number[]) {
          if (hits[row] !== k) continue;
          hits[row] = k + 1;
          if (last) rows.push(row);
        }
      }
    });
    const has = new Uint8Array(rowCount);
    for (const row of rows) has[row] = 1;
    return { has, rows };
  }
}

/**
 * An immutable copy of the published catalogue, with every bookable occurrence on one timeline
 * sorted by start (then offering id). A search walks the timeline from the window's start and
 * takes each offering at its first matching occurrence, so results come out already sorted by
 * next occurrence and a page usually costs a few dozen steps, not a pass over every offering.
 * Narrow filters instead start from ready-made lists by study level, area, category or the
 * words of the free text.
 */
export class Catalogue {
  private readonly rows: Row[] = [];
  private readonly timeline: { key: string; start: string; row: Row; slot: RowSlot }[] = [];
  private readonly byLevel = new Map<string, Row[]>();
  private readonly byArea = new Map<string, Row[]>();
  private readonly byCategory = new Map<string, Row[]>();
  private readonly words: WordIndex;

  /** `labels`: the category and keyword labels by term id, searched as words of the offerings that have them. */
  constructor(entries: Iterable<CatalogueEntry>, labels: TermLabels = new Map()) {
    const termWords = new Map<string, string[]>();
    const wordsOfTerm = (id: string) => {
      let words = termWords.get(id);
      if (!words) termWords.set(id, (words = wordsOfText(labels.get(id))));
      return words;
    };
    const wordsByRow: string[][] = [];
    for (const entry of entries) {
      if (!entry.published) continue;
      const slots = entry.occurrences
        .filter((slot) => !slot.cancelled)
        .map((slot) => ({ start: slot.start, languages: languageBits(slot.languages), slot }))
        .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
      const row: Row = {
        index: this.rows.length,
        entry,
        levels: levelBits(entry.studyLevels),
        area: entry.area ? areaBits([entry.area]) : 0,
        languages: slots.reduce((mask, slot) => mask | slot.languages, 0),
        accessibility: accessibilityBits(entry.accessibility),
        slots,
      };
      this.rows.push(row);
      wordsByRow.push([...wordsOfEntry(entry), ...entry.categories.flatMap(wordsOfTerm), ...entry.keywords.flatMap(wordsOfTerm)]);
      for (const level of entry.studyLevels) append(this.byLevel, level, row);
      if (entry.area) append(this.byArea, entry.area, row);
      for (const category of new Set(entry.categories)) append(this.byCategory, category, row);
      for (const slot of slots) this.timeline.push({ key: `${slot.start}#${entry.offeringId}`, start: slot.start, row, slot });
    }
    this.timeline.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.words = new WordIndex(wordsByRow);
  }

  /** How many published offerings it holds. */
  get size(): number {
    return this.rows.length;
  }

  /**
   * Published offerings matching every filter, each with at least one occurrence starting in
   * the date window (in a wanted language, and open with free seats when asked), sorted by the
   * first such occurrence, then by id; keyset-paged by that key.
   */
  search(query: ListOfferingsQuery, now: Date): OfferingPage {
    const words = query.q === undefined ? undefined : queryWords(query.q);
    // A query of no words (only punctuation, say) filters nothing.
    const text = words?.length ? this.words.matching(words, this.rows.length) : undefined;
    const filters = fingerprint(query, words);
    const previous = query.cursor === undefined ? undefined : decodeCursor(query.cursor, filters);
    const after = previous?.after;
    // Later pages keep the first page's window, so an occurrence starting meanwhile cannot
    // move its offering to a later page and list it twice.
    const from =
      previous?.from ?? new Date(Math.max(now.getTime(), query.from ? startOfLocalDay(query.from).getTime() : 0)).toISOString();
    const until = query.to ? endOfLocalDay(query.to).toISOString() : '9999';
    const levels = levelBits(query.studyLevel);
    const ageLevel = query.age === undefined ? undefined : studyLevelOfAge(query.age);
    const ageLevels = levelBits(ageLevel && [ageLevel]);
    const areas = areaBits(query.area);
    const languages = languageBits(query.language);
    const accessibility = accessibilityBits(query.accessibility);
    const categories = query.category;
    const freeOnly = query.free === true;
    const seatsNow = query.hasFreeSeats === true;
    const inWindow = (row: Row, slot: RowSlot) =>
      slot.start >= from &&
      slot.start < until &&
      (languages === 0 || (slot.languages & languages) !== 0) &&
      (!seatsNow || occurrenceAvailability(row.entry.enrolment, slot.slot, now).status === 'open');
    const matches = (row: Row) =>
      (levels === 0 || (row.levels & levels) !== 0) &&
      (ageLevels === 0 || (row.levels & ageLevels) !== 0) &&
      (areas === 0 || (row.area & areas) !== 0) &&
      (languages === 0 || (row.languages & languages) !== 0) &&
      (accessibility === 0 || (row.accessibility & accessibility) === accessibility) &&
      (!freeOnly || row.entry.priceCents === 0) &&
      (categories === undefined || categories.some((category) => row.entry.categories.includes(category))) &&
      (text === undefined || text.has[row.index] === 1);

    const walkFrom = after !== undefined && after > from ? after.slice(0, from.length) : from;
    const begin = this.firstAtOrAfter(walkFrom);
    // Narrow filters leave few candidates: checking those directly beats walking a long
    // stretch of timeline that mostly belongs to others. With many candidates the walk usually
    // fills the page in a few steps, so it goes first, for as many steps as there are
    // candidates (about what checking them costs), and the candidates are checked if it
    // has not finished by then.
    const narrowed = levels || ageLevels || areas || languages || accessibility || freeOnly || categories || text;
    const candidates = narrowed ? this.candidates(query, ageLevel, text?.rows, matches) : undefined;
    const wanted = query.limit + 1;
    const found =
      candidates && candidates.length * averageSlots < this.timeline.length - begin
        ? (this.walk(begin, until, after, wanted, inWindow, matches, candidates.length) ?? this.bestOf(candidates, inWindow, after, wanted))
        : (this.walk(begin, until, after, wanted, inWindow, matches) as Found[]);

    const page = found.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(({ row }) => toCard(row.entry, row.slots.filter((slot) => inWindow(row, slot)).map((s) => s.slot), now)),
      nextCursor: found.length > query.limit && last ? encodeCursor({ after: last.key, filters, from }) : null,
    };
  }

  /**
   * The rows matching the offering-level filters, gathered from the smallest of the lists the
   * filters name (by study level, age, area, category, free-text words), or from every row.
   */
  private candidates(
    query: ListOfferingsQuery,
    ageLevel: StudyLevel | undefined,
    textRows: number[] | undefined,
    matches: (row: Row) => boolean,
  ): Row[] {
    const groups: Group[] = [];
    /** A row has one area, but several study levels and categories: it may be listed under an earlier key already. */
    const earlierMasks = (masks: number[]) => masks.map((_, list) => masks.slice(0, list).reduce((all, mask) => all | mask, 0));
    if (query.studyLevel) {
      const earlier = earlierMasks(query.studyLevel.map((key) => levelBits([key])));
      groups.push({
        lists: query.studyLevel.map((key) => this.byLevel.get(key) ?? []),
        listedEarlier: (row, list) => (row.levels & (earlier[list] as number)) !== 0,
      });
    }
    if (ageLevel) groups.push({ lists: [this.byLevel.get(ageLevel) ?? []], listedEarlier: () => false });
    if (query.area) {
      const earlier = earlierMasks(query.area.map((key) => areaBits([key])));
      groups.push({
        lists: query.area.map((key) => this.byArea.get(key) ?? []),
        listedEarlier: (row, list) => (row.area & (earlier[list] as number)) !== 0,
      });
    }
    if (query.category) {
      const keys = query.category;
      groups.push({
        lists: keys.map((key) => this.byCategory.get(key) ?? []),
        listedEarlier: (row, list) => {
          for (let k = 0; k < list; k++) if (row.entry.categories.includes(keys[k] as string)) return true;
          return false;
        },
      });
    }
    if (textRows) groups.push({ lists: [textRows.map((i) => this.rows[i] as Row)], listedEarlier: () => false });

    const sizeOf = (group: Group) => group.lists.reduce((sum, list) => sum + list.length, 0);
    const smallest = groups.reduce<Group | undefined>((best, g) => (!best || sizeOf(g) < sizeOf(best) ? g : best), undefined);
    if (!smallest || sizeOf(smallest) >= this.rows.length) return this.rows.filter(matches);
    const result: Row[] = [];
    smallest.lists.forEach((list, i) => {
      for (const row of list) if (!smallest.listedEarlier(row, i) && matches(row)) result.push(row);
    });
    return result;
  }

  /**
   * In timeline order from `begin`, each offering at its first matching occurrence, up to
   * `wanted`; undefined if `steps` run out before it has them all or has reached the end.
   */
  private walk(
    begin: number,
    until: string,
    after: string | undefined,
    wanted: number,
    inWindow: (row: Row, slot: RowSlot) => boolean,
    matches: (row: Row) => boolean,
    steps = Number.POSITIVE_INFINITY,
  ): Found[] | undefined {
    const firstSlot = new Map<Row, RowSlot | undefined>();
    const found: Found[] = [];
    for (let i = begin; i < this.timeline.length && found.length < wanted; i++) {
      if (i - begin >= steps) return undefined;
      const { key, start, row, slot } = this.timeline[i] as (typeof this.timeline)[number];
      if (start >= until) break;
      if (after !== undefined && key <= after) continue;
      if (!matches(row) || !inWindow(row, slot)) continue;
      // Only at its first matching occurrence; the later ones would list it twice.
      if (!firstSlot.has(row)) firstSlot.set(row, row.slots.find((s) => inWindow(row, s)));
      if (firstSlot.get(row) === slot) found.push({ key, row });
    }
    return found;
  }

  /** The `wanted` candidates with the smallest keys, by insertion into a short sorted list. */
  private bestOf(candidates: Row[], inWindow: (row: Row, slot: RowSlot) => boolean, after: string | undefined, wanted: number): Found[] {
    const best: Found[] = [];
    let worstStart: string | undefined;
    for (const row of candidates) {
      const first = row.slots.find((slot) => inWindow(row, slot));
      if (!first) continue;
      // Most candidates start after the worst kept one: settle that without building a key.
      if (worstStart !== undefined && first.start > worstStart) continue;
      const key = `${first.start}#${row.entry.offeringId}`;
      if (after !== undefined && key <= after) continue;
      if (best.length === wanted && key >= (best[wanted - 1] as Found).key) continue;
      let at = best.length;
      while (at > 0 && (best[at - 1] as Found).key > key) at--;
      best.splice(at, 0, { key, row });
      if (best.length > wanted) best.pop();
      if (best.length === wanted) worstStart = (best[wanted - 1] as Found).key.slice(0, first.start.length);
    }
    return best;
  }

  /** Binary search: the first timeline position whose start is at or after `start`. */
  private firstAtOrAfter(start: string): number {
    let low = 0;
    let high = this.timeline.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.timeline[mid] as { start: string }).start < start) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function toCard(entry: CatalogueEntry, slots: CatalogueEntry['occurrences'], now: Date): OfferingCard {
  const next = slots[0];
  return {
    id: entry.offeringId,
    title: entry.title,
    shortDescription: entry.shortDescription,
    studyLevels: entry.studyLevels,
    languages: entry.languages,
    priceCents: entry.priceCents,
    image: entry.image,
    organisation: entry.organisation,
    location: { kind: entry.location.kind, venueName: entry.venueName, area: entry.area },
    nextOccurrence: next ? { start: next.start, end: next.end } : undefined,
    upcomingOccurrences: slots.length,
    availability: offeringAvailability(entry.enrolment, slots, now),
  };
}

/** Category and keyword labels, for free text; both vocabularies are small partitions, one Query each. */
async function termLabels(): Promise<TermLabels> {
  const terms = (await Promise.all(vocabularyNames.map((name) => listTerms(name)))).flat();
  return new Map(terms.map((term) => [term.id, term.label]));
}

const catalogue = new CatalogueIndex((after) => listCatalogueChanges(after), {}, termLabels);

/** Use case: search published offerings. */
export async function searchOfferings(query: ListOfferingsQuery, now = new Date()): Promise<OfferingPage> {
  return (await catalogue.current(now)).search(query, now);
}
