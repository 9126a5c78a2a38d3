import fs from 'node:fs';
import knex from 'knex';

/** Drops the template database (and any copies a crashed file left behind) or deletes the PGlite dump. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env.EVALVET_TEST_TEMPLATE;
  const url = process.env.EVALVET_TEST_SERVER;
  if (template && url) {
    const admin = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
    try {
      const { rows } = await admin.raw<{ rows: { datname: string }[] }>(
        `SELECT datname FROM pg_database WHERE datname = ? OR datname LIKE ?`,
        [template, `${template.replace('_tpl_', '_t_')}%`],
      );
      for (const { datname } of rows) await admin.raw(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await admin.destroy();
    }
  }
  const dump = process.env.EVALVET_TEST_PGLITE_DUMP;
  if (dump) fs.rmSync(dump, { force: true });
}
