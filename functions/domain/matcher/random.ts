/**
 * Seeded randomness for the matcher. Every draw is a pure function of (seed, purpose, id), so a
 * unit's lottery number does not depend on the order the units arrive in, and the same input and
 * seed give the same result in every process.
 */

/** 32-bit FNV-1a, finished with murmur3's fmix32 so that nearby strings land far apart. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 2^53) drawn for one id; two ids tie with probability about 2^-53. */
export function drawOf(seed: string, purpose: string, id: string): number {
  const key = `${seed}\u0000${purpose}\u0000${id}`;
  return hash32(key) * 2 ** 21 + (hash32(`${key}\u0001`) >>> 11);
}

/** Sorts ids by their draw (then by id, so even a 2^-53 tie is decided the same way every time). */
export function lotteryOrder<T>(items: readonly T[], idOf: (item: T) => string, seed: string, purpose: string): T[] {
  const keyed = items.map((item) => ({ item, id: idOf(item), draw: drawOf(seed, purpose, idOf(item)) }));
  keyed.sort((a, b) => a.draw - b.draw || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((k) => k.item);
}

/** sfc32 seeded from a string: a small, fast generator for tests and benchmarks. Values in [0, 1). */
export function seededRandom(seed: string): () => number {
  let a = hash32(`${seed}#a`);
  let b = hash32(`${seed}#b`);
  let c = hash32(`${seed}#c`);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}
