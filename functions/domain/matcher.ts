/**
 * The allocation matcher of culture-godchild rounds: gives each eligible family unit of a cohort
 * at most one occurrence, siblings together, capacity never exceeded, fewer past experiences
 * first, then preferences met as well as possible. Pure: no I/O, deterministic for a seed.
 * docs/matching.md explains the objective, the algorithm, its guarantees and its cost.
 */
import { Allocation, compareAllocations } from './matcher/allocation.ts';
import { satisfactionBound, seatedBound } from './matcher/bound.ts';
import { exactSearch } from './matcher/exact.ts';
import { type Model, type Prepared, prepare, priorityOrder as unitsInPriorityOrder, satisfactionTwelfths, seatsOf } from './matcher/model.ts';
import { lotteryOrder } from './matcher/random.ts';
import { heuristic } from './matcher/search.ts';

export { personsFor } from './matcher/model.ts';

export type InviteKind = 'child-and-one' | 'child-and-up-to-two' | 'family';
/** ISO weekday, Monday = 1. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export type TimeOfDay = 'morning' | 'afternoon' | 'evening';

export type MatchOccurrence = {
  id: string;
  /** Free persons (seats) in this occurrence for the round. */
  capacity: number;
  invite: InviteKind;
  languages: string[];
  /** Venue area id; null for virtual or none. */
  area: string | null;
  weekday: Weekday;
  timeOfDay: TimeOfDay;
  /** Features the venue has: 'step-free', 'hearing-loop', 'quiet-space', ... */
  accessibility: string[];
  /** A child gets at most one event of a group over the whole year. */
  eventGroup?: string;
};

/** Every list empty = no preference on that dimension. */
export type MatchPreferences = {
  languages: string[];
  areas: string[];
  weekdays: Weekday[];
  timesOfDay: TimeOfDay[];
  /** Hard: the occurrence must have every need. */
  accessibilityNeeds: string[];
};

/** One family's children of this cohort; siblings always go together. */
export type MatchUnit = {
  /** Family id. */
  id: string;
  /** At least one (twins etc. are 2+). */
  childIds: string[];
  guardians: 1 | 2;
  /** Other children coming when the invite is 'family' (0..6). */
  otherChildren: number;
  /** Experiences the unit's children have had so far (the most of any of them); fewer go first. */
  pastExperiences: number;
  /** Least over the children of (yearly limit − used this year); <= 0 means not eligible. */
  remainingThisYear: number;
  /** Event groups any of the children already attended: those occurrences are excluded. */
  attendedEventGroups: string[];
  /** null = stated nothing (every occurrence is equally fine). */
  preferences: MatchPreferences | null;
};

export type MatchInput = { units: MatchUnit[]; occurrences: MatchOccurrence[]; seed: string };

export type UnassignedReason = 'yearly-limit' | 'no-suitable-occurrence' | 'no-capacity';

export type MatchResult = {
  /** In priority order. */
  assignments: { unitId: string; occurrenceId: string; persons: number; satisfaction: number }[];
  /**
   * Ordered as a waitlist, who should get a freed seat first: units that lost out on capacity in
   * priority order (fewer past experiences, then the round's lottery), then units no occurrence
   * suits, then units at their yearly limit.
   */
  unassigned: { unitId: string; reason: UnassignedReason }[];
  stats: {
    units: number;
    /** Every child of every unit, eligible or not. */
    children: number;
    childrenAssigned: number;
    /** childrenAssigned / children: a share of all children, including those at their yearly limit. */
    shareAssigned: number;
    /** Over assigned units; 0 when none is assigned. */
    meanSatisfaction: number;
    /** occurrenceId -> persons assigned / capacity (0 for an occurrence without seats). */
    fillRate: Record<string, number>;
    /**
     * Proven upper bounds. childrenAssigned (and its share): no allocation respecting capacity and
     * the hard rules seats more children, whatever the priority. meanSatisfaction: no allocation
     * seating the same units as this result does better.
     */
    upperBound: { childrenAssigned: number; shareAssigned: number; meanSatisfaction: number };
    /** The exact search finished: no allocation is better under the whole objective. */
    provenOptimal: boolean;
  };
};

export type MatchOptions = {
  /**
   * Nodes the exact search may visit on a small round (up to 16 units that could take a seat);
   * 0 leaves only the heuristic. Default 200,000 (tens of milliseconds).
   */
  exactNodeBudget?: number;
};

const EXACT_MAX_UNITS = 16;
const DEFAULT_NODE_BUDGET = 200_000;

/** The fraction of the stated soft dimensions (languages, areas, weekdays, times of day) the occurrence meets; none stated ⇒ 1. */
export function satisfactionOf(prefs: MatchPreferences | null, occ: MatchOccurrence): number {
  return satisfactionTwelfths(prefs, occ) / 12;
}

/** Unit ids in priority order: fewer past experiences first, then the round's seeded lottery. */
export function priorityOrder(input: MatchInput): string[] {
  return unitsInPriorityOrder(input.units, input.seed).map((u) => u.id);
}

