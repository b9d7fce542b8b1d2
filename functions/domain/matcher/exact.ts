/**
 * Exact branch and bound over the whole lexicographic objective, for small rounds. Units are
 * decided in priority order (each: one of its suitable occurrences with room, or none); a node is
 * cut when even seating every unit still seatable there, each in its best occurrence with room,
 * could not beat the best allocation found. It starts from the heuristic's allocation, so when
 * the node budget runs out the answer is never worse than the heuristic's.
 */
import type { Model } from './model.ts';

export function exactSearch(model: Model, start: Int32Array, nodeBudget: number): { occOf: Int32Array; complete: boolean } {
  const { n, tiers, tier, children, persons, kind, sat, suitable } = model;
  const best = Int32Array.from(start);
  const bestC = new Int32Array(tiers);
  let bestS = 0;
  for (let u = 0; u < n; u++) {
    if (best[u] === -1) continue;
    bestC[tier[u]!]! += children[u]!;
    bestS += sat[u]![best[u]!]!;
  }
  const occOf = new Int32Array(n).fill(-1);
  const free = Int32Array.from(model.cap);
  const c = new Int32Array(tiers);
  const optimisticC = new Int32Array(tiers);
  const optimisticBest = new Int32Array(n);
  let s = 0;
  let nodes = 0;
  let complete = true;

  /** Whether some completion of the current partial allocation (units < k decided) could beat the best. */
  const mayBeat = (k: number): boolean => {
    optimisticC.set(c);
    let optimisticS = s;
    for (let u = k; u < n; u++) {
      let top = -1;
      for (const o of suitable[u]!) if (free[o]! >= persons[u * 3 + kind[o]!]! && sat[u]![o]! > top) top = sat[u]![o]!;
      optimisticBest[u] = top;
      if (top === -1) continue;
      optimisticC[tier[u]!]! += children[u]!;
      optimisticS += top;
    }
    for (let t = 0; t < tiers; t++) if (optimisticC[t] !== bestC[t]) return optimisticC[t]! > bestC[t]!;
    for (let u = 0; u < n; u++) {
      const seated = u < k ? occOf[u] !== -1 : optimisticBest[u] !== -1;
      if (seated !== (best[u] !== -1)) return seated;
    }
    return optimisticS > bestS;
  };

  const visit = (k: number): void => {
    if (++nodes > nodeBudget) {
      complete = false;
      return;
    }
    if (!mayBeat(k)) return;
    if (k === n) {
      best.set(occOf);
      bestC.set(c);
      bestS = s;
      return;
    }
    for (const o of suitable[k]!) {
      const p = persons[k * 3 + kind[o]!]!;
      if (free[o]! < p) continue;
      occOf[k] = o;
      free[o]! -= p;
      c[tier[k]!]! += children[k]!;
      s += sat[k]![o]!;
      visit(k + 1);
      occOf[k] = -1;
      free[o]! += p;
      c[tier[k]!]! -= children[k]!;
      s -= sat[k]![o]!;
      if (!complete) return;
    }
    visit(k + 1);
  };
  visit(0);
  return { occOf: best, complete };
}
