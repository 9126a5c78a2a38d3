import { readFileSync } from 'node:fs';

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
  /** CPU of the server processes named in `pids` over the measured window, per cycle, in ms (from /proc). */
  cpuMsPerCycle?: number;
  /** Of that, the share spent in the kernel (system time: socket writes and reads, mostly). */
  systemShare?: number;
}

export interface LoadOptions {
  label: string;
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  cycle: (user: number) => Promise<void>;
  /** Server processes whose CPU time (user + system, /proc/<pid>/stat) is read at both ends of the window. */
  pids?: number[];
}

// CPU seconds a process has used so far in user and in kernel mode (utime and stime, fields 14 and 15 of
// /proc/<pid>/stat, in clock ticks).
const TICKS_PER_SECOND = 100;
type CpuTimes = { user: number; system: number };
export function cpuTimes(pid: number): CpuTimes {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / TICKS_PER_SECOND, system: Number(fields[12]) / TICKS_PER_SECOND };
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
  const pids = o.pids ?? [];
  const cpu = windowCpu(pids, o.warmupMs, o.durationMs);
  await Promise.all(Array.from({ length: o.concurrency }, (_, i) => user(i)));
  const cpuUsed = cpu.stop();

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
    ...(cpuUsed !== null && latencies.length
      ? {
          cpuMsPerCycle: ((cpuUsed.user + cpuUsed.system) * 1000) / latencies.length,
          systemShare: cpuUsed.system / (cpuUsed.user + cpuUsed.system),
        }
      : {}),
  };
}

/**
 * Reads the CPU seconds of `pids` when the measured window opens (after `warmupMs`) and when it closes; `stop()`
 * cancels the readings still pending and gives the user and system seconds used in the window, or null if it
 * never closed.
 */
export function windowCpu(
  pids: readonly number[],
  warmupMs: number,
  durationMs: number,
): { stop(): CpuTimes | null } {
  const total = (): CpuTimes => {
    const times = pids.map(cpuTimes);
    return { user: times.reduce((a, t) => a + t.user, 0), system: times.reduce((a, t) => a + t.system, 0) };
  };
  let atStart: CpuTimes = { user: 0, system: 0 };
  let atEnd: CpuTimes | null = null;
  const startTimer = setTimeout(() => (atStart = total()), warmupMs);
  const endTimer = setTimeout(() => (atEnd = total()), warmupMs + durationMs);
  return {
    stop() {
      clearTimeout(startTimer);
      clearTimeout(endTimer);
      const end = atEnd as CpuTimes | null; // set by the timer, which TypeScript cannot see
      if (!pids.length || end === null) return null;
      return { user: end.user - atStart.user, system: end.system - atStart.system };
    },
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
