/**
 * The heuristic: seat units greedily in priority order, repair the seated set towards the
 * lexicographic objective, then move and swap seated units towards their preferences. Every step
 * keeps capacity and the hard rules, and every accepted step strictly improves the objective, so
 * the loops end.
 */
import { Allocation, compareAllocations } from './allocation.ts';
import { type KindQuotas, kindQuotas } from './packing.ts';
import { type Model, UNSUITABLE } from './model.ts';

export function heuristic(model: Model): Allocation {
  const bySatisfaction = polished(model, greedy);
  // When seats are short, where a unit sits decides how many others fit (a family of six in a
  // whole-family occurrence takes the seats of three children with one guardian each). A second
  // start follows the pooled packing relaxation's invite kinds; the better allocation wins.
  const quotas = kindQuotas(model);
  const byPacking = polished(model, (a) => greedyByQuotas(a, quotas));
  return compareAllocations(model, byPacking.occOf, bySatisfaction.occOf) > 0 ? byPacking : bySatisfaction;
}

function polished(model: Model, start: (a: Allocation) => void): Allocation {
  const a = new Allocation(model);
  start(a);
  repair(a);
  // Moves can leave room in new places: seat whoever now fits and polish again. The last step is
  // always a repair, so its guarantees (docs/matching.md) hold for the result.
  for (let round = 0; round < 4; round++) {
    improve(a);
    if (!repair(a)) break;
  }
  return a;
}

/** Serial dictatorship in priority order: each unit takes its best suitable occurrence that still has room. */
function greedy(a: Allocation): void {
  const { n, suitable } = a.model;
  for (let u = 0; u < n; u++) {
    for (const o of suitable[u]!) {
      if (a.free[o]! >= a.persons(u, o)) {
        a.assign(u, o);
        break;
      }
    }
  }
}

/**
 * Seats units in priority order in the invite kinds the packing relaxation gives their type, best
 * satisfaction first; then, in a second pass, whoever is left wherever there is room.
 */
function greedyByQuotas(a: Allocation, { typeOf, quota }: KindQuotas): void {
  const { n, suitable, kind } = a.model;
  const left = Float64Array.from(quota, Math.round);
  for (let u = 0; u < n; u++) {
    const group = typeOf[u]! * 3;
    for (const o of suitable[u]!) {
      if (left[group + kind[o]!]! >= 1 && a.free[o]! >= a.persons(u, o)) {
        a.assign(u, o);
        left[group + kind[o]!]!--;
        break;
      }
    }
  }
  for (let u = 0; u < n; u++) {
    if (a.occOf[u] !== -1) continue;
    let choice = -1;
    for (const o of suitable[u]!) if (a.free[o]! >= a.persons(u, o) && (choice === -1 || a.persons(u, o) < a.persons(u, choice))) choice = o;
    if (choice !== -1) a.assign(u, choice);
  }
}

/**
 * Seats unseated units in priority order by (1) a free place, (2) an ejection chain of one or
 * two moves ending where there is room, (3) displacing units that matter less under the
 * objective: any unit of a later tier, or units of the same tier with fewer children together, or
 * one later in the lottery with as many children. Displaced units come back into the loop. The
 * budget only bounds the time (it has not run out in any test or benchmark). True if anything
 * changed.
 */
export function repair(a: Allocation): boolean {
  const { n } = a.model;
  let any = false;
  let budget = 50 * n + 1000;
  // A unit's attempt can only succeed anew where something changed since it last failed.
  const { lastFailed } = a;
  for (let pass = 0; pass < 50 && budget > 0; pass++) {
    let changed = false;
    for (let u = 0; u < n && budget > 0; u++) {
      if (a.occOf[u] !== -1) continue;
      const since = lastFailed[u]!;
      if (insertDirect(a, u, since) || insertWithMove(a, u, since) || insertByDisplacing(a, u, since)) {
        changed = true;
        budget--;
      } else lastFailed[u] = a.clock;
    }
    if (!changed) break;
    any = true;
  }
  return any;
}

