import fs from 'node:fs';
import path from 'node:path';

/**
 * Where a server process's CPU went, from the `.cpuprofile` files that `BENCH_NODE_ARGS="--cpu-prof
 * --cpu-prof-dir=DIR"` leaves behind: each sample is charged to the first frame on its stack that belongs to a
 * package or to our own code, skipping Node's internals and the routing frames that merely call the next
 * middleware. So a socket write made for a query counts for pg, and the write that ends a response counts for
 * whoever ended it (express-session wraps `res.end`). Idle time is left out; the shares are of CPU used.
 *
 * Run: npm run bench:profile -- DIR [PID] [--after-seconds S]   (every profile in DIR, or only those of process
 * PID; samples taken in the first S seconds of a profile, such as start-up, are left out)
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Frames that only pass a request along (the router, Express's wrappers): charged to whoever they called from. */
const PASS_THROUGH = /node_modules\/(router|express|depd|on-finished|finalhandler)\//;

function owner(url: string): string | null {
  if (!url || url.startsWith('node:') || PASS_THROUGH.test(url)) return null;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  return pkg ? pkg[1]! : url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
}

/** Microseconds of CPU per owner over one profile, from `afterMicros` after its start. */
export function chargeSamples(profile: Profile, afterMicros = 0): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfTime = new Map<number, number>();
  let elapsed = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    elapsed += delta;
    if (elapsed >= afterMicros) selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
  });
  const charged = new Map<string, number>();
  for (const [id, micros] of selfTime) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    let label = frame.functionName === '(garbage collector)' ? '(garbage collector)' : null;
    for (let cur: number | undefined = id; label === null && cur !== undefined; cur = parent.get(cur))
      label = owner(byId.get(cur)!.callFrame.url);
    label ??= `node: ${frame.functionName || '(anonymous)'}`;
    charged.set(label, (charged.get(label) ?? 0) + micros);
  }
  return charged;
}

function main(): void {
  const args = process.argv.slice(2);
  const after = args.indexOf('--after-seconds');
  const afterMicros = after >= 0 ? Number(args.splice(after, 2)[1]) * 1e6 : 0;
  const [dir, pid] = args;
  if (!dir || Number.isNaN(afterMicros))
    throw new Error('usage: npm run bench:profile -- DIR [PID] [--after-seconds S]');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && (pid === undefined || f.split('.')[3] === pid));
  const total = new Map<string, number>();
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Profile;
    for (const [label, micros] of chargeSamples(profile, afterMicros))
      total.set(label, (total.get(label) ?? 0) + micros);
  }
  const sum = [...total.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(`${files.length} profile(s), ${(sum / 1000).toFixed(0)} ms of CPU\n`);
  for (const [label, micros] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 30))
    process.stdout.write(
      `${((100 * micros) / sum).toFixed(1).padStart(6)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${label}\n`,
    );
}

main();