/**
 * The allocation. Lexicographic objective: (1) children seated in each priority tier, the tier
 * with the fewest past experiences first; (2) which units are seated, compared in priority order
 * (the seeded lottery decides between equals, not their preferences); (3) total satisfaction.
 */
export function match(input: MatchInput, options: MatchOptions = {}): MatchResult {
  const prepared = prepare(input);
  const { model } = prepared;
  const found = heuristic(model);
  let occOf = found.occOf;
  let provenOptimal = model.n === 0;
  const budget = options.exactNodeBudget ?? DEFAULT_NODE_BUDGET;
  if (budget > 0 && model.n > 0 && model.n <= EXACT_MAX_UNITS) {
    const exact = exactSearch(model, found.occOf, budget);
    if (compareAllocations(model, exact.occOf, occOf) > 0) occOf = exact.occOf;
    provenOptimal = exact.complete;
  }
  const waitlist = Array.from({ length: model.n }, (_, u) => u);
  return resultOf(input, prepared, occOf, waitlist, provenOptimal);
}

/**
 * The baseline a round replaces: units arrive in a seeded random order, whatever their past
 * experiences, and each takes its best suitable occurrence that still has room.
 */
export function firstComeFirstServed(input: MatchInput): MatchResult {
  const prepared = prepare(input);
  const { model } = prepared;
  const a = new Allocation(model);
  const arrival = lotteryOrder(
    Array.from({ length: model.n }, (_, u) => u),
    (u) => model.units[u]!.id,
    input.seed,
    'arrival',
  );
  for (const u of arrival) {
    let choice = -1;
    for (let o = 0; o < model.m; o++) if (a.fits(u, o) && (choice === -1 || a.sat(u, o) > a.sat(u, choice))) choice = o;
    if (choice !== -1) a.assign(u, choice);
  }
  return resultOf(input, prepared, a.occOf, arrival, false);
}

/**
 * Upper bound on what any allocation seats of these units (children, or units with 'units'),
 * from the same relaxation as `stats.upperBound`; the benchmark uses it on one priority tier.
 */
export function seatedUpperBound(input: MatchInput, count: 'children' | 'units' = 'children'): number {
  const { model } = prepare(input);
  return seatedBound(model, (u) => (count === 'children' ? model.children[u]! : 1), 0);
}

function resultOf(input: MatchInput, prepared: Prepared, occOf: Int32Array, waitlist: number[], provenOptimal: boolean): MatchResult {
  const { model, excluded } = prepared;
  const assignments: MatchResult['assignments'] = [];
  const personsIn = new Map<string, number>();
  let childrenAssigned = 0;
  let satTwelfths = 0;
  for (let u = 0; u < model.n; u++) {
    const o = occOf[u]!;
    if (o === -1) continue;
    const occ = model.occurrences[o]!;
    const persons = personsOf(model, u, o);
    const sat = model.sat[u]![o]!;
    assignments.push({ unitId: model.units[u]!.id, occurrenceId: occ.id, persons, satisfaction: sat / 12 });
    personsIn.set(occ.id, (personsIn.get(occ.id) ?? 0) + persons);
    childrenAssigned += model.children[u]!;
    satTwelfths += sat;
  }
  const unassigned: MatchResult['unassigned'] = [
    ...waitlist.filter((u) => occOf[u] === -1).map((u) => ({ unitId: model.units[u]!.id, reason: 'no-capacity' as const })),
    ...excluded.filter((e) => e.reason === 'no-suitable-occurrence').map((e) => ({ unitId: e.unit.id, reason: e.reason })),
    ...excluded.filter((e) => e.reason === 'yearly-limit').map((e) => ({ unitId: e.unit.id, reason: e.reason })),
  ];
  const children = input.units.reduce((sum, u) => sum + u.childIds.length, 0);
  const fillRate: Record<string, number> = {};
  for (const occ of input.occurrences) {
    const seats = seatsOf(occ);
    fillRate[occ.id] = seats === 0 ? 0 : (personsIn.get(occ.id) ?? 0) / seats;
  }
  const boundChildren = seatedBound(model, (u) => model.children[u]!, childrenAssigned);
  const boundSat = assignments.length === 0 ? 0 : satisfactionBound(model, occOf);
  return {
    assignments,
    unassigned,
    stats: {
      units: input.units.length,
      children,
      childrenAssigned,
      shareAssigned: children === 0 ? 0 : childrenAssigned / children,
      meanSatisfaction: assignments.length === 0 ? 0 : satTwelfths / 12 / assignments.length,
      fillRate,
      upperBound: {
        childrenAssigned: boundChildren,
        shareAssigned: children === 0 ? 0 : boundChildren / children,
        meanSatisfaction: assignments.length === 0 ? 0 : boundSat / 12 / assignments.length,
      },
      provenOptimal,
    },
  };
}

const personsOf = (model: Model, u: number, o: number): number => model.persons[u * 3 + model.kind[o]!]!;
