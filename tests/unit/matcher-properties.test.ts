import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firstComeFirstServed,
  match,
  type MatchInput,
  type MatchOccurrence,
  type MatchResult,
  type MatchUnit,
  personsFor,
  satisfactionOf,
  type TimeOfDay,
  type Weekday,
} from '../../functions/domain/matcher.ts';

const weekday = fc.integer({ min: 1, max: 7 }).map((d) => d as Weekday);
const timeOfDay = fc.constantFrom<TimeOfDay>('morning', 'afternoon', 'evening');
const occurrenceFields = fc.record({
  capacity: fc.integer({ min: 0, max: 16 }),
  invite: fc.constantFrom('child-and-one' as const, 'child-and-up-to-two' as const, 'family' as const),
  languages: fc.subarray(['fi', 'sv', 'en'], { minLength: 1 }),
  area: fc.option(fc.constantFrom('north', 'centre', 'south'), { nil: null }),
  weekday,
  timeOfDay,
  accessibility: fc.subarray(['step-free', 'hearing-loop', 'quiet-space']),
  eventGroup: fc.option(fc.constantFrom('puppets', 'opera'), { nil: undefined }),
});
const unitFields = fc.record({
  children: fc.integer({ min: 1, max: 3 }),
  guardians: fc.constantFrom(1 as const, 2 as const),
  otherChildren: fc.integer({ min: 0, max: 6 }),
  pastExperiences: fc.integer({ min: 0, max: 4 }),
  remainingThisYear: fc.integer({ min: -1, max: 2 }),
  attendedEventGroups: fc.subarray(['puppets', 'opera']),
  preferences: fc.option(
    fc.record({
      languages: fc.subarray(['fi', 'sv', 'en']),
      areas: fc.subarray(['north', 'centre', 'south']),
      weekdays: fc.subarray([1, 2, 3, 4, 5, 6, 7] as Weekday[]),
      timesOfDay: fc.subarray(['morning', 'afternoon', 'evening'] as TimeOfDay[]),
      accessibilityNeeds: fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.subarray(['step-free', 'hearing-loop', 'quiet-space']) }),
    }),
    { nil: null },
  ),
});
/** Rounds of up to 30 units and 8 occurrences: small ones get the exact search, larger the heuristic alone. */
const exactly = <T,>(item: fc.Arbitrary<T>, most: number) => fc.integer({ min: 0, max: most }).chain((n) => fc.array(item, { minLength: n, maxLength: n }));
const round: fc.Arbitrary<MatchInput> = fc
  .tuple(exactly(unitFields, 30), exactly(occurrenceFields, 8), fc.string({ maxLength: 6 }))
  .map(([units, occurrences, seed]) => ({
    units: units.map(({ children, ...u }, i): MatchUnit => ({ id: `family-${i}`, childIds: Array.from({ length: children }, (_, c) => `child-${i}-${c}`), ...u })),
    occurrences: occurrences.map((o, i): MatchOccurrence => ({ id: `occurrence-${i}`, ...o })),
    seed,
  }));

const allocators = {
  match: (input: MatchInput) => match(input),
  'match, heuristic alone': (input: MatchInput) => match(input, { exactNodeBudget: 0 }),
  firstComeFirstServed,
};
const runs = { numRuns: 120 };

const passesHardRules = (u: MatchUnit, o: MatchOccurrence) =>
  u.remainingThisYear > 0 &&
  !(o.eventGroup !== undefined && u.attendedEventGroups.includes(o.eventGroup)) &&
  (u.preferences?.accessibilityNeeds ?? []).every((need) => o.accessibility.includes(need));
const suits = (u: MatchUnit, o: MatchOccurrence) => passesHardRules(u, o) && personsFor(u, o.invite) <= o.capacity;

function seatedPersons(input: MatchInput, result: MatchResult): Map<string, number> {
  const used = new Map(input.occurrences.map((o) => [o.id, 0]));
  for (const a of result.assignments) used.set(a.occurrenceId, used.get(a.occurrenceId)! + a.persons);
  return used;
}

