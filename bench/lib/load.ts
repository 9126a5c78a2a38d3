/**
 * Closed-loop load: `concurrency` simulated users each run `cycle` back to back for a fixed time. Cycles that
 * finish inside the measured window (after a short warm-up) count: their latency goes into the percentiles,
 * their number over the window's length is the throughput. A cycle that throws counts as an error.
 */
export interface LoadResult {
  label: string;
  concurrency: number;
  cycles: number;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  firstError?: string;
}

export interface LoadOptions {
  label: string;
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  cycle: (user: number) => Promise<void>;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const start = performance.now();
  const measureFrom = start + o.warmupMs;
  const end = measureFrom + o.durationMs;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;

  async function user(i: number): Promise<void> {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await o.cycle(i);
      } catch (err) {
        const t1 = performance.now();
        if (t1 >= measureFrom && t1 <= end) errors += 1;
        firstError ??= err instanceof Error ? err.message : String(err);
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const t1 = performance.now();
      if (t1 >= measureFrom && t1 <= end) latencies.push(t1 - t0);
    }
  }
  await Promise.all(Array.from({ length: o.concurrency }, (_, i) => user(i)));

  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  const seconds = o.durationMs / 1000;
  return {
    label: o.label,
    concurrency: o.concurrency,
    cycles: latencies.length,
    seconds,
    throughput: latencies.length / seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    errors,
    ...(firstError ? { firstError } : {}),
  };
}

/** Runs `work` on `items` with at most `limit` in flight (used to sign workers in without a thundering herd). */
export async function inBatches<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