function insertDirect(a: Allocation, u: number, since: number): boolean {
  for (const o of a.model.suitable[u]!) {
    if (a.stamp[o]! > since && a.free[o]! >= a.persons(u, o)) {
      a.assign(u, o);
      return true;
    }
  }
  return false;
}

/** Occurrences with room for at least the smallest unit. */
function slackOccurrences(a: Allocation): number[] {
  const { m, minPersons } = a.model;
  const slack: number[] = [];
  for (let o = 0; o < m; o++) if (a.free[o]! >= minPersons) slack.push(o);
  return slack;
}

/**
 * Makes room for u by an ejection chain: u takes o, a unit v of o moves to o2, and (one level
 * deeper) a unit w of o2 moves to o3. The chain must end in an occurrence with room, so with no
 * room anywhere it costs nothing; `work` caps the pairs looked at per unit.
 */
function insertWithMove(a: Allocation, u: number, since: number): boolean {
  const slack = slackOccurrences(a);
  if (slack.length === 0 || a.clock === since) return false;
  let work = 20_000;
  for (const o of a.model.suitable[u]!) {
    const need = a.persons(u, o) - a.free[o]!;
    for (const v of a.members[o]!) {
      if (a.persons(v, o) < need) continue;
      let target = -1;
      for (const o2 of slack) if (o2 !== o && a.fits(v, o2) && (target === -1 || a.sat(v, o2) > a.sat(v, target))) target = o2;
      if (target !== -1) {
        a.assign(v, target);
        a.assign(u, o);
        return true;
      }
    }
  }
  for (const o of a.model.suitable[u]!) {
    const need = a.persons(u, o) - a.free[o]!;
    for (const v of a.members[o]!) {
      if (a.persons(v, o) < need) continue;
      for (const o2 of a.model.suitable[v]!) {
        if (o2 === o) continue;
        const need2 = a.persons(v, o2) - a.free[o2]!;
        for (const w of a.members[o2]!) {
          if (--work < 0) return false;
          if (a.persons(w, o2) < need2) continue;
          for (const o3 of slack) {
            if (o3 === o || o3 === o2 || !a.fits(w, o3)) continue;
            a.assign(w, o3);
            a.assign(v, o2);
            a.assign(u, o);
            return true;
          }
        }
      }
    }
  }
  return false;
}

function insertByDisplacing(a: Allocation, u: number, since: number): boolean {
  const { tier, children, suitable } = a.model;
  const tu = tier[u]!;
  const cu = children[u]!;
  // Units are numbered in priority order, so members in descending order come lowest priority
  // first. A unit may go if it is of a later tier, or of u's tier with fewer children than u, or
  // with as many and later in the lottery; earlier tiers never.
  const displaceable = (v: number) => (v > u ? tier[v]! > tu || children[v]! <= cu : tier[v] === tu && children[v]! < cu);
  let bestO = -1;
  let bestRemoved: number[] = [];
  let bestScore = -1;
  for (const o of suitable[u]!) {
    if (a.stamp[o]! <= since) continue;
    const pu = a.persons(u, o);
    const free = a.free[o]!;
    const list = a.descendingMembers(o);
    // Usually one unit is enough: the lowest-priority one that makes room.
    let single = -1;
    let removable = free;
    for (const v of list) {
      if (v <= bestScore || (v < u && (cu < 2 || tier[v]! < tu))) break;
      if (!displaceable(v)) continue;
      if (free + a.persons(v, o) >= pu) {
        single = v;
        break;
      }
      if (tier[v]! > tu || children[v]! < cu) removable += a.persons(v, o);
    }
    if (single !== -1) {
      bestScore = single;
      bestO = o;
      bestRemoved = [single];
      continue;
    }
    if (bestO !== -1 || removable < pu) continue;
    // Several: lowest priority first, keeping u's tier from losing more children than u brings.
    let room = free;
    let sameTierChildren = 0;
    let laterTier = false;
    let earlierInLottery = false;
    const removed: number[] = [];
    for (const v of list) {
      if (room >= pu || (v < u && (cu < 2 || tier[v]! < tu))) break;
      if (!displaceable(v) || (tier[v] === tu && sameTierChildren + children[v]! > cu)) continue;
      removed.push(v);
      room += a.persons(v, o);
      if (tier[v] === tu) {
        sameTierChildren += children[v]!;
        if (v < u) earlierInLottery = true;
      } else laterTier = true;
    }
    if (room < pu) continue;
    // Strictly better: more children in u's tier, or as many and u comes first in the lottery
    // (and no later tier loses anyone, which would make the swap worse at that tier).
    if (!(sameTierChildren < cu || (!laterTier && !earlierInLottery))) continue;
    const score = removed.at(-1)!;
    if (score > bestScore) {
      bestScore = score;
      bestO = o;
      bestRemoved = removed;
    }
  }
  if (bestO === -1) return false;
  for (const v of bestRemoved) a.unassign(v);
  a.assign(u, bestO);
  return true;
}

