import path from 'node:path';
import type { Knex } from 'knex';

/** Migrations are TypeScript files in migrations/, run in a transaction each, by name order (dated names). */
export function migratorConfig(): Knex.MigratorConfig {
  return {
    directory: path.resolve(__dirname, '../../migrations'),
    loadExtensions: ['.ts'],
    tableName: 'knex_migrations',
    disableMigrationsListValidation: false,
  };
}

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migratorConfig())) as [number, string[]];
  return applied;
}

export async function rollback(db: Knex): Promise<string[]> {
  const [, undone] = (await db.migrate.rollback(migratorConfig())) as [number, string[]];
  return undone;
}
