/**
 * Upper bounds from the linear relaxation (a unit may be split over occurrences, in any
 * fraction), computed through its Lagrangian dual: for any seat prices λ_o >= 0,
 *
 *   max Σ value·x  <=  Σ_o λ_o·cap_o + Σ_u max(0, max_o (value_uo − λ_o·persons_uo))
 *
 * (weak duality; for "every one of these units is seated" the inner max has no 0). Every price
 * vector gives a valid bound, so the search for good prices (a uniform price by golden section,
 * then projected subgradient steps) only makes the bound tighter, never wrong. Units with the same
 * suitable occurrences, persons and values are one group with a weight, and each evaluation looks
 * at few occurrences per group (see the two evaluators), so hundreds of steps stay cheap.
 */
import type { Model } from './model.ts';
import { pooledPrices } from './packing.ts';

/** The dual function at `price`; fills `gradient` with a subgradient (cap − persons placed). */
type Dual = (price: Float64Array, gradient: Float64Array) => number;

/**
 * Bound on Σ value over seated units, over every allocation that respects capacity and the hard
 * rules (priority ignored). `value` is per unit (children, or 1 to count units); `lower` is a value
 * some allocation reaches, used only to size the steps.
 */
export function seatedBound(model: Model, value: (u: number) => number, lower: number): number {
  const { m, kind, cap } = model;
  const byKey = new Map<string, { u: number; weight: number }>();
  let total = 0;
  for (let u = 0; u < model.n; u++) {
    const v = value(u);
    if (v <= 0) continue;
    total += v;
    const key = `${model.hardClass[u]}|${v}`;
    const g = byKey.get(key);
    if (g === undefined) byKey.set(key, { u, weight: 1 });
    else g.weight++;
  }
  const groups = [...byKey.values()].map(({ u, weight }) => {
    const suits = new Uint8Array(m);
    let kinds = 0;
    for (const o of model.suitable[u]!) {
      suits[o] = 1;
      kinds |= 1 << kind[o]!;
    }
    return { weight, value: value(u), suits, kinds, persons: [0, 1, 2].map((k) => model.persons[u * 3 + k]!) };
  });
  // The value is the same in every occurrence, and persons depend on the invite kind only, so a
  // group's best is in the cheapest occurrence of some kind: walk occurrences by ascending price
  // until each of the group's kinds is seen.
  const order = Array.from({ length: m }, (_, o) => o);
  const cheapest = new Int32Array(3);
  const dual: Dual = (price, gradient) => {
    order.sort((a, b) => price[a]! - price[b]!);
    let bound = 0;
    for (let o = 0; o < m; o++) {
      bound += price[o]! * cap[o]!;
      gradient[o] = cap[o]!;
    }
    for (const g of groups) {
      let seen = 0;
      for (const o of order) {
        if (g.suits[o] === 0 || seen & (1 << kind[o]!)) continue;
        cheapest[kind[o]!] = o;
        seen |= 1 << kind[o]!;
        if (seen === g.kinds) break;
      }
      let top = 0;
      let arg = -1;
      for (let k = 0; k < 3; k++) {
        if (!(seen & (1 << k))) continue;
        const v = g.value - price[cheapest[k]!]! * g.persons[k]!;
        if (v > top) (top = v), (arg = cheapest[k]!);
      }
      bound += g.weight * top;
      if (arg !== -1) gradient[arg]! -= g.weight * g.persons[kind[arg]!]!;
    }
    return bound;
  };
  const maxRatio = groups.reduce((r, g) => Math.max(r, g.value / Math.min(...g.persons)), 0);
  // Start from the prices that solve the relaxation pooled by invite kind (a relaxation of this
  // one, so at those prices this dual is at most the pooled optimum), then refine per occurrence.
  const pooled = pooledPrices(model, value);
  const start = Float64Array.from(kind, (k) => pooled[k]!);
  return Math.min(total, Math.floor(minimiseDual(cap, dual, maxRatio, lower, 330, start) + 1e-6));
}

/**
 * Bound on total satisfaction (twelfths) over every allocation that seats exactly the units
 * seated in `occOf`, wherever it puts them.
 */
