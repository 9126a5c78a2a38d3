import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * Servers under test run as separate Node processes, started the way a deployment starts them
 * (`node --import tsx <entry>`), so the load generator in this process does not share their event loop.
 */
const ROOT = path.resolve(__dirname, '../..');

export interface RunningServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Extra Node flags for the servers, e.g. BENCH_NODE_ARGS=--cpu-prof to profile them. */
function nodeArgs(): string[] {
  return (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

/** Starts a script and waits for the line that names its URL (`... running at http://host:port`). */
function startScript(entry: string, env: Record<string, string>): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs(), '--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start within 60 s:\n${stderr}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code}:\n${stderr}`));
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /running at (http:\/\/[^\s]+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      child.removeAllListeners('exit');
      resolve({
        url: match[1]!,
        pid: child.pid!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      });
    });
  });
}

/** The real app, `server/index.ts`, on a free port. */
export function startApp(databaseUrl: string, poolMax: number): Promise<RunningServer> {
  return startScript('server/index.ts', {
    PORT: '0',
    DATABASE_URL: databaseUrl,
    // Issue 22 measures at the default log level (info: one line per request); BENCH_LOG_LEVEL overrides it.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    SEED_DEMO: '0',
    // As deployed: production mode (compiled templates cached); plain HTTP on loopback, so no Secure cookies.
    NODE_ENV: 'production',
    SESSION_SECRET: 'bench-session-secret-0123456789',
    PUBLIC_URL: 'http://127.0.0.1',
    SECURE_COOKIES: '0',
    DB_POOL_MAX: String(poolMax),
  });
}

/** The bare Express + pg baseline (bench/lib/baseline-server.ts). */
export function startBaseline(databaseUrl: string, poolMax: number): Promise<RunningServer> {
  return startScript('bench/lib/baseline-server.ts', {
    PORT: '0',
    DATABASE_URL: databaseUrl,
    DB_POOL_MAX: String(poolMax),
  });
}

/** The same-stack baseline, `bench/lib/same-stack-server.ts`: sessions, Passport, CSRF and EJS, one SELECT and one INSERT. */
export function startSameStack(databaseUrl: string, poolMax: number): Promise<RunningServer> {
  return startScript('bench/lib/same-stack-server.ts', {
    PORT: '0',
    DATABASE_URL: databaseUrl,
    DB_POOL_MAX: String(poolMax),
    NODE_ENV: 'production',
  });
}
