import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { openDatabase } from '../../server/db/open-database';
import { migrateLatest } from '../../server/db/migrator';
import { testServerUrl, withDatabase } from './engine';

/**
 * Migrates one template database per run, from which every test file gets its own copy: on a server,
 * CREATE DATABASE ... TEMPLATE (tens of milliseconds); on PGlite, a dumped data directory (about a second to load,
 * instead of several to initdb).
 */
export default async function globalSetup(): Promise<void> {
  const url = testServerUrl();
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  if (url) {
    const template = `evalvet_tpl_${runId}`;
    const admin = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
    try {
      await admin.raw(`CREATE DATABASE ${template}`);
    } finally {
      await admin.destroy();
    }
    const database = await openDatabase({ databaseUrl: withDatabase(url, template) });
    await migrateLatest(database.db);
    await database.close();
    process.env.EVALVET_TEST_TEMPLATE = template;
    process.env.EVALVET_TEST_SERVER = url;
  } else {
    const database = await openDatabase({ dataDir: null });
    await migrateLatest(database.db);
    const dump = await database.dumpDataDir!();
    await database.close();
    const file = path.join(os.tmpdir(), `evalvet-test-template-${runId}.tar`);
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    process.env.EVALVET_TEST_PGLITE_DUMP = file;
  }
}