export function satisfactionBound(model: Model, occOf: Int32Array): number {
  const { kind, cap } = model;
  const byClass = new Map<number, { u: number; weight: number }>();
  let achieved = 0;
  let best = 0;
  for (let u = 0; u < model.n; u++) {
    if (occOf[u] === -1) continue;
    achieved += model.sat[u]![occOf[u]!]!;
    best += model.bestSat[u]!;
    const g = byClass.get(model.rowClass[u]!);
    if (g === undefined) byClass.set(model.rowClass[u]!, { u, weight: 1 });
    else g.weight++;
  }
  if (best === achieved) return best;
  const groups = [...byClass.values()].map(({ u, weight }) => {
    // suitable[u] is in descending satisfaction, which the evaluation below relies on.
    const occ = model.suitable[u]!;
    const persons = new Float64Array(occ.length);
    const value = new Float64Array(occ.length);
    for (let k = 0; k < occ.length; k++) {
      persons[k] = model.persons[u * 3 + kind[occ[k]!]!]!;
      value[k] = model.sat[u]![occ[k]!]!;
    }
    return { weight, occ, persons, value };
  });
  // Prices are never negative, so once an occurrence's satisfaction is no more than the best
  // found, no later (less satisfying) one can beat it.
  const dual: Dual = (price, gradient) => {
    let bound = 0;
    for (let o = 0; o < cap.length; o++) {
      bound += price[o]! * cap[o]!;
      gradient[o] = cap[o]!;
    }
    for (const g of groups) {
      let top = -Infinity;
      let arg = -1;
      for (let k = 0; k < g.occ.length && g.value[k]! > top; k++) {
        const v = g.value[k]! - price[g.occ[k]!]! * g.persons[k]!;
        if (v > top) (top = v), (arg = k);
      }
      bound += g.weight * top;
      gradient[g.occ[arg]!]! -= g.weight * g.persons[arg]!;
    }
    return bound;
  };
  // Each evaluation may look at every (group, occurrence) pair: at most about 2·10^7 of them in
  // all, a looser bound rather than a slow preview.
  const pairs = groups.reduce((sum, g) => sum + g.occ.length, 0);
  const evaluations = Math.max(40, Math.min(330, Math.floor(2e7 / pairs)));
  return Math.min(best, Math.floor(minimiseDual(cap, dual, 12, achieved, evaluations) + 1e-6));
}

/** The least dual value found: a uniform price by golden section, then per-occurrence subgradient steps. */
function minimiseDual(cap: ArrayLike<number>, dual: Dual, maxRatio: number, lower: number, evaluations: number, start?: Float64Array): number {
  const m = cap.length;
  const price = new Float64Array(m);
  const gradient = new Float64Array(m);
  const atUniform = (t: number): number => dual(price.fill(t), gradient);

  // The dual is convex along the uniform direction, so golden section finds its best there.
  let lo = 0;
  let hi = maxRatio * 2;
  const phi = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - phi * (hi - lo);
  let x2 = lo + phi * (hi - lo);
  let f1 = atUniform(x1);
  let f2 = atUniform(x2);
  const golden = Math.min(30, Math.floor(evaluations / 4));
  for (let i = 0; i < golden; i++) {
    if (f1 <= f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - phi * (hi - lo);
      f1 = atUniform(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + phi * (hi - lo);
      f2 = atUniform(x2);
    }
  }
  const atZero = atUniform(0);
  let bound = atUniform((lo + hi) / 2);
  let best = Math.min(atZero, bound);
  if (start !== undefined) {
    price.set(start);
    bound = dual(price, gradient);
    best = Math.min(best, bound);
  }

  // Then one price per occurrence, by projected subgradient steps sized towards the known lower value.
  let theta = 1;
  let sinceBetter = 0;
  for (let iteration = 0; iteration < evaluations - golden - 4 && theta > 1e-4 && best - lower > 1e-6; iteration++) {
    let norm = 0;
    for (let o = 0; o < m; o++) {
      if (price[o] === 0 && gradient[o]! > 0) gradient[o] = 0;
      norm += gradient[o]! * gradient[o]!;
    }
    if (norm === 0) break;
    const step = (theta * (bound - lower)) / norm;
    for (let o = 0; o < m; o++) price[o] = Math.max(0, price[o]! - step * gradient[o]!);
    bound = dual(price, gradient);
    if (bound < best - 1e-9) {
      best = bound;
      sinceBetter = 0;
    } else if (++sinceBetter >= 5) {
      theta /= 2;
      sinceBetter = 0;
    }
  }
  return best;
}