/** Local search on satisfaction with the seated set fixed: moves, swaps and pushes. */
export function improve(a: Allocation): void {
  const { n, bestSat } = a.model;
  for (let pass = 0; pass < 30; pass++) {
    let gained = false;
    const slack = slackOccurrences(a);
    for (let u = 0; u < n; u++) {
      const o = a.occOf[u]!;
      if (o === -1 || a.sat(u, o) === bestSat[u]) continue;
      if (moveToBetter(a, u) || swapToBetter(a, u) || pushToBetter(a, u, slack)) gained = true;
    }
    if (!gained) break;
  }
}

function moveToBetter(a: Allocation, u: number): boolean {
  const o = a.occOf[u]!;
  const su = a.sat(u, o);
  for (const o2 of a.model.suitable[u]!) {
    if (a.sat(u, o2) <= su) break;
    if (a.free[o2]! >= a.persons(u, o2)) {
      a.assign(u, o2);
      return true;
    }
  }
  return false;
}

function swapToBetter(a: Allocation, u: number): boolean {
  const o = a.occOf[u]!;
  const su = a.sat(u, o);
  for (const o2 of a.model.suitable[u]!) {
    const su2 = a.sat(u, o2);
    if (su2 <= su) break;
    for (const v of a.members[o2]!) {
      const sv = a.sat(v, o);
      if (sv === UNSUITABLE || su2 - su + sv - a.sat(v, o2) <= 0) continue;
      if (a.free[o]! + a.persons(u, o) < a.persons(v, o) || a.free[o2]! + a.persons(v, o2) < a.persons(u, o2)) continue;
      a.unassign(u);
      a.unassign(v);
      a.assign(u, o2);
      a.assign(v, o);
      return true;
    }
  }
  return false;
}

/** u takes a better occurrence that is full by pushing one of its units into a third with room. */
function pushToBetter(a: Allocation, u: number, slack: number[]): boolean {
  if (slack.length === 0) return false;
  const o = a.occOf[u]!;
  const su = a.sat(u, o);
  for (const o2 of a.model.suitable[u]!) {
    const su2 = a.sat(u, o2);
    if (su2 <= su) break;
    const need = a.persons(u, o2) - a.free[o2]!;
    for (const v of a.members[o2]!) {
      if (a.persons(v, o2) < need) continue;
      const sv2 = a.sat(v, o2);
      for (const o3 of slack) {
        if (o3 === o2 || o3 === o || !a.fits(v, o3) || su2 - su + a.sat(v, o3) - sv2 <= 0) continue;
        a.assign(v, o3);
        a.assign(u, o2);
        return true;
      }
    }
  }
  return false;
}
