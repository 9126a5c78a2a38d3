import { loadConfig } from '../config';
import { openDatabase } from '../db/open-database';
import { migrateLatest, rollback } from '../db/migrator';

/** `npm run db:migrate` / `npm run db:rollback` on the configured database (DATABASE_URL or the data directory). */
async function main(): Promise<void> {
  const action = process.argv[2];
  if (action !== 'latest' && action !== 'rollback') throw new Error('usage: migrate.ts latest|rollback');
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const names = action === 'latest' ? await migrateLatest(database.db) : await rollback(database.db);
    const verb = action === 'latest' ? 'Applied' : 'Rolled back';
    console.log(names.length ? `${verb}:\n  ${names.join('\n  ')}` : 'Nothing to do.');
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
