/**
 * Knobs shared by the labeling benchmarks, overridable from the environment for a quicker or longer run:
 * BENCH_SECONDS (measured seconds per run, default 15), BENCH_WARMUP_SECONDS (default 10) and
 * BENCH_POOL_MAX (connections per server process, the app's and the baseline's alike, default 20).
 * The warm-up was 3 s until 2026-12-06: 200 workers' first cycles, through a server still compiling its code, then
 * fell inside the window, and 10-s runs showed p99 of 3.5-4.7 s against 0.9-1.4 s after a 10-s warm-up.
 */
export const RUN_MS = Number(process.env.BENCH_SECONDS ?? 15) * 1000;
export const WARMUP_MS = Number(process.env.BENCH_WARMUP_SECONDS ?? 10) * 1000;
export const POOL_MAX = Number(process.env.BENCH_POOL_MAX ?? 20);

/** 150 datasets of 100 examples, k = 3: 45,000 slots per study, more than any run can use. */
export const DATASETS = 150;
export const EXAMPLES_PER_DATASET = 100;
