// Picks which examples of a dataset a study validates: stratified by proposed label, reproducible from a seed.
import { seededRandom, type Random } from '../stats/random';

/** A source of uniform numbers in [0, 1), fully determined by its seed. */
export type Rng = Random;

/**
 * Why: the sample must be reproducible from the seed recorded on the study, so no Math.random(). The same
 * mulberry32 generator the statistics use for their bootstrap; the seed is taken modulo 2^32.
 */
export function createRng(seed: number): Rng {
  return seededRandom(seed);
}

/** Why: one recorded study seed gives each dataset its own independent stream (FNV-1a over the salt). */
export function deriveSeed(seed: number, salt: string | number): number {
  let hash = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (const ch of String(salt)) hash = Math.imul(hash ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return hash;
}

export type SampleCandidate<Id> = { id: Id; proposedLabel: string | null };

/**
 * Why: the paper validated 100 examples per dataset; stratifying by proposed label keeps the Yes/No (or A/B)
 * balance of the dataset, so per-label agreement can be compared. Proportional allocation with largest-remainder
 * rounding; random within each stratum; null labels form their own stratum. Returns all ids when size ≥ n,
 * always in the input order.
 */
export function sampleStratified<Id extends number | string>(
  examples: readonly SampleCandidate<Id>[],
  size: number | 'all',
  seed: number,
): Id[] {
  if (size !== 'all' && !(Number.isInteger(size) && size >= 0)) {
    throw new RangeError(`sample size must be a non-negative integer or 'all', got ${size}`);
  }
  if (size === 'all' || size >= examples.length) return examples.map((e) => e.id);
  const strata = groupIndexesByLabel(examples);
  const quotas = allocate(
    strata.map((s) => s.length),
    size,
  );
  const rng = createRng(seed);
  const chosen = strata.flatMap((indexes, i) => pickRandom(indexes, quotas[i] ?? 0, rng));
  return chosen.sort((a, b) => a - b).map((index) => (examples[index] as SampleCandidate<Id>).id);
}

/** Strata in order of first appearance, each a list of example positions. */
function groupIndexesByLabel(examples: readonly SampleCandidate<unknown>[]): number[][] {
  const byLabel = new Map<string | null, number[]>();
  examples.forEach((example, index) => {
    const list = byLabel.get(example.proposedLabel);
    if (list) list.push(index);
    else byLabel.set(example.proposedLabel, [index]);
  });
  return [...byLabel.values()];
}

/**
 * Why: Hamilton's largest-remainder method gives each stratum floor(size * n_i / n) and hands the leftover
 * seats to the largest remainders (ties: the larger stratum, then the first seen). Integer arithmetic only.
 */
export function allocate(stratumSizes: readonly number[], size: number): number[] {
  const total = stratumSizes.reduce((sum, n) => sum + n, 0);
  if (total === 0) return stratumSizes.map(() => 0);
  const quotas = stratumSizes.map((n) => Math.floor((size * n) / total));
  let left = size - quotas.reduce((sum, q) => sum + q, 0);
  const byRemainder = stratumSizes
    .map((n, i) => ({ i, n, remainder: (size * n) % total }))
    .sort((a, b) => b.remainder - a.remainder || b.n - a.n || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    quotas[i] = (quotas[i] ?? 0) + 1;
    left--;
  }
  return quotas;
}

/** Partial Fisher–Yates: the first `count` slots of a shuffled copy. */
function pickRandom(indexes: readonly number[], count: number, rng: Rng): number[] {
  const pool = [...indexes];
  for (let i = 0; i < count && i < pool.length; i++) {
    const j = i + Math.floor(rng() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
  }
  return pool.slice(0, count);
}
