import { describe, expect, it } from 'vitest';
import {
  firstComeFirstServed,
  match,
  type MatchInput,
  type MatchOccurrence,
  type MatchPreferences,
  type MatchResult,
  type MatchUnit,
  personsFor,
  priorityOrder,
  satisfactionOf,
  type TimeOfDay,
  type Weekday,
} from '../../functions/domain/matcher.ts';
import { seededRandom } from '../../functions/domain/matcher/random.ts';

// ---------------------------------------------------------------------------------------------
// Small random rounds and an exhaustive optimum over the same lexicographic objective.

function randomRound(seed: string, maxUnits = 7, maxOccurrences = 4): MatchInput {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const some = <T,>(xs: readonly T[], p: number): T[] => xs.filter(() => random() < p);
  const occurrences: MatchOccurrence[] = Array.from({ length: int(1, maxOccurrences) }, (_, i) => ({
    id: `o${i}`,
    capacity: int(0, 10),
    invite: pick(['child-and-one', 'child-and-up-to-two', 'family'] as const),
    languages: random() < 0.7 ? ['fi'] : pick([['sv'], ['sv', 'fi'], ['en']]),
    area: random() < 0.15 ? null : pick(['a', 'b', 'c']),
    weekday: int(1, 7) as Weekday,
    timeOfDay: pick(['morning', 'afternoon', 'evening'] as const),
    accessibility: some(['step-free', 'hearing-loop'], 0.5),
    ...(random() < 0.25 ? { eventGroup: 'g1' } : {}),
  }));
  const units: MatchUnit[] = Array.from({ length: int(1, maxUnits) }, (_, i) => {
    const children = random() < 0.8 ? 1 : random() < 0.75 ? 2 : 3;
    const preferences: MatchPreferences | null =
      random() < 0.3
        ? null
        : {
            languages: some(['fi', 'sv', 'en'], 0.35),
            areas: some(['a', 'b', 'c'], 0.35),
            weekdays: some([1, 2, 3, 4, 5, 6, 7] as Weekday[], 0.3),
            timesOfDay: some(['morning', 'afternoon', 'evening'] as TimeOfDay[], 0.35),
            accessibilityNeeds: random() < 0.12 ? ['step-free'] : [],
          };
    return {
      id: `u${i}`,
      childIds: Array.from({ length: children }, (_, c) => `u${i}c${c}`),
      guardians: random() < 0.5 ? 1 : 2,
      otherChildren: int(0, 2),
      pastExperiences: int(0, 3),
      remainingThisYear: random() < 0.1 ? 0 : int(1, 2),
      attendedEventGroups: random() < 0.15 ? ['g1'] : [],
      preferences,
    };
  });
  return { units, occurrences, seed };
}

const suits = (u: MatchUnit, o: MatchOccurrence) =>
  u.remainingThisYear > 0 &&
  !(o.eventGroup !== undefined && u.attendedEventGroups.includes(o.eventGroup)) &&
  (u.preferences?.accessibilityNeeds ?? []).every((n) => o.accessibility.includes(n)) &&
  personsFor(u, o.invite) <= o.capacity;

/** [children seated per tier (fewest past experiences first)..., seated flags in priority order..., satisfaction in twelfths]. */
function objectiveOf(input: MatchInput, occurrenceOf: Map<string, string>): number[] {
  const tiers = [...new Set(input.units.filter((u) => u.remainingThisYear > 0).map((u) => u.pastExperiences))].sort((a, b) => a - b);
  const perTier = tiers.map((t) => input.units.filter((u) => u.pastExperiences === t && occurrenceOf.has(u.id)).reduce((s, u) => s + u.childIds.length, 0));
  const seated = priorityOrder(input).map((id) => (occurrenceOf.has(id) ? 1 : 0));
  const occ = new Map(input.occurrences.map((o) => [o.id, o]));
  const twelfths = input.units.reduce((s, u) => {
    const o = occurrenceOf.get(u.id);
    return o === undefined ? s : s + Math.round(satisfactionOf(u.preferences, occ.get(o)!) * 12);
  }, 0);
  return [...perTier, ...seated, twelfths];
}

const compare = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
};

