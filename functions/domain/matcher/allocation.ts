import { type Model, UNSUITABLE } from './model.ts';

/** Which occurrence each unit of a model holds, with the free seats and members of each occurrence. */
export class Allocation {
  readonly occOf: Int32Array;
  readonly free: Int32Array;
  readonly members: number[][];
  /** When each occurrence last changed, on `clock`: lets a search skip what it has seen fail. */
  readonly stamp: Int32Array;
  clock = 0;
  /** The clock when each unit last failed to find a seat in repair (-1: never tried). */
  readonly lastFailed: Int32Array;
  /** Position of each unit in its occurrence's member list (for O(1) removal). */
  private readonly slot: Int32Array;
  private readonly descending: number[][];
  private readonly descendingAt: Int32Array;

  readonly model: Model;

  constructor(model: Model) {
    this.model = model;
    this.occOf = new Int32Array(model.n).fill(-1);
    this.free = Int32Array.from(model.cap);
    this.members = Array.from({ length: model.m }, () => []);
    this.slot = new Int32Array(model.n).fill(-1);
    this.stamp = new Int32Array(model.m);
    this.lastFailed = new Int32Array(model.n).fill(-1);
    this.descending = Array.from({ length: model.m }, () => []);
    this.descendingAt = new Int32Array(model.m).fill(-1);
  }

  /** The members of an occurrence, lowest priority (highest number) first; cached until it changes. */
  descendingMembers(o: number): readonly number[] {
    if (this.descendingAt[o] !== this.stamp[o]) {
      this.descending[o] = this.members[o]!.slice().sort((x, y) => y - x);
      this.descendingAt[o] = this.stamp[o]!;
    }
    return this.descending[o]!;
  }

  persons(u: number, o: number): number {
    return this.model.persons[u * 3 + this.model.kind[o]!]!;
  }

  sat(u: number, o: number): number {
    return this.model.sat[u]![o]!;
  }

  fits(u: number, o: number): boolean {
    return this.model.sat[u]![o] !== UNSUITABLE && this.free[o]! >= this.persons(u, o);
  }

  assign(u: number, o: number): void {
    if (this.occOf[u] !== -1) this.unassign(u);
    this.occOf[u] = o;
    this.stamp[o] = ++this.clock;
    this.free[o]! -= this.persons(u, o);
    this.slot[u] = this.members[o]!.length;
    this.members[o]!.push(u);
  }

  unassign(u: number): void {
    const o = this.occOf[u]!;
    if (o === -1) return;
    const list = this.members[o]!;
    const last = list.pop()!;
    if (last !== u) {
      list[this.slot[u]!] = last;
      this.slot[last] = this.slot[u]!;
    }
    this.occOf[u] = -1;
    this.slot[u] = -1;
    this.stamp[o] = ++this.clock;
    this.free[o]! += this.persons(u, o);
  }
}

/**
 * The lexicographic objective of an allocation: children seated per priority tier (tier 0
 * first), then which units are seated compared in priority order (the lottery), then total
 * satisfaction in twelfths. Positive when a is better than b.
 */
export function compareAllocations(model: Model, a: Int32Array, b: Int32Array): number {
  const ca = new Int32Array(model.tiers);
  const cb = new Int32Array(model.tiers);
  for (let u = 0; u < model.n; u++) {
    if (a[u] !== -1) ca[model.tier[u]!]! += model.children[u]!;
    if (b[u] !== -1) cb[model.tier[u]!]! += model.children[u]!;
  }
  for (let t = 0; t < model.tiers; t++) if (ca[t] !== cb[t]) return ca[t]! - cb[t]!;
  for (let u = 0; u < model.n; u++) if ((a[u] === -1) !== (b[u] === -1)) return a[u] === -1 ? -1 : 1;
  let sa = 0;
  let sb = 0;
  for (let u = 0; u < model.n; u++) {
    if (a[u] !== -1) sa += model.sat[u]![a[u]!]!;
    if (b[u] !== -1) sb += model.sat[u]![b[u]!]!;
  }
  return sa - sb;
}
