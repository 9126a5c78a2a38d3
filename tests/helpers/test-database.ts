import fs from 'node:fs';
import crypto from 'node:crypto';
import knex from 'knex';
import { openDatabase, type Database } from '../../server/db/open-database';
import { withDatabase } from './engine';

/**
 * A fresh, migrated database for one test file, on whichever engine this run uses. `close()` drops it.
 */
export async function createTestDatabase(): Promise<Database> {
  const template = process.env.EVALVET_TEST_TEMPLATE;
  const server = process.env.EVALVET_TEST_SERVER;
  if (template && server) {
    const name = `${template.replace('_tpl_', '_t_')}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = knex({ client: 'pg', connection: server, pool: { min: 0, max: 1 } });
    try {
      await admin.raw(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      await admin.destroy();
    }
    const database = await openDatabase({ databaseUrl: withDatabase(server, name), poolMax: 20 });
    return {
      ...database,
      close: async () => {
        await database.close();
        const dropper = knex({ client: 'pg', connection: server, pool: { min: 0, max: 1 } });
        try {
          await dropper.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await dropper.destroy();
        }
      },
    };
  }
  const dump = process.env.EVALVET_TEST_PGLITE_DUMP;
  if (!dump) throw new Error('No test database template: run the tests through jest (global setup)');
  return openDatabase({ dataDir: null, loadDataDir: new Blob([fs.readFileSync(dump)]) });
}