/** Every allocation respecting the hard rules and capacity, the best by the objective. */
function bruteForce(input: MatchInput): number[] {
  const free = new Map(input.occurrences.map((o) => [o.id, o.capacity]));
  const chosen = new Map<string, string>();
  let best: number[] | undefined;
  const visit = (i: number) => {
    if (i === input.units.length) {
      const key = objectiveOf(input, chosen);
      if (best === undefined || compare(key, best) > 0) best = key;
      return;
    }
    const u = input.units[i]!;
    visit(i + 1);
    for (const o of input.occurrences) {
      const persons = personsFor(u, o.invite);
      if (!suits(u, o) || free.get(o.id)! < persons) continue;
      free.set(o.id, free.get(o.id)! - persons);
      chosen.set(u.id, o.id);
      visit(i + 1);
      chosen.delete(u.id);
      free.set(o.id, free.get(o.id)! + persons);
    }
  };
  visit(0);
  return best!;
}

const occurrenceMap = (r: MatchResult) => new Map(r.assignments.map((a) => [a.unitId, a.occurrenceId]));

/**
 * The heuristic's own guarantee: no unit left out for capacity fits anywhere as things stand, and
 * none could have had a seat by taking it from units with more past experiences.
 */
function priorityGuaranteeHolds(input: MatchInput, result: MatchResult): boolean {
  const unitOf = new Map(input.units.map((u) => [u.id, u]));
  const seatedIn = new Map<string, MatchUnit[]>();
  for (const a of result.assignments) seatedIn.set(a.occurrenceId, [...(seatedIn.get(a.occurrenceId) ?? []), unitOf.get(a.unitId)!]);
  return result.unassigned.every(({ unitId }) => {
    const u = unitOf.get(unitId)!;
    return input.occurrences.every((o) => {
      if (!suits(u, o)) return true;
      const here = seatedIn.get(o.id) ?? [];
      const used = here.reduce((s, v) => s + personsFor(v, o.invite), 0);
      const takeable = here.filter((v) => v.pastExperiences > u.pastExperiences).reduce((s, v) => s + personsFor(v, o.invite), 0);
      return o.capacity - used + takeable < personsFor(u, o.invite);
    });
  });
}

