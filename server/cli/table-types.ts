import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import { migrateLatest } from '../db/migrator';
import { readColumns, renderTableTypes } from '../db/table-types';

/** `npm run db:types`: migrates an in-memory embedded database and writes server/db/tables.ts from its schema. */
async function main(): Promise<void> {
  const database = await openDatabase({ dataDir: null });
  try {
    await migrateLatest(database.db);
    const file = path.join(__dirname, '..', 'db', 'tables.ts');
    fs.writeFileSync(file, renderTableTypes(await readColumns(database.db)));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
