/**
 * How much workers' examples overlap. A worker's error rates can only be learned from examples that someone
 * else also judged: with k = 3 and every worker judging a single example, each worker is one answer, and any
 * label model fitted to that is its starting point dressed up as an estimate. The median over workers of the
 * examples each shares with another worker is the figure the label model is gated on.
 */
export type WorkerOverlap = { workers: number; medianShared: number };

/** Below this many shared examples for the median worker no worker model is fitted (label model, worker pages). */
export const MIN_SHARED_FOR_WORKER_MODEL = 5;

export function workerOverlap(judgments: readonly { item: string; worker: string }[]): WorkerOverlap {
  const workersByItem = new Map<string, Set<string>>();
  for (const { item, worker } of judgments) {
    const set = workersByItem.get(item) ?? new Set<string>();
    set.add(worker);
    workersByItem.set(item, set);
  }
  const shared = new Map<string, number>();
  for (const workers of workersByItem.values()) {
    for (const w of workers) shared.set(w, (shared.get(w) ?? 0) + (workers.size > 1 ? 1 : 0));
  }
  const counts = [...shared.values()].sort((a, b) => a - b);
  return { workers: counts.length, medianShared: median(counts) };
}

function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
