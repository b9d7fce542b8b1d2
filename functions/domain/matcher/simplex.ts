/**
 * A small dense simplex for max c·x subject to A·x <= b, x >= 0, with b >= 0 (so the slack basis
 * is feasible from the start). Meant for the matcher's pooled packing problem: a few hundred
 * variables and rows. Dantzig's rule, falling back to Bland's rule after a run of degenerate
 * pivots so it cannot cycle. Gives the primal solution and the dual price of every row.
 */
export function simplex(A: readonly (readonly number[])[], b: readonly number[], c: readonly number[]): { x: Float64Array; duals: Float64Array } {
  const rows = A.length;
  const n = c.length;
  const width = n + rows + 1;
  const rhs = width - 1;
  const t = new Float64Array((rows + 1) * width);
  const basis = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < n; j++) t[i * width + j] = A[i]![j] ?? 0;
    t[i * width + n + i] = 1;
    t[i * width + rhs] = b[i]!;
    basis[i] = n + i;
  }
  const obj = rows * width;
  for (let j = 0; j < n; j++) t[obj + j] = -c[j]!;
  const eps = 1e-9;
  let degenerate = 0;
  for (let iteration = 0; iteration < 50 * (rows + n); iteration++) {
    let enter = -1;
    if (degenerate < 50) {
      let most = -eps;
      for (let j = 0; j < width - 1; j++) if (t[obj + j]! < most) (most = t[obj + j]!), (enter = j);
    } else {
      for (let j = 0; j < width - 1 && enter === -1; j++) if (t[obj + j]! < -eps) enter = j;
    }
    if (enter === -1) break;
    let leave = -1;
    let ratio = Infinity;
    for (let i = 0; i < rows; i++) {
      const a = t[i * width + enter]!;
      if (a <= eps) continue;
      const r = t[i * width + rhs]! / a;
      if (r < ratio - eps || (r < ratio + eps && leave !== -1 && basis[i]! < basis[leave]!)) (ratio = r), (leave = i);
    }
    if (leave === -1) break; // unbounded: cannot happen for the matcher's bounded problems
    degenerate = ratio < eps ? degenerate + 1 : 0;
    const pivot = t[leave * width + enter]!;
    for (let j = 0; j < width; j++) t[leave * width + j]! /= pivot;
    for (let i = 0; i <= rows; i++) {
      if (i === leave) continue;
      const f = t[i * width + enter]!;
      if (f === 0) continue;
      for (let j = 0; j < width; j++) t[i * width + j]! -= f * t[leave * width + j]!;
    }
    basis[leave] = enter;
  }
  const x = new Float64Array(n);
  for (let i = 0; i < rows; i++) if (basis[i]! < n) x[basis[i]!] = Math.max(0, t[i * width + rhs]!);
  // The reduced cost of row i's slack is the row's dual price (shadow price).
  const duals = new Float64Array(rows);
  for (let i = 0; i < rows; i++) duals[i] = Math.max(0, t[obj + n + i]!);
  return { x, duals };
}
