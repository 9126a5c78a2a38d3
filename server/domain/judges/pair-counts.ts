/**
 * Agreement over pairs of answers from their counts: how many pairs, how many agree, and how often each side
 * gave each answer. Cohen's κ and Gwet's AC1 computed from these equal cohensKappa and gwetAgreementTwoRaters on
 * the pair lists (tests check both), but counts add up per example, which makes a bootstrap over examples cheap.
 */
export interface PairCounts {
  n: number;
  agree: number;
  /** How often the first and the second member of a pair gave each answer, by category index. */
  first: number[];
  second: number[];
}

export function emptyCounts(categories: number): PairCounts {
  return { n: 0, agree: 0, first: new Array(categories).fill(0), second: new Array(categories).fill(0) };
}

export function addPair(counts: PairCounts, a: number, b: number): void {
  counts.n++;
  if (a === b) counts.agree++;
  counts.first[a]!++;
  counts.second[b]!++;
}

export function addCounts(into: PairCounts, from: PairCounts, times = 1): void {
  into.n += times * from.n;
  into.agree += times * from.agree;
  from.first.forEach((c, k) => (into.first[k]! += times * c));
  from.second.forEach((c, k) => (into.second[k]! += times * c));
}

export function agreementRate(c: PairCounts): number | null {
  return c.n === 0 ? null : c.agree / c.n;
}

// Cohen's κ: (p_o − p_e) / (1 − p_e) with p_e from each side's own answer shares; null when p_e is 1.
export function kappaOf(c: PairCounts): number | null {
  if (c.n === 0) return null;
  const po = c.agree / c.n;
  const pe = c.first.reduce((acc, f, k) => acc + (f / c.n) * (c.second[k]! / c.n), 0);
  return pe >= 1 - 1e-12 ? null : (po - pe) / (1 - pe);
}

// Gwet's AC1 with q the categories either side used: p_e = Σ π_k (1 − π_k) / (q − 1), π_k the pooled shares.
export function ac1Of(c: PairCounts): number | null {
  if (c.n === 0) return null;
  const po = c.agree / c.n;
  const shares = c.first.map((f, k) => (f + c.second[k]!) / (2 * c.n));
  const q = shares.filter((p) => p > 0).length;
  const pe = q >= 2 ? shares.reduce((acc, p) => acc + p * (1 - p), 0) / (q - 1) : 0;
  return pe >= 1 - 1e-12 ? null : (po - pe) / (1 - pe);
}
