/**
 * The matcher's working form of a round: the units that can take a seat (eligible, with at least
 * one suitable occurrence) in priority order, the occurrences in their seeded tie order, and dense
 * arrays for the persons and satisfaction of every (unit, occurrence) pair.
 */
import type { InviteKind, MatchInput, MatchOccurrence, MatchPreferences, MatchUnit, UnassignedReason } from '../matcher.ts';
import { drawOf, lotteryOrder } from './random.ts';

export const KINDS: readonly InviteKind[] = ['child-and-one', 'child-and-up-to-two', 'family'];
/** Marks a pair that breaks a hard rule in `Model.sat`. */
export const UNSUITABLE = 255;

/** Persons a unit takes in an occurrence of the given invite kind: its children and who comes with them. */
export function personsFor(unit: Pick<MatchUnit, 'childIds' | 'guardians' | 'otherChildren'>, invite: InviteKind): number {
  const children = unit.childIds.length;
  if (invite === 'child-and-one') return children + 1;
  if (invite === 'child-and-up-to-two') return children + Math.min(unit.guardians, 2);
  return children + unit.guardians + unit.otherChildren;
}

/**
 * Satisfaction in twelfths (an integer 0..12): met dimensions × 12 / stated dimensions. Up to four
 * dimensions can be stated, so 12 makes every value exact and sums compare without rounding.
 */
export function satisfactionTwelfths(prefs: MatchPreferences | null, occ: MatchOccurrence): number {
  if (prefs === null) return 12;
  let stated = 0;
  let met = 0;
  if (prefs.languages.length > 0) {
    stated++;
    if (prefs.languages.some((l) => occ.languages.includes(l))) met++;
  }
  if (prefs.areas.length > 0) {
    stated++;
    if (occ.area !== null && prefs.areas.includes(occ.area)) met++;
  }
  if (prefs.weekdays.length > 0) {
    stated++;
    if (prefs.weekdays.includes(occ.weekday)) met++;
  }
  if (prefs.timesOfDay.length > 0) {
    stated++;
    if (prefs.timesOfDay.includes(occ.timeOfDay)) met++;
  }
  return stated === 0 ? 12 : (met * 12) / stated;
}

/**
 * satisfactionTwelfths for every occurrence at once. Per dimension, the occurrences a stated list
 * meets are computed once per distinct list (a round has few: 'fi', ['sv', 'fi'], weekends, ...).
 */
function satisfactionRow(prefs: MatchPreferences | null, occurrences: MatchOccurrence[], metCache: Map<string, Uint8Array>): Uint8Array {
  const row = new Uint8Array(occurrences.length);
  if (prefs === null) return row.fill(12);
  const dimensions: [string, (o: MatchOccurrence) => boolean][] = [];
  if (prefs.languages.length > 0) dimensions.push([`l${prefs.languages}`, (o) => prefs.languages.some((l) => o.languages.includes(l))]);
  if (prefs.areas.length > 0) dimensions.push([`a${prefs.areas}`, (o) => o.area !== null && prefs.areas.includes(o.area)]);
  if (prefs.weekdays.length > 0) dimensions.push([`w${prefs.weekdays}`, (o) => prefs.weekdays.includes(o.weekday)]);
  if (prefs.timesOfDay.length > 0) dimensions.push([`t${prefs.timesOfDay}`, (o) => prefs.timesOfDay.includes(o.timeOfDay)]);
  if (dimensions.length === 0) return row.fill(12);
  for (const [key, meets] of dimensions) {
    let met = metCache.get(key);
    if (met === undefined) {
      met = new Uint8Array(occurrences.length);
      for (let o = 0; o < met.length; o++) met[o] = meets(occurrences[o]!) ? 1 : 0;
      metCache.set(key, met);
    }
    for (let o = 0; o < row.length; o++) row[o]! += met[o]!;
  }
  const per = 12 / dimensions.length;
  for (let o = 0; o < row.length; o++) row[o]! *= per;
  return row;
}

/** The hard rules other than size: accessibility needs and event groups already attended. */
export function passesHardRules(unit: MatchUnit, occ: MatchOccurrence): boolean {
  if (occ.eventGroup !== undefined && unit.attendedEventGroups.includes(occ.eventGroup)) return false;
  const needs = unit.preferences?.accessibilityNeeds ?? [];
  return needs.every((need) => occ.accessibility.includes(need));
}

export const seatsOf = (occ: MatchOccurrence): number => Math.max(0, Math.floor(occ.capacity));

