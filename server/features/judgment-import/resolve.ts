import type { Knex } from 'knex';
import { matchOption, type ImportIssue, type ImportRow } from '../../domain/reports';
import * as repo from './repo';

/**
 * Ties each checked row to the study: its dataset must be in the study, its example must exist at that
 * position, its answer must be one of the example's options (exact, or equal once trimmed), a worker may judge
 * an example once — in the file and in what was imported before. Every problem becomes an issue.
 */
export interface ResolvedRow extends ImportRow {
  datasetId: number;
  exampleId: number;
  /** The example's own option key the answer matched. */
  optionKey: string;
  externalId: string;
}

export const importedWorkerId = (studyId: number, worker: string) => `import:${studyId}:${worker}`;

/** A row tied to its dataset, its example and the example's own option key for its answer. */
export type ExampleRef<Row> = Row & { datasetId: number; exampleId: number; optionKey: string };

type RowNamingExample = { line: number; dataset: string; example: number; answer: string };

/**
 * The checks every imported row shares (human judgments and model judgments): its dataset is in the study, its
 * example exists at that position, its answer is one of the example's options. Problems become issues.
 */
export async function resolveExamples<Row extends RowNamingExample>(
  db: Knex,
  studyId: number,
  rows: readonly Row[],
  issues: ImportIssue[],
): Promise<ExampleRef<Row>[]> {
  const slugs = await repo.datasetIdsBySlug(db, studyId);
  const examples = await findExamples(db, rows, slugs);
  const resolved: ExampleRef<Row>[] = [];
  for (const row of rows) {
    const datasetId = slugs.get(row.dataset);
    if (datasetId === undefined) {
      issues.push({
        line: row.line,
        field: 'dataset',
        reason: `"${row.dataset}" is not a dataset of this study`,
      });
      continue;
    }
    const example = examples.get(`${datasetId}:${row.example}`);
    if (!example) {
      issues.push({
        line: row.line,
        field: 'example',
        reason: `dataset "${row.dataset}" has no example ${row.example}`,
      });
      continue;
    }
    const optionKey = matchOption(row.answer, example.options);
    if (optionKey === null) {
      const allowed = example.options.map((o) => `"${o}"`).join(', ');
      issues.push({ line: row.line, field: 'answer', reason: `"${row.answer}" is not one of ${allowed}` });
      continue;
    }
    resolved.push({ ...row, datasetId, exampleId: example.id, optionKey });
  }
  return resolved;
}

export async function resolveRows(
  db: Knex,
  studyId: number,
  rows: readonly ImportRow[],
  issues: ImportIssue[],
): Promise<ResolvedRow[]> {
  const refs = await resolveExamples(db, studyId, rows, issues);
  const already = await alreadyImported(
    db,
    studyId,
    refs.map((r) => r.exampleId),
  );
  const seen = new Map<string, number>();
  const resolved: ResolvedRow[] = [];
  for (const row of refs) {
    const externalId = importedWorkerId(studyId, row.worker);
    const key = `${row.exampleId}:${externalId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({
        line: row.line,
        field: 'worker',
        reason: `worker "${row.worker}" already judged this example on line ${first}`,
      });
      continue;
    }
    if (already.has(key)) {
      issues.push({
        line: row.line,
        field: 'worker',
        reason: `worker "${row.worker}" already has an imported judgment of this example`,
      });
      continue;
    }
    seen.set(key, row.line);
    resolved.push({ ...row, externalId });
  }
  return resolved;
}

// The examples the rows name, by "datasetId:position".
async function findExamples(db: Knex, rows: readonly RowNamingExample[], slugs: Map<string, number>) {
  const wanted = new Map<number, Set<number>>();
  for (const r of rows) {
    const id = slugs.get(r.dataset);
    if (id !== undefined) wanted.set(id, (wanted.get(id) ?? new Set()).add(r.example));
  }
  const found = new Map<string, { id: number; options: string[] }>();
  for (const [datasetId, positions] of wanted) {
    for (const e of await repo.findExamplesAt(db, datasetId, [...positions]))
      found.set(`${datasetId}:${e.position}`, { id: e.id, options: e.options.map((o) => o.key) });
  }
  return found;
}

// "exampleId:externalId" of judgments earlier imports already made in this study.
async function alreadyImported(
  db: Knex,
  studyId: number,
  exampleIds: readonly number[],
): Promise<Set<string>> {
  const rows = await repo.listImportedJudgments(db, studyId, exampleIds);
  return new Set(rows.map((r) => `${r.example_id}:${r.external_id}`));
}