describe('match against an exhaustive search on small rounds', () => {
  const rounds = Array.from({ length: 400 }, (_, i) => randomRound(`small-${i}`));

  it('reaches the exhaustive optimum of the whole objective on every one of 400 rounds', () => {
    // Arrange
    const optima = rounds.map(bruteForce);
    // Act
    const results = rounds.map((round) => match(round));
    // Assert
    const misses = results.map((r, i) => compare(objectiveOf(rounds[i]!, occurrenceMap(r)), optima[i]!)).filter((c) => c !== 0);
    expect(misses).toEqual([]);
    expect(results.every((r) => r.stats.provenOptimal)).toBe(true);
  });

  it('keeps the priority guarantee with the heuristic alone, and reaches the optimum on most rounds', () => {
    // Arrange
    const optima = rounds.map(bruteForce);
    // Act
    const results = rounds.map((round) => match(round, { exactNodeBudget: 0 }));
    // Assert
    const keys = results.map((r, i) => objectiveOf(rounds[i]!, occurrenceMap(r)));
    const tiersOf = (i: number) => keys[i]!.length - rounds[i]!.units.length - 1;
    const childrenOptimal = keys.filter((k, i) => compare(k.slice(0, tiersOf(i)), optima[i]!.slice(0, tiersOf(i))) === 0).length;
    const setOptimal = keys.filter((k, i) => compare(k.slice(0, -1), optima[i]!.slice(0, -1)) === 0).length;
    const optimal = keys.filter((k, i) => compare(k, optima[i]!) === 0).length;
    console.info(
      `heuristic alone on ${rounds.length} small rounds: children per tier optimal ${childrenOptimal}, seated set optimal ${setOptimal}, whole objective optimal ${optimal}`,
    );
    expect(keys.every((k, i) => compare(k, optima[i]!) <= 0)).toBe(true);
    expect(results.every((r, i) => priorityGuaranteeHolds(rounds[i]!, r))).toBe(true);
    // Measured when written: 382, 382 and 380 of 400 (the misses need compound moves, such as a
    // twin displacing a single while two others shift along a chain). Rounds this small get the
    // exact search in match(); these floors catch a regression of the heuristic, not noise.
    expect(childrenOptimal / rounds.length).toBeGreaterThanOrEqual(0.93);
    expect(optimal / rounds.length).toBeGreaterThanOrEqual(0.9);
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-written rounds.

const occurrence = (id: string, over: Partial<MatchOccurrence> = {}): MatchOccurrence => ({
  id,
  capacity: 10,
  invite: 'child-and-one',
  languages: ['fi'],
  area: 'centre',
  weekday: 3,
  timeOfDay: 'morning',
  accessibility: [],
  ...over,
});
const unit = (id: string, over: Partial<MatchUnit> = {}): MatchUnit => ({
  id,
  childIds: [`${id}-child`],
  guardians: 1,
  otherChildren: 0,
  pastExperiences: 0,
  remainingThisYear: 2,
  attendedEventGroups: [],
  preferences: null,
  ...over,
});
const noPreferences: MatchPreferences = { languages: [], areas: [], weekdays: [], timesOfDay: [], accessibilityNeeds: [] };
const seatOf = (result: MatchResult, unitId: string) => result.assignments.find((a) => a.unitId === unitId)?.occurrenceId;
const reasonOf = (result: MatchResult, unitId: string) => result.unassigned.find((u) => u.unitId === unitId)?.reason;

describe('personsFor and satisfactionOf', () => {
  it('counts the children and who comes with them in each invite kind', () => {
    const family = unit('f', { childIds: ['a', 'b'], guardians: 2, otherChildren: 3 });
    expect(personsFor(family, 'child-and-one')).toBe(3);
    expect(personsFor(family, 'child-and-up-to-two')).toBe(4);
    expect(personsFor(family, 'family')).toBe(7);
    expect(personsFor({ ...family, guardians: 1 }, 'child-and-up-to-two')).toBe(3);
  });

  it('is the share of the stated soft dimensions met, and 1 when nothing is stated', () => {
    const occ = occurrence('o', { languages: ['sv', 'fi'], area: null, weekday: 6, timeOfDay: 'afternoon' });
    expect(satisfactionOf(null, occ)).toBe(1);
    expect(satisfactionOf({ ...noPreferences, accessibilityNeeds: ['step-free'] }, occ)).toBe(1);
    expect(satisfactionOf({ ...noPreferences, languages: ['sv'], weekdays: [1, 2] }, occ)).toBe(0.5);
    // A virtual occurrence (no area) meets no stated area.
    expect(satisfactionOf({ ...noPreferences, areas: ['centre'], timesOfDay: ['afternoon'], languages: ['en'] }, occ)).toBeCloseTo(1 / 3);
  });
});

describe('match on hand-written rounds', () => {
  it('keeps twins together: both in one occurrence, or neither', () => {
    // Arrange: three seats fit the twins and one guardian; two seats elsewhere would split them.
    const twins = unit('twins', { childIds: ['a', 'b'] });
    const input = { units: [twins], occurrences: [occurrence('small', { capacity: 2 }), occurrence('fits', { capacity: 3 })], seed: 's' };
    // Act
    const result = match(input);
    // Assert
    expect(result.assignments).toEqual([{ unitId: 'twins', occurrenceId: 'fits', persons: 3, satisfaction: 1 }]);
    const tooSmall = match({ ...input, occurrences: [occurrence('small', { capacity: 2 })] });
    expect(tooSmall.assignments).toEqual([]);
    expect(tooSmall.unassigned).toEqual([{ unitId: 'twins', reason: 'no-suitable-occurrence' }]);
  });

  it('gives the seat to the child with fewer past experiences, even against twins and better-met preferences', () => {
    // Arrange: three seats; the twins (two children, one experience) want exactly this occurrence,
    // the single child (no experiences) stated a weekday it does not meet.
    const fresh = unit('fresh', { preferences: { ...noPreferences, weekdays: [6] } });
    const twins = unit('twins', { childIds: ['a', 'b'], pastExperiences: 1, preferences: { ...noPreferences, weekdays: [3] } });
    const input = { units: [twins, fresh], occurrences: [occurrence('o', { capacity: 3 })], seed: 's' };
    // Act
    const result = match(input);
    // Assert
    expect(seatOf(result, 'fresh')).toBe('o');
    expect(result.unassigned).toEqual([{ unitId: 'twins', reason: 'no-capacity' }]);
  });

  it('lets nobody with more past experiences keep a seat a unit with fewer could have had', () => {
    // Arrange: six seats; three units with two experiences come first in the input.
    const veterans = [0, 1, 2].map((i) => unit(`veteran-${i}`, { pastExperiences: 2 }));
    const fresh = [0, 1, 2].map((i) => unit(`fresh-${i}`));
    const input = { units: [...veterans, ...fresh], occurrences: [occurrence('o', { capacity: 6 })], seed: 's' };
    // Act
    const result = match(input);
    // Assert
    expect(result.assignments.map((a) => a.unitId).sort()).toEqual(['fresh-0', 'fresh-1', 'fresh-2']);
    expect(result.unassigned.every((u) => u.reason === 'no-capacity')).toBe(true);
  });

  it('seats nobody at the yearly limit, however many seats are free', () => {
    const result = match({ units: [unit('done', { remainingThisYear: 0 }), unit('over', { remainingThisYear: -1 })], occurrences: [occurrence('o')], seed: 's' });
    expect(result.assignments).toEqual([]);
    expect(result.unassigned).toEqual([
      { unitId: expect.any(String), reason: 'yearly-limit' },
      { unitId: expect.any(String), reason: 'yearly-limit' },
    ]);
  });

  it('never gives a child a second event of a group it attended', () => {
    // Arrange: the preferred occurrence is of the group the child attended.
    const child = unit('u', { attendedEventGroups: ['puppets'], preferences: { ...noPreferences, weekdays: [6] } });
    const input = { units: [child], occurrences: [occurrence('puppets-sat', { eventGroup: 'puppets', weekday: 6 }), occurrence('concert-wed')], seed: 's' };
    // Act
    const result = match(input);
    // Assert
    expect(seatOf(result, 'u')).toBe('concert-wed');
    const onlyGroup = match({ ...input, occurrences: [input.occurrences[0]!] });
    expect(reasonOf(onlyGroup, 'u')).toBe('no-suitable-occurrence');
  });

  it('treats accessibility needs as hard and other preferences as soft', () => {
    // Arrange: the step-free venue meets none of the soft preferences; the other meets all.
    const prefs = { languages: ['sv'], areas: ['east'], weekdays: [6] as Weekday[], timesOfDay: ['morning'] as TimeOfDay[], accessibilityNeeds: ['step-free'] };
    const input = {
      units: [unit('u', { preferences: prefs })],
      occurrences: [occurrence('stairs', { languages: ['sv'], area: 'east', weekday: 6 }), occurrence('step-free', { accessibility: ['step-free', 'hearing-loop'], timeOfDay: 'evening' })],
      seed: 's',
    };
    // Act
    const result = match(input);
    // Assert
    expect(result.assignments).toEqual([{ unitId: 'u', occurrenceId: 'step-free', persons: 2, satisfaction: 0 }]);
  });

  it('says no-capacity when a suitable occurrence is full and no-suitable-occurrence when none suits', () => {
    const input = {
      units: [unit('first'), unit('second'), unit('big', { childIds: ['a', 'b', 'c'], guardians: 2, otherChildren: 2 })],
      occurrences: [occurrence('o', { capacity: 2 }), occurrence('family', { capacity: 4, invite: 'family' })],
      seed: 's',
    };
    const result = match(input);
    expect(result.assignments).toHaveLength(2);
    expect(result.unassigned).toEqual([{ unitId: 'big', reason: 'no-suitable-occurrence' }]);
    const full = match({ ...input, occurrences: [occurrence('o', { capacity: 2 })] });
    expect(full.unassigned.filter((u) => u.reason === 'no-capacity')).toHaveLength(1);
  });

  it('lists the waitlist by priority, then those nothing suits, then those at their yearly limit', () => {
    const input = {
      units: [
        unit('limit', { remainingThisYear: 0 }),
        unit('needs-loop', { preferences: { ...noPreferences, accessibilityNeeds: ['hearing-loop'] } }),
        unit('three', { pastExperiences: 3 }),
        unit('one', { pastExperiences: 1 }),
        unit('two', { pastExperiences: 2 }),
        unit('zero'),
      ],
      occurrences: [occurrence('o', { capacity: 2 })],
      seed: 's',
    };
    const result = match(input);
    expect(seatOf(result, 'zero')).toBe('o');
    expect(result.unassigned).toEqual([
      { unitId: 'one', reason: 'no-capacity' },
      { unitId: 'two', reason: 'no-capacity' },
      { unitId: 'three', reason: 'no-capacity' },
      { unitId: 'needs-loop', reason: 'no-suitable-occurrence' },
      { unitId: 'limit', reason: 'yearly-limit' },
    ]);
  });

  it('seats a big family with one guardian where that leaves room for others', () => {
    // Arrange: the whole-family occurrence fits the big family alone, or the two small ones.
    const big = unit('big', { guardians: 2, otherChildren: 3 });
    const input = {
      units: [big, unit('solo'), unit('pair', { guardians: 2 })],
      occurrences: [occurrence('family', { capacity: 6, invite: 'family' }), occurrence('one', { capacity: 2 })],
      seed: 's',
    };
    // Act
    const result = match(input, { exactNodeBudget: 0 });
    // Assert: the heuristic alone finds it (the exact search would too).
    expect(seatOf(result, 'big')).toBe('one');
    expect(result.assignments.map((a) => a.occurrenceId).sort()).toEqual(['family', 'family', 'one']);
  });

  it('places units where their preferences are met when the seats allow it', () => {
    // Arrange: one Saturday seat pair; the unit with no preferences comes first in the input.
    const input = {
      units: [unit('anything'), unit('saturday', { preferences: { ...noPreferences, weekdays: [6] } })],
      occurrences: [occurrence('sat', { capacity: 2, weekday: 6 }), occurrence('wed', { capacity: 2 })],
      seed: 's',
    };
    for (const seed of ['a', 'b', 'c', 'd']) {
      const result = match({ ...input, seed }, { exactNodeBudget: 0 });
      expect(seatOf(result, 'saturday')).toBe('sat');
      expect(result.stats.meanSatisfaction).toBe(1);
    }
  });

  it('decides between equals by the lottery, not by whose preferences are easier to meet', () => {
    // Arrange: one seat pair, two single children with no past experiences; one stated a weekday
    // the occurrence does not meet.
    const input = {
      units: [unit('easy'), unit('unmet', { preferences: { ...noPreferences, weekdays: [6] } })],
      occurrences: [occurrence('o', { capacity: 2 })],
      seed: '',
    };
    // Act
    const winners = new Set(Array.from({ length: 40 }, (_, i) => match({ ...input, seed: `seed-${i}` }).assignments[0]!.unitId));
    // Assert
    expect(winners).toEqual(new Set(['easy', 'unmet']));
  });

  it('gives the same result for the same input and seed, in whatever order the input lists them', () => {
    // Arrange
    const round = randomRound('determinism', 40, 8);
    // Act
    const once = match(round);
    const again = match(structuredClone(round));
    const shuffled = match({ ...round, units: [...round.units].reverse(), occurrences: [...round.occurrences].reverse() });
    // Assert
    expect(again).toEqual(once);
    expect(new Set(shuffled.assignments.map((a) => `${a.unitId}>${a.occurrenceId}`))).toEqual(new Set(once.assignments.map((a) => `${a.unitId}>${a.occurrenceId}`)));
    expect(shuffled.unassigned).toEqual(once.unassigned);
  });

  it('with another seed differs only in ties: the same children per tier are seated', () => {
    // Arrange: rounds small enough for the exact search, so each result is optimal.
    for (let i = 0; i < 40; i++) {
      const round = randomRound(`seeds-${i}`);
      // Act
      const a = match({ ...round, seed: 'one' });
      const b = match({ ...round, seed: 'two' });
      // Assert
      const perTier = (r: MatchResult) => objectiveOf(round, occurrenceMap(r)).slice(0, -round.units.length - 1);
      expect(perTier(b)).toEqual(perTier(a));
      expect(b.stats.childrenAssigned).toBe(a.stats.childrenAssigned);
    }
  });

  it('counts every child in the shares, including those at their yearly limit', () => {
    const result = match({
      units: [unit('in', { childIds: ['a', 'b'] }), unit('limit', { remainingThisYear: 0 })],
      occurrences: [occurrence('o', { capacity: 4 }), occurrence('empty', { capacity: 0 })],
      seed: 's',
    });
    expect(result.stats).toMatchObject({ units: 2, children: 3, childrenAssigned: 2, fillRate: { o: 0.75, empty: 0 }, provenOptimal: true });
    expect(result.stats.shareAssigned).toBeCloseTo(2 / 3);
    expect(result.stats.upperBound.childrenAssigned).toBe(2);
  });

  it('refuses a round that lists a unit or an occurrence twice', () => {
    expect(() => match({ units: [unit('u'), unit('u')], occurrences: [], seed: 's' })).toThrow(RangeError);
    expect(() => match({ units: [], occurrences: [occurrence('o'), occurrence('o')], seed: 's' })).toThrow(RangeError);
  });
});

describe('firstComeFirstServed', () => {
  it('seats units in a seeded arrival order, whatever their past experiences', () => {
    // Arrange: one seat pair, a unit with no experiences and one with four.
    const input = { units: [unit('fresh'), unit('veteran', { pastExperiences: 4 })], occurrences: [occurrence('o', { capacity: 2 })], seed: '' };
    // Act
    const winners = new Set(Array.from({ length: 40 }, (_, i) => firstComeFirstServed({ ...input, seed: `seed-${i}` }).assignments[0]!.unitId));
    // Assert
    expect(winners).toEqual(new Set(['fresh', 'veteran']));
    expect(new Set(Array.from({ length: 10 }, (_, i) => match({ ...input, seed: `seed-${i}` }).assignments[0]!.unitId))).toEqual(new Set(['fresh']));
  });
});