export type Model = {
  /** Units that can take a seat, in priority order (fewer past experiences, then the lottery). */
  units: MatchUnit[];
  /** Occurrences in their seeded tie order; indices below refer to this order. */
  occurrences: MatchOccurrence[];
  n: number;
  m: number;
  /** Priority tier of each unit: the rank of its pastExperiences among the distinct values, 0 first. */
  tier: Int32Array;
  tiers: number;
  children: Int32Array;
  /** persons[u * 3 + kind] for the three invite kinds. */
  persons: Int32Array;
  kind: Uint8Array;
  cap: Int32Array;
  /** sat[u][o]: satisfaction in twelfths, or UNSUITABLE (hard rules or too many persons). Units with equal rows share one. */
  sat: Uint8Array[];
  /** Each unit's suitable occurrences, best satisfaction first, then least contested, then tie order. */
  suitable: Int32Array[];
  bestSat: Uint8Array;
  /** The fewest persons any unit brings to any occurrence: less free room is no room. */
  minPersons: number;
  /** Units with the same class have identical rows of sat and the same persons (the bound groups them). */
  rowClass: Int32Array;
  /** Units with the same class pass the same occurrences and bring the same persons. */
  hardClass: Int32Array;
};

export type Prepared = {
  model: Model;
  /** Every input unit in priority order; the excluded ones with why. */
  excluded: { unit: MatchUnit; reason: Exclude<UnassignedReason, 'no-capacity'> }[];
};

export function priorityOrder(units: readonly MatchUnit[], seed: string): MatchUnit[] {
  const drawn = lotteryOrder(units, (u) => u.id, seed, 'priority');
  const rank = new Map(drawn.map((u, i) => [u, i]));
  return [...units].sort((a, b) => a.pastExperiences - b.pastExperiences || rank.get(a)! - rank.get(b)!);
}

export function checkInput(input: MatchInput): void {
  const units = new Set<string>();
  for (const u of input.units) {
    if (units.has(u.id)) throw new RangeError(`Unit ${u.id} appears twice in the round`);
    if (u.childIds.length === 0) throw new RangeError(`Unit ${u.id} has no children`);
    units.add(u.id);
  }
  const occurrences = new Set<string>();
  for (const o of input.occurrences) {
    if (occurrences.has(o.id)) throw new RangeError(`Occurrence ${o.id} appears twice in the round`);
    occurrences.add(o.id);
  }
}

