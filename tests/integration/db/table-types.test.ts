import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../../server/db/open-database';
import { readColumns, renderTableTypes } from '../../../server/db/table-types';
import { createTestDatabase } from '../../helpers/test-database';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

it('server/db/tables.ts is what the migrations give (run `npm run db:types` after a migration)', async () => {
  const columns = await readColumns(database.db);
  const committed = fs.readFileSync(path.join(__dirname, '../../../server/db/tables.ts'), 'utf8');
  expect(committed).toBe(renderTableTypes(columns));
  // The tables every feature relies on are there, with the columns the claim and submit paths use.
  const names = new Set(columns.map((c) => `${c.table_name}.${c.column_name}`));
  for (const col of ['tasks.judged', 'tasks.reserved', 'reservations.expires_at', 'judgments.submission_key'])
    expect(names).toContain(col);
});

it('maps column types as pg returns them here (int8 and numeric as numbers, nullable as | null)', () => {
  const text = renderTableTypes([
    { table_name: 'things', column_name: 'id', data_type: 'bigint', udt_name: 'int8', is_nullable: 'NO' },
    {
      table_name: 'things',
      column_name: 'score',
      data_type: 'numeric',
      udt_name: 'numeric',
      is_nullable: 'YES',
    },
    {
      table_name: 'things',
      column_name: 'at',
      data_type: 'timestamp with time zone',
      udt_name: 'timestamptz',
      is_nullable: 'NO',
    },
    { table_name: 'things', column_name: 'tags', data_type: 'ARRAY', udt_name: '_text', is_nullable: 'NO' },
    { table_name: 'things', column_name: 'doc', data_type: 'jsonb', udt_name: 'jsonb', is_nullable: 'NO' },
    {
      table_name: 'gold_items',
      column_name: 'ok',
      data_type: 'boolean',
      udt_name: 'bool',
      is_nullable: 'NO',
    },
  ]);
  expect(text).toContain(
    'export interface ThingsRow {\n  id: number;\n  score: number | null;\n  at: Date;\n  tags: string[];\n  doc: unknown;\n}',
  );
  expect(text).toContain('export interface GoldItemsRow {\n  ok: boolean;\n}');
  expect(text).toContain('export interface Tables {\n  things: ThingsRow;\n  gold_items: GoldItemsRow;\n}');
});
