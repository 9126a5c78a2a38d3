import { windowCpu } from './load';

/**
 * A population of simulated crowd workers, each thinking between requests as a person does: open-loop in the
 * sense that matters here, because the arrival rate is set by the population and its think time, not by how fast
 * the server answers (a closed loop slows its own arrivals when the server slows). Each worker runs `visit` over
 * and over; `visit` times its own requests by name through `timed`, and pauses with `think`.
 */
export interface OpenLoopOptions {
  workers: number;
  /** Think time between a page and its answer, drawn uniformly from [minMs, maxMs]. */
  thinkMs: [number, number];
  warmupMs: number;
  durationMs: number;
  visit: (worker: number, timed: Timed, think: () => Promise<void>) => Promise<void>;
  /** Server processes whose CPU (from /proc) is read at both ends of the measured window. */
  pids?: number[];
}

/** Runs one named request, recording its latency if it ends inside the measured window. */
export type Timed = <T>(name: string, request: () => Promise<T>) => Promise<T>;

export interface RequestFigures {
  name: string;
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

export interface OpenLoopResult {
  workers: number;
  requests: RequestFigures[];
  errors: number;
  firstError?: string;
  /** Server CPU over the window per completed visit (page + answer), in ms. */
  cpuMsPerVisit?: number;
  visits: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function figures(name: string, latencies: number[], seconds: number): RequestFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return {
    name,
    count: sorted.length,
    perSecond: sorted.length / seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    max: sorted.at(-1) ?? NaN,
  };
}

export async function runOpenLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const [minThink, maxThink] = o.thinkMs;
  const start = performance.now();
  const measureFrom = start + o.warmupMs;
  const end = measureFrom + o.durationMs;
  const inWindow = (t: number) => t >= measureFrom && t <= end;
  const latencies = new Map<string, number[]>();
  let errors = 0;
  let visits = 0;
  let firstError: string | undefined;

  const timed: Timed = async (name, request) => {
    const t0 = performance.now();
    const result = await request();
    const t1 = performance.now();
    if (inWindow(t1)) {
      let list = latencies.get(name);
      if (!list) latencies.set(name, (list = []));
      list.push(t1 - t0);
    }
    return result;
  };
  // A pause that would run past the window ends with it, so the run stops on time.
  const think = () =>
    sleep(Math.min(minThink + Math.random() * (maxThink - minThink), Math.max(0, end - performance.now())));

  async function worker(i: number): Promise<void> {
    // Arrivals spread over one think time, so the population does not start in step.
    await sleep(Math.random() * maxThink);
    while (performance.now() < end) {
      try {
        await o.visit(i, timed, think);
        if (inWindow(performance.now())) visits += 1;
      } catch (err) {
        if (inWindow(performance.now())) errors += 1;
        firstError ??= err instanceof Error ? err.message : String(err);
        await think();
      }
    }
  }

  const cpu = windowCpu(o.pids ?? [], o.warmupMs, o.durationMs);
  await Promise.all(Array.from({ length: o.workers }, (_, i) => worker(i)));
  const cpuUsed = cpu.stop();

  const seconds = o.durationMs / 1000;
  return {
    workers: o.workers,
    requests: [...latencies].map(([name, list]) => figures(name, list, seconds)),
    errors,
    visits,
    ...(firstError ? { firstError } : {}),
    ...(cpuUsed !== null && visits
      ? { cpuMsPerVisit: ((cpuUsed.user + cpuUsed.system) * 1000) / visits }
      : {}),
  };
}