export function prepare(input: MatchInput): Prepared {
  checkInput(input);
  const occurrences = [...input.occurrences].sort(
    (a, b) => drawOf(input.seed, 'occurrence', a.id) - drawOf(input.seed, 'occurrence', b.id) || (a.id < b.id ? -1 : 1),
  );
  const m = occurrences.length;
  const cap = Int32Array.from(occurrences, seatsOf);
  const kind = Uint8Array.from(occurrences, (o) => KINDS.indexOf(o.invite));

  // Rows shared by units with the same preferences, and masks by the same hard-rule signature.
  const satRows = new Map<string, Uint8Array>();
  const metCache = new Map<string, Uint8Array>();
  const hardMasks = new Map<string, Uint8Array>();
  const rows = new Map<string, Uint8Array>();
  const smallest = cap.reduce((a, b) => Math.min(a, b), Infinity);
  const unsuitableRows = new Set<Uint8Array>();
  const ordered = priorityOrder(input.units, input.seed);
  const excluded: Prepared['excluded'] = [];
  const kept: { unit: MatchUnit; row: Uint8Array; persons: [number, number, number]; rowClass: number; hardClass: number }[] = [];
  const rowClasses = new Map<string, number>();
  const hardClasses = new Map<string, number>();
  for (const unit of ordered) {
    if (unit.remainingThisYear <= 0) {
      excluded.push({ unit, reason: 'yearly-limit' });
      continue;
    }
    const prefsKey = JSON.stringify(unit.preferences && [unit.preferences.languages, unit.preferences.areas, unit.preferences.weekdays, unit.preferences.timesOfDay]);
    let satRow = satRows.get(prefsKey);
    if (satRow === undefined) {
      satRow = satisfactionRow(unit.preferences, occurrences, metCache);
      satRows.set(prefsKey, satRow);
    }
    const hardKey = JSON.stringify([unit.preferences?.accessibilityNeeds ?? [], unit.attendedEventGroups]);
    let mask = hardMasks.get(hardKey);
    if (mask === undefined) {
      mask = new Uint8Array(m);
      for (let o = 0; o < m; o++) mask[o] = passesHardRules(unit, occurrences[o]!) ? 1 : 0;
      hardMasks.set(hardKey, mask);
    }
    const persons: [number, number, number] = [personsFor(unit, KINDS[0]!), personsFor(unit, KINDS[1]!), personsFor(unit, KINDS[2]!)];
    // Persons matter to the row only where an occurrence is too small for them.
    const rowKey = `${prefsKey}|${hardKey}|${Math.max(...persons) <= smallest ? '' : persons.join()}`;
    let row = rows.get(rowKey);
    if (row === undefined) {
      row = new Uint8Array(m);
      let suits = false;
      for (let o = 0; o < m; o++) {
        const ok = mask[o] === 1 && persons[kind[o]!]! <= cap[o]!;
        row[o] = ok ? satRow[o]! : UNSUITABLE;
        suits ||= ok;
      }
      rows.set(rowKey, row);
      if (!suits) unsuitableRows.add(row);
    }
    if (unsuitableRows.has(row)) {
      excluded.push({ unit, reason: 'no-suitable-occurrence' });
      continue;
    }
    const rowClassKey = `${rowKey}|${persons.join()}`;
    if (!rowClasses.has(rowClassKey)) rowClasses.set(rowClassKey, rowClasses.size);
    const hardClassKey = `${hardKey}|${persons.join()}`;
    if (!hardClasses.has(hardClassKey)) hardClasses.set(hardClassKey, hardClasses.size);
    kept.push({ unit, row, persons, rowClass: rowClasses.get(rowClassKey)!, hardClass: hardClasses.get(hardClassKey)! });
  }

  const n = kept.length;
  const tierValues = [...new Set(kept.map((k) => k.unit.pastExperiences))].sort((a, b) => a - b);
  const tier = Int32Array.from(kept, (k) => tierValues.indexOf(k.unit.pastExperiences));
  const children = Int32Array.from(kept, (k) => k.unit.childIds.length);
  const persons = new Int32Array(n * 3);
  kept.forEach((k, u) => persons.set(k.persons, u * 3));

  // Per distinct row: its best satisfaction, and how many units share it.
  const rowInfo = new Map<Uint8Array, { best: number; units: number; persons: [number, number, number] }>();
  for (const k of kept) {
    const info = rowInfo.get(k.row);
    if (info !== undefined) {
      info.units++;
      continue;
    }
    let best = 0;
    for (let o = 0; o < m; o++) if (k.row[o] !== UNSUITABLE && k.row[o]! > best) best = k.row[o]!;
    rowInfo.set(k.row, { best, units: 1, persons: k.persons });
  }
  const bestSat = Uint8Array.from(kept, (k) => rowInfo.get(k.row)!.best);

  // How contested each occurrence is: every unit whose satisfaction varies spreads its persons over
  // the occurrences it likes best. Units indifferent between occurrences then prefer the less
  // contested ones, leaving the popular ones to those who asked for them.
  const demand = new Float64Array(m);
  for (const [row, info] of rowInfo) {
    let top = 0;
    let worst = 12;
    for (let o = 0; o < m; o++) {
      if (row[o] === UNSUITABLE) continue;
      if (row[o]! < worst) worst = row[o]!;
      if (row[o] === info.best) top++;
    }
    if (worst === info.best) continue;
    for (let o = 0; o < m; o++) if (row[o] === info.best) demand[o]! += (info.units * info.persons[kind[o]!]!) / top;
  }
  const pressure = Float64Array.from(demand, (d, o) => d / Math.max(1, cap[o]!));
  const byPressure = Array.from({ length: m }, (_, o) => o).sort((a, b) => pressure[a]! - pressure[b]! || a - b);

  // In descending satisfaction, then ascending pressure: bucket by satisfaction (13 levels) while
  // walking the occurrences in pressure order. Units with the same row share the list.
  const suitableCache = new Map<Uint8Array, Int32Array>();
  const levelCount = new Int32Array(13);
  const levelStart = new Int32Array(13);
  const suitable = kept.map((k) => {
    const cached = suitableCache.get(k.row);
    if (cached !== undefined) return cached;
    levelCount.fill(0);
    for (let o = 0; o < m; o++) if (k.row[o] !== UNSUITABLE) levelCount[k.row[o]!]!++;
    let at = 0;
    for (let level = 12; level >= 0; level--) {
      levelStart[level] = at;
      at += levelCount[level]!;
    }
    const sorted = new Int32Array(at);
    for (const o of byPressure) if (k.row[o] !== UNSUITABLE) sorted[levelStart[k.row[o]!]!++] = o;
    suitableCache.set(k.row, sorted);
    return sorted;
  });

  return {
    model: {
      units: kept.map((k) => k.unit),
      occurrences,
      n,
      m,
      tier,
      tiers: tierValues.length,
      children,
      persons,
      kind,
      cap,
      sat: kept.map((k) => k.row),
      suitable,
      bestSat,
      minPersons: persons.reduce((a, b) => Math.min(a, b), Infinity),
      rowClass: Int32Array.from(kept, (k) => k.rowClass),
      hardClass: Int32Array.from(kept, (k) => k.hardClass),
    },
    excluded,
  };
}