describe.each(Object.entries(allocators))('%s', (_, allocate) => {
  it('never puts more persons in an occurrence than it has seats', () => {
    fc.assert(
      fc.property(round, (input) => {
        const used = seatedPersons(input, allocate(input));
        return input.occurrences.every((o) => used.get(o.id)! <= o.capacity);
      }),
      runs,
    );
  });

  it('gives a unit at most one occurrence, all its children together, with the persons its invite counts', () => {
    fc.assert(
      fc.property(round, (input) => {
        const result = allocate(input);
        const unitOf = new Map(input.units.map((u) => [u.id, u]));
        const occOf = new Map(input.occurrences.map((o) => [o.id, o]));
        const ids = result.assignments.map((a) => a.unitId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const a of result.assignments) expect(a.persons).toBe(personsFor(unitOf.get(a.unitId)!, occOf.get(a.occurrenceId)!.invite));
      }),
      runs,
    );
  });

  it('respects the yearly limit, event groups and accessibility needs', () => {
    fc.assert(
      fc.property(round, (input) => {
        const result = allocate(input);
        const unitOf = new Map(input.units.map((u) => [u.id, u]));
        const occOf = new Map(input.occurrences.map((o) => [o.id, o]));
        return result.assignments.every((a) => passesHardRules(unitOf.get(a.unitId)!, occOf.get(a.occurrenceId)!));
      }),
      runs,
    );
  });

  it('lists every unit exactly once, seated or with the right reason', () => {
    fc.assert(
      fc.property(round, (input) => {
        const result = allocate(input);
        const listed = [...result.assignments.map((a) => a.unitId), ...result.unassigned.map((u) => u.unitId)];
        expect(listed.sort()).toEqual(input.units.map((u) => u.id).sort());
        const unitOf = new Map(input.units.map((u) => [u.id, u]));
        for (const { unitId, reason } of result.unassigned) {
          const u = unitOf.get(unitId)!;
          const expected = u.remainingThisYear <= 0 ? 'yearly-limit' : input.occurrences.some((o) => suits(u, o)) ? 'no-capacity' : 'no-suitable-occurrence';
          expect(reason).toBe(expected);
        }
      }),
      runs,
    );
  });

  it('leaves nobody out for capacity who fits in the seats left', () => {
    fc.assert(
      fc.property(round, (input) => {
        const result = allocate(input);
        const used = seatedPersons(input, result);
        const unitOf = new Map(input.units.map((u) => [u.id, u]));
        return result.unassigned.every(
          ({ unitId }) => !input.occurrences.some((o) => suits(unitOf.get(unitId)!, o) && o.capacity - used.get(o.id)! >= personsFor(unitOf.get(unitId)!, o.invite)),
        );
      }),
      runs,
    );
  });

  it('gives the same result for the same input and seed', () => {
    fc.assert(
      fc.property(round, (input) => {
        expect(allocate(structuredClone(input))).toEqual(allocate(input));
      }),
      { numRuns: 60 },
    );
  });

  it('reports stats that agree with the assignments, and bounds at least as high as achieved', () => {
    fc.assert(
      fc.property(round, (input) => {
        const result = allocate(input);
        const unitOf = new Map(input.units.map((u) => [u.id, u]));
        const occOf = new Map(input.occurrences.map((o) => [o.id, o]));
        const { stats } = result;
        const children = input.units.reduce((s, u) => s + u.childIds.length, 0);
        const seated = result.assignments.reduce((s, a) => s + unitOf.get(a.unitId)!.childIds.length, 0);
        for (const a of result.assignments) expect(a.satisfaction).toBe(satisfactionOf(unitOf.get(a.unitId)!.preferences, occOf.get(a.occurrenceId)!));
        const meanSatisfaction = result.assignments.length === 0 ? 0 : result.assignments.reduce((s, a) => s + a.satisfaction, 0) / result.assignments.length;
        expect(stats).toMatchObject({ units: input.units.length, children, childrenAssigned: seated, shareAssigned: children === 0 ? 0 : seated / children });
        expect(stats.meanSatisfaction).toBeCloseTo(meanSatisfaction, 9);
        const used = seatedPersons(input, result);
        for (const o of input.occurrences) expect(stats.fillRate[o.id]).toBe(o.capacity === 0 ? 0 : used.get(o.id)! / o.capacity);
        // Bounds: at least what was achieved, at most what eligible units with a suitable occurrence hold.
        const seatable = input.units.filter((u) => input.occurrences.some((o) => suits(u, o))).reduce((s, u) => s + u.childIds.length, 0);
        expect(stats.upperBound.childrenAssigned).toBeGreaterThanOrEqual(stats.childrenAssigned);
        expect(stats.upperBound.childrenAssigned).toBeLessThanOrEqual(seatable);
        expect(stats.upperBound.shareAssigned).toBeGreaterThanOrEqual(stats.shareAssigned);
        expect(stats.upperBound.meanSatisfaction).toBeGreaterThanOrEqual(stats.meanSatisfaction);
        expect(stats.upperBound.meanSatisfaction).toBeLessThanOrEqual(1);
      }),
      runs,
    );
  });
});

describe.each(Object.entries(allocators).slice(0, 2))('%s, priority', (_, allocate) => {
  it('leaves nobody out who could have had the seat of units with more past experiences', () => {
    fc.assert(
      fc.property(round, (input) => {
        const result = allocate(input);
        const unitOf = new Map(input.units.map((u) => [u.id, u]));
        const used = seatedPersons(input, result);
        return result.unassigned.every(({ unitId }) => {
          const u = unitOf.get(unitId)!;
          return input.occurrences.every((o) => {
            if (!suits(u, o)) return true;
            const takeable = result.assignments
              .filter((a) => a.occurrenceId === o.id && unitOf.get(a.unitId)!.pastExperiences > u.pastExperiences)
              .reduce((s, a) => s + a.persons, 0);
            return o.capacity - used.get(o.id)! + takeable < personsFor(u, o.invite);
          });
        });
      }),
      runs,
    );
  });

  it('gives the same allocation whatever order the input lists units and occurrences in', () => {
    fc.assert(
      fc.property(round, (input) => {
        const a = allocate(input);
        const b = allocate({ ...input, units: [...input.units].reverse(), occurrences: [...input.occurrences].reverse() });
        expect(new Set(b.assignments.map((x) => `${x.unitId}>${x.occurrenceId}`))).toEqual(new Set(a.assignments.map((x) => `${x.unitId}>${x.occurrenceId}`)));
        expect(b.unassigned).toEqual(a.unassigned);
      }),
      { numRuns: 60 },
    );
  });
});
