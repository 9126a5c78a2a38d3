/**
 * A small seeded pseudo-random generator (mulberry32). Statistics that resample (the
 * bootstrap) take a seed so the same data always give the same interval.
 */
export type Random = () => number;

// Why: reproducible reports need deterministic resampling; Math.random is not seedable.
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Uniform integer in [0, n), for picking a resampled subject.
export function randomIndex(random: Random, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}
