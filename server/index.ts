import http from 'node:http';
import { createApp } from './app';
import { createServicesFor } from './services';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/open-database';
import { DataDirLockedError } from './db/data-dir-lock';
import { migrateLatest } from './db/migrator';
import { createLogger } from './http/logging';
import { seedDemoIfEmpty } from '../seeds/demo';

/**
 * The one file with side effects: read the configuration, open and migrate the database, load demo content
 * on an empty development database, listen, and on SIGTERM/SIGINT stop accepting, finish in-flight requests and
 * close the database.
 */
/** How long a stopping server still accepts connections, so that requests already sent are served. */
const SHUTDOWN_DRAIN_MS = 500;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // Until the server listens, a crash fails start-up by itself (the statement that met it throws).
  let stop: (reason: string, exitCode: number) => void = () => undefined;
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.dbPoolMax,
    // PGlite's one backend PANICked (e.g. the disk filled up while it created a WAL segment): it refuses every
    // statement from now on, and only a new process recovers it (WAL recovery on start). So finish the requests in
    // flight, which now fail at once with a clear error, and exit non-zero for the supervisor to restart us.
    onCrash: (crash) => {
      logger.fatal(
        { code: crash.code },
        `the embedded database crashed: ${crash.reason}; exiting to be restarted`,
      );
      stop('database crashed', 1);
    },
  });
  logger.info({ database: database.kind, location: database.location }, 'database opened');
  const applied = await migrateLatest(database.db);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const services = createServicesFor(database, config);
  const app = createApp({ config, logger, services });
  const demo =
    config.seedDemo && config.env !== 'production' ? await seedDemoIfEmpty(database.db, services) : null;

  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  logger.info({ url }, 'listening');

  let stopping = false;
  // While stopping, every response closes its connection, so keep-alive clients reconnect elsewhere.
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (stopping) res.setHeader('Connection', 'close');
  });
  // Stops on SIGTERM/SIGINT (exit code 0), or when the embedded database crashed (1; its requests fail at once, so
  // they get 5 s to finish rather than 25).
  stop = (reason: string, exitCode: number) => {
    if (exitCode) process.exitCode = exitCode; // also should the process end by itself
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down: finishing in-flight requests');
    // Requests already sent count as in flight even if not yet parsed, or still in the kernel's accept queue:
    // server.close() at once would reset them (it drops every connection without a parsed request). So keep
    // accepting for a moment, then stop listening, let the requests being served finish, and close the database.
    setTimeout(() => {
      server.close(() => {
        database.close().then(
          () => {
            logger.info('database closed; bye');
            process.exit(); // with process.exitCode
          },
          (err: unknown) => {
            logger.error({ err }, 'error while closing the database');
            process.exit(1);
          },
        );
      });
      server.closeIdleConnections();
    }, SHUTDOWN_DRAIN_MS);
    const deadlineMs = exitCode ? 5_000 : 25_000;
    setTimeout(() => {
      logger.error(`requests did not finish within ${deadlineMs / 1000} s; exiting`);
      process.exit(1);
    }, deadlineMs).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM', 0));
  process.on('SIGINT', () => stop('SIGINT', 0));
  // Announced only now: whoever signals us as soon as they read it (a supervisor, the fault tests) must find the
  // handlers installed, or the signal's default action kills the process outright.
  printWelcome(url, demo);
}

function printWelcome(url: string, demo: Awaited<ReturnType<typeof seedDemoIfEmpty>> | null): void {
  const lines = [`\n  evalvet is running at ${url}\n`];
  if (demo) {
    lines.push('  Demo accounts (development only):');
    for (const a of demo.accounts) lines.push(`    ${a.role.padEnd(10)} ${a.email}  password: ${a.password}`);
    if (demo.datasets)
      lines.push(`  Demo datasets loaded: ${demo.datasets}; demo study: ${url}/studies/${demo.studyId}`);
    lines.push('');
  }
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`evalvet: ${err.message}\n`);
  } else {
    process.stderr.write(`evalvet failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  }
  process.exit(1);
});
