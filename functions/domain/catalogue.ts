import { ulid } from 'ulid';
import * as z from 'zod';
import type { ListOfferingsQuery, OfferingCard, OfferingPage } from '../../shared/schemas/api.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Offering } from '../../shared/schemas/offering.ts';
import type { Organisation } from '../../shared/schemas/organisation.ts';
import type { Venue } from '../../shared/schemas/venue.ts';
import { endOfLocalDay, startOfLocalDay } from '../../shared/time.ts';
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
import { offeringAvailability } from './availability.ts';
import { ValidationError } from './errors.ts';
import { logger } from '../logger.ts';

/**
 * Public search. Every published offering has a small catalogue entry; each process keeps
 * all entries in memory, brought up to date before each search by one Query for the entries
 * changed since the last one it saw, and filters, sorts and pages them there. A city has
 * thousands of offerings, not millions, so this answers any mix of filters in one cheap Query
 * where DynamoDB indexes alone would need a Scan or an index per filter combination.
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
    published: offering.status === 'published',
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
    enrolment: {
      mode: offering.enrolment.mode,
      opensAt: offering.enrolment.opensAt,
      closesDaysBefore: offering.enrolment.closesDaysBefore,
    },
    occurrences: input.occurrences
      // Normalised to toISOString()'s fixed width: search compares and slices them as strings.
      .map((o) => ({ ...o, start: new Date(o.start).toISOString(), end: new Date(o.end).toISOString() }))
      .filter((o) => o.start >= builtAt)
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((o) => ({
        id: o.id,
        start: o.start,
        end: o.end,
        languages: o.languages,
        unit: o.capacity.unit,
        seatsFree: Math.max(0, o.capacity.total - o.seatsTaken),
        minGroupSize: o.groupSize.min,
        cancelled: o.cancelled !== undefined,
      })),
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

  private readonly changes: ChangeSource;
  private readonly options: CatalogueIndexOptions;

  constructor(changes: ChangeSource, options: Partial<CatalogueIndexOptions> = {}) {
    this.changes = changes;
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
      const all = await this.changes();
      // Built aside and swapped in whole, so searches meanwhile see the previous copy.
      const fresh = new CatalogueIndex(this.changes, this.options);
      fresh.apply(all);
      this.entries = fresh.entries;
      this.highestRevision = fresh.highestRevision ?? this.highestRevision;
      this.snapshot = new Catalogue(this.entries.values());
      this.loadedAt = now;
    } else {
      const seen = Date.parse(this.highestRevision.slice(0, 24));
      const changed = this.apply(await this.changes(new Date(seen - this.options.overlapMs).toISOString()));
      if (changed) this.snapshot = new Catalogue(this.entries.values());
    }
    this.syncedAt = now;
  }

  /** Whether any entry was replaced. */
  private apply(changes: CatalogueEntry[]): boolean {
    let changed = false;
    for (const entry of changes) {
      const known = this.entries.get(entry.offeringId);
      if (!known || known.revision < entry.revision) {
        this.entries.set(entry.offeringId, entry);
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
function fingerprint(query: ListOfferingsQuery): string {
  const canonical = JSON.stringify([query.studyLevel, query.language, query.area, query.from, query.to]);
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

const overlaps = <T>(wanted: readonly T[] | undefined, have: readonly T[]) =>
  !wanted || wanted.some((value) => have.includes(value));

type Slot = CatalogueEntry['occurrences'][number];
type Found = { key: string; entry: CatalogueEntry };

function append<K, V>(index: Map<K, V[]>, key: K, value: V): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

/** Roughly how many upcoming occurrences an offering has; only steers the choice of strategy. */
const averageSlots = 10;

/**
 * An immutable copy of the published catalogue, with every bookable occurrence on one timeline
 * sorted by start (then offering id). A search walks the timeline from the window's start and
 * takes each offering at its first matching occurrence, so results come out already sorted by
 * next occurrence and a page usually costs a few dozen steps, not a pass over every offering.
 */
export class Catalogue {
  private readonly published: CatalogueEntry[] = [];
  private readonly timeline: { key: string; start: string; entry: CatalogueEntry; slot: Slot }[] = [];
  /** Every language any occurrence of an offering is held in. */
  private readonly languages = new Map<CatalogueEntry, string[]>();
  /** Offerings by study level and by area, so narrow filters start from their few candidates. */
  private readonly byLevel = new Map<string, CatalogueEntry[]>();
  private readonly byArea = new Map<string, CatalogueEntry[]>();

  constructor(entries: Iterable<CatalogueEntry>) {
    for (const entry of entries) {
      if (!entry.published) continue;
      this.published.push(entry);
      this.languages.set(entry, [...new Set(entry.occurrences.flatMap((o) => o.languages))]);
      for (const level of entry.studyLevels) append(this.byLevel, level, entry);
      if (entry.area) append(this.byArea, entry.area, entry);
      for (const slot of entry.occurrences) {
        if (!slot.cancelled) this.timeline.push({ key: `${slot.start}#${entry.offeringId}`, start: slot.start, entry, slot });
      }
    }
    this.timeline.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** How many published offerings it holds. */
  get size(): number {
    return this.published.length;
  }

  /**
   * Published offerings matching every filter, each with at least one occurrence starting in
   * the date window, sorted by the first such occurrence, then by id; keyset-paged by that key.
   */
  search(query: ListOfferingsQuery, now: Date): OfferingPage {
    const filters = fingerprint(query);
    const previous = query.cursor === undefined ? undefined : decodeCursor(query.cursor, filters);
    const after = previous?.after;
    // Later pages keep the first page's window, so an occurrence starting meanwhile cannot
    // move its offering to a later page and list it twice.
    const from =
      previous?.from ?? new Date(Math.max(now.getTime(), query.from ? startOfLocalDay(query.from).getTime() : 0)).toISOString();
    const until = query.to ? endOfLocalDay(query.to).toISOString() : '9999';
    const inWindow = (o: Slot) => !o.cancelled && o.start >= from && o.start < until && overlaps(query.language, o.languages);
    const matchesOffering = (entry: CatalogueEntry) =>
      overlaps(query.studyLevel, entry.studyLevels) &&
      (!query.area || (entry.area !== undefined && query.area.includes(entry.area))) &&
      overlaps(query.language, this.languages.get(entry) ?? []);

    const walkFrom = after !== undefined && after > from ? after.slice(0, from.length) : from;
    const begin = this.firstAtOrAfter(walkFrom);
    // Narrow filters (a rare level, area or language) leave few candidates: checking those
    // directly beats walking a long stretch of timeline that mostly belongs to others.
    const candidates = query.studyLevel || query.area || query.language ? this.candidates(query, matchesOffering) : undefined;
    const found =
      candidates && candidates.length * averageSlots < this.timeline.length - begin
        ? this.bestOf(candidates, inWindow, after, query.limit + 1)
        : this.walk(begin, until, after, query.limit + 1, inWindow, candidates ? new Set(candidates) : undefined);

    const page = found.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(({ entry }) => toCard(entry, entry.occurrences.filter(inWindow), now)),
      nextCursor: found.length > query.limit && last ? encodeCursor({ after: last.key, filters, from }) : null,
    };
  }

  /**
   * The offerings matching the offering-level filters, gathered from the smaller of the
   * by-level and by-area lists (each offering once, without building a set).
   */
  private candidates(query: ListOfferingsQuery, matches: (entry: CatalogueEntry) => boolean): CatalogueEntry[] {
    const dimensions = [
      ...(query.studyLevel
        ? [{ index: this.byLevel, keys: query.studyLevel, has: (e: CatalogueEntry, key: string) => e.studyLevels.includes(key as never) }]
        : []),
      ...(query.area ? [{ index: this.byArea, keys: query.area, has: (e: CatalogueEntry, key: string) => e.area === key }] : []),
    ];
    const sizeOf = (d: (typeof dimensions)[number]) => d.keys.reduce((sum, key) => sum + (d.index.get(key)?.length ?? 0), 0);
    const smallest = dimensions.reduce<(typeof dimensions)[number] | undefined>(
      (best, d) => (best === undefined || sizeOf(d) < sizeOf(best) ? d : best),
      undefined,
    );
    if (!smallest || sizeOf(smallest) >= this.published.length) return this.published.filter(matches);
    const result: CatalogueEntry[] = [];
    smallest.keys.forEach((key, i) => {
      const earlierKeys = smallest.keys.slice(0, i);
      for (const entry of smallest.index.get(key) ?? []) {
        // Listed under an earlier key too: already taken.
        if (earlierKeys.some((earlier) => smallest.has(entry, earlier))) continue;
        if (matches(entry)) result.push(entry);
      }
    });
    return result;
  }

  /** In timeline order from `begin`, each offering at its first matching occurrence, up to `wanted`. */
  private walk(
    begin: number,
    until: string,
    after: string | undefined,
    wanted: number,
    inWindow: (slot: Slot) => boolean,
    candidates: Set<CatalogueEntry> | undefined,
  ): Found[] {
    const firstSlot = new Map<CatalogueEntry, Slot | undefined>();
    const found: Found[] = [];
    for (let i = begin; i < this.timeline.length && found.length < wanted; i++) {
      const { key, start, entry, slot } = this.timeline[i] as (typeof this.timeline)[number];
      if (start >= until) break;
      if (after !== undefined && key <= after) continue;
      if (!inWindow(slot) || (candidates && !candidates.has(entry))) continue;
      // Only at its first matching occurrence; the later ones would list it twice.
      if (!firstSlot.has(entry)) firstSlot.set(entry, entry.occurrences.find(inWindow));
      if (firstSlot.get(entry) === slot) found.push({ key, entry });
    }
    return found;
  }

  /** The `wanted` candidates with the smallest keys, by insertion into a short sorted list. */
  private bestOf(candidates: CatalogueEntry[], inWindow: (slot: Slot) => boolean, after: string | undefined, wanted: number): Found[] {
    const best: Found[] = [];
    for (const entry of candidates) {
      const first = entry.occurrences.find(inWindow);
      if (!first) continue;
      // Most candidates start after the worst kept one: settle that without building a key.
      const worst = best.length === wanted ? (best[wanted - 1] as Found).key : undefined;
      if (worst !== undefined && first.start > worst.slice(0, first.start.length)) continue;
      const key = `${first.start}#${entry.offeringId}`;
      if (after !== undefined && key <= after) continue;
      if (worst !== undefined && key >= worst) continue;
      let at = best.length;
      while (at > 0 && (best[at - 1] as Found).key > key) at--;
      best.splice(at, 0, { key, entry });
      if (best.length > wanted) best.pop();
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

const catalogue = new CatalogueIndex((after) => listCatalogueChanges(after));

/** Use case: search published offerings. */
export async function searchOfferings(query: ListOfferingsQuery, now = new Date()): Promise<OfferingPage> {
  return (await catalogue.current(now)).search(query, now);
}
