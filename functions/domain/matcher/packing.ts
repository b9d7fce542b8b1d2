/**
 * The pooled packing relaxation that guides the heuristic: occurrences pooled by invite kind,
 * units grouped into types (priority class, persons in each kind), the hard rules left out. Its
 * linear programme says how many units of each type to seat in each kind so that the most
 * children fit, priority classes first, and among equals the fewest persons are used.
 */
import type { Model } from './model.ts';
import { simplex } from './simplex.ts';

export type KindQuotas = {
  /** Type of each unit. */
  typeOf: Int32Array;
  /** quota[type * 3 + kind]: units of the type the relaxation seats in the kind (fractional). */
  quota: Float64Array;
};

export function kindQuotas(model: Model): KindQuotas {
  const { n, m, tiers, tier, children, persons, kind, cap } = model;
  const pooled = [0, 0, 0];
  for (let o = 0; o < m; o++) pooled[kind[o]!]! += cap[o]!;
  let seats = pooled[0]! + pooled[1]! + pooled[2]!;

  // Three priority classes keep the programme small whatever the number of tiers: the tiers that
  // surely fit (their children with one guardian each take fewer seats than there are), the tier
  // where seats run out, and the tiers after it.
  const least = new Float64Array(tiers);
  for (let u = 0; u < n; u++) least[tier[u]!]! += Math.min(persons[u * 3]!, persons[u * 3 + 1]!, persons[u * 3 + 2]!);
  const classOf = new Int32Array(tiers);
  let critical = tiers;
  for (let t = 0; t < tiers; t++) {
    if (critical === tiers && least[t]! > seats) critical = t;
    seats -= least[t]!;
    classOf[t] = t < critical ? 0 : t === critical ? 1 : 2;
  }

  const types = new Map<string, number>();
  const typeOf = new Int32Array(n);
  const members: number[] = [];
  const first: number[] = [];
  for (let u = 0; u < n; u++) {
    const key = `${classOf[tier[u]!]}|${persons[u * 3]},${persons[u * 3 + 1]},${persons[u * 3 + 2]}`;
    let group = types.get(key);
    if (group === undefined) {
      group = types.size;
      types.set(key, group);
      members.push(0);
      first.push(u);
    }
    members[group]!++;
    typeOf[u] = group;
  }

  const count = types.size;
  const kinds = [0, 1, 2].filter((k) => pooled[k]! > 0);
  let maxPersons = 1;
  for (let i = 0; i < n * 3; i++) maxPersons = Math.max(maxPersons, persons[i]!);
  // A child of an earlier class outweighs any number of later ones in practice; a seat is worth
  // less than a child, so fewer persons only break ties.
  const weight = [1e6, 1e3, 1];
  const seatWeight = 0.01 / maxPersons;
  const c: number[] = [];
  const A: number[][] = Array.from({ length: count + kinds.length }, () => []);
  const b: number[] = [...members, ...kinds.map((k) => pooled[k]!)];
  for (let group = 0; group < count; group++) {
    const u = first[group]!;
    for (const [i, k] of kinds.entries()) {
      const j = c.length;
      c.push(weight[classOf[tier[u]!]!]! * children[u]! - seatWeight * persons[u * 3 + k]!);
      A[group]![j] = 1;
      A[count + i]![j] = persons[u * 3 + k]!;
    }
  }
  const { x } = simplex(A, b, c);
  const quota = new Float64Array(count * 3);
  for (let group = 0; group < count; group++) for (const [i, k] of kinds.entries()) quota[group * 3 + k] = x[group * kinds.length + i]!;
  return { typeOf, quota };
}

/**
 * Seat prices per invite kind that solve the dual of the pooled relaxation of "seat the most
 * value" (value per unit: children, or 1 to count units). Any prices give a valid bound through
 * weak duality; these are a good place for the bound's search to start.
 */
export function pooledPrices(model: Model, value: (u: number) => number): Float64Array {
  const { n, m, persons, kind, cap } = model;
  const pooled = [0, 0, 0];
  for (let o = 0; o < m; o++) pooled[kind[o]!]! += cap[o]!;
  const kinds = [0, 1, 2].filter((k) => pooled[k]! > 0);
  const types = new Map<string, { u: number; units: number }>();
  for (let u = 0; u < n; u++) {
    if (value(u) <= 0) continue;
    const key = `${value(u)}|${persons[u * 3]},${persons[u * 3 + 1]},${persons[u * 3 + 2]}`;
    const t = types.get(key);
    if (t === undefined) types.set(key, { u, units: 1 });
    else t.units++;
  }
  const list = [...types.values()];
  const c: number[] = [];
  const A: number[][] = Array.from({ length: list.length + kinds.length }, () => []);
  list.forEach(({ u }, i) => {
    for (const [j, k] of kinds.entries()) {
      A[i]![c.length] = 1;
      A[list.length + j]![c.length] = persons[u * 3 + k]!;
      c.push(value(u));
    }
  });
  const { duals } = simplex(A, [...list.map((t) => t.units), ...kinds.map((k) => pooled[k]!)], c);
  const prices = new Float64Array(3);
  kinds.forEach((k, j) => (prices[k] = duals[list.length + j]!));
  return prices;
}
