import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { up as installSubmitJudgmentV1 } from './20261124010000_submit_judgment_function';

/**
 * Crowd integrity (see server/db/sql/submit_judgment.v2.sql for the rules the submission enforces):
 * - `expired_reservations`: a reservation whose time ran out is moved here when its slot is returned to the pool,
 *   so that a late answer is still known to answer something this worker was given (and when it was given);
 * - one reservation per worker and study at a time (unique index), so an abandoner holds at most one slot;
 * - study settings for codes and entry: a partial-completion code, a secret for per-worker codes and signed entry
 *   links, how many new identities one address may bring per hour, and how long a worker waits for a free slot;
 * - `study_workers` keeps the browser (device cookie) and address an identity arrived from, to link identities;
 * - `completions`: which code each worker was shown, for the researcher's approvals on the platform;
 * - `identity_flags`: entries refused for the same browser, the address throttle or a bad signature.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('expired_reservations', (t) => {
    t.bigInteger('task_id').notNullable().references('tasks.id').onDelete('CASCADE');
    t.bigInteger('worker_id').notNullable().references('users.id').onDelete('CASCADE');
    t.bigInteger('study_id').notNullable().references('studies.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expired_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['task_id', 'worker_id']);
    t.index(['study_id', 'worker_id']);
  });
  // Existing holders of several reservations keep their newest live one; the rest are returned as expired.
  await knex.raw(`
    WITH moved AS (
      DELETE FROM reservations r
       WHERE r.expires_at <= now()
          OR EXISTS (SELECT 1 FROM reservations n WHERE n.study_id = r.study_id AND n.worker_id = r.worker_id
                       AND n.expires_at > now() AND n.id > r.id)
      RETURNING r.task_id, r.worker_id, r.study_id, r.created_at
    ), kept AS (
      INSERT INTO expired_reservations (task_id, worker_id, study_id, created_at)
      SELECT task_id, worker_id, study_id, created_at FROM moved ON CONFLICT DO NOTHING
    )
    UPDATE tasks t SET reserved = t.reserved - c.n
      FROM (SELECT task_id, count(*)::int AS n FROM moved GROUP BY task_id) c WHERE t.id = c.task_id
  `);
  await knex.raw('CREATE UNIQUE INDEX reservations_one_per_worker ON reservations (study_id, worker_id)');
  await knex.raw('DROP INDEX IF EXISTS reservations_study_id_worker_id_index');

  await knex.schema.alterTable('studies', (t) => {
    t.text('partial_code');
    t.text('code_secret')
      .notNullable()
      .defaultTo(knex.raw("replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')"));
    t.boolean('per_worker_codes').notNullable().defaultTo(false);
    t.boolean('require_signed_entry').notNullable().defaultTo(false);
    t.integer('identities_per_address_hour').defaultTo(20);
    t.integer('max_wait_minutes').notNullable().defaultTo(10);
  });
  await knex.raw(`
    ALTER TABLE studies
      ADD CONSTRAINT studies_identities_check CHECK (identities_per_address_hour IS NULL OR identities_per_address_hour >= 1),
      ADD CONSTRAINT studies_max_wait_check CHECK (max_wait_minutes BETWEEN 1 AND 1440),
      ADD CONSTRAINT studies_partial_code_check CHECK (partial_code IS NULL OR char_length(partial_code) BETWEEN 1 AND 64)
  `);
  // A distinct partial-completion code by default wherever a completion code is set.
  await knex.raw(`
    UPDATE studies SET partial_code = 'P' || upper(substr(md5(code_secret || 'partial'), 1, 9))
     WHERE completion_code IS NOT NULL AND partial_code IS NULL
  `);

  await knex.schema.alterTable('study_workers', (t) => {
    t.text('device_id');
    t.text('entry_address');
    t.index(['study_id', 'entry_address', 'created_at']);
  });
  // One browser, one identity per study.
  await knex.raw(
    'CREATE UNIQUE INDEX study_workers_one_per_device ON study_workers (study_id, device_id) WHERE device_id IS NOT NULL',
  );

  await knex.schema.createTable('completions', (t) => {
    t.bigInteger('study_id').notNullable().references('studies.id').onDelete('CASCADE');
    t.bigInteger('worker_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('status').notNullable();
    t.text('code');
    t.integer('judgments').notNullable();
    t.timestamp('first_shown_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_shown_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['study_id', 'worker_id']);
  });
  await knex.raw(
    "ALTER TABLE completions ADD CONSTRAINT completions_status_check CHECK (status IN ('complete', 'partial', 'screened-out', 'no-work'))",
  );

  await knex.schema.createTable('identity_flags', (t) => {
    t.bigIncrements('id');
    t.bigInteger('study_id').notNullable().references('studies.id').onDelete('CASCADE');
    t.bigInteger('linked_worker_id').references('users.id').onDelete('CASCADE');
    t.text('source').notNullable();
    t.text('external_id').notNullable();
    t.text('reason').notNullable();
    t.text('address');
    t.text('device_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['study_id', 'created_at']);
  });
  await knex.raw(
    "ALTER TABLE identity_flags ADD CONSTRAINT identity_flags_reason_check CHECK (reason IN ('same-browser', 'address-throttle', 'bad-signature'))",
  );

  await knex.raw(
    'DROP FUNCTION submit_judgment(bigint, bigint, bigint, jsonb, text, integer, boolean, text, text, timestamptz)',
  );
  await knex.raw(fs.readFileSync(path.resolve(__dirname, '../server/db/sql/submit_judgment.v2.sql'), 'utf8'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'DROP FUNCTION submit_judgment(bigint, bigint, bigint, jsonb, text, integer, boolean, text, text)',
  );
  await knex.schema.dropTable('identity_flags');
  await knex.schema.dropTable('completions');
  await knex.raw('DROP INDEX study_workers_one_per_device');
  await knex.schema.alterTable('study_workers', (t) => {
    t.dropIndex(['study_id', 'entry_address', 'created_at']);
    t.dropColumn('device_id');
    t.dropColumn('entry_address');
  });
  await knex.raw(`
    ALTER TABLE studies DROP CONSTRAINT studies_identities_check, DROP CONSTRAINT studies_max_wait_check,
      DROP CONSTRAINT studies_partial_code_check
  `);
  await knex.schema.alterTable('studies', (t) => {
    for (const c of ['partial_code', 'code_secret', 'per_worker_codes', 'require_signed_entry'])
      t.dropColumn(c);
    t.dropColumn('identities_per_address_hour');
    t.dropColumn('max_wait_minutes');
  });
  await knex.raw('DROP INDEX reservations_one_per_worker');
  await knex.raw('CREATE INDEX reservations_study_id_worker_id_index ON reservations (study_id, worker_id)');
  await knex.schema.dropTable('expired_reservations');
  await installSubmitJudgmentV1(knex);
}
