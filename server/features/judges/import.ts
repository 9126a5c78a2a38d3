import type { Knex } from 'knex';
import type { User } from '../accounts/types';
import { ValidationError } from '../../errors';
import type { ImportIssue } from '../../domain/reports';
import { readJudgeRow, type JudgeRow } from '../../domain/judges';
import { readRowsFile, uploadTypeOf } from '../judgment-import/read';
import { resolveExamples, type ExampleRef } from '../judgment-import/resolve';
import type { ReportStudy } from '../reports/types';
import * as repo from './repo';

export interface JudgeImportSummary {
  judgments: number;
  judges: { name: string; version: number }[];
}

const MAX_ISSUES_SHOWN = 100;

/**
 * Reads a model judgments file like a human judgments file (the same readers, the same example and answer
 * checks, so the same line numbers and messages), then checks that a judge answers an example once per file.
 * Any problem means nothing is written; the problems come back with line, field and reason.
 */
export async function checkJudgeFile(
  db: Knex,
  studyId: number,
  upload: { fileName: string; chunks: AsyncIterable<Uint8Array> },
): Promise<ExampleRef<JudgeRow>[]> {
  const type = uploadTypeOf(upload.fileName);
  if (!type) {
    for await (const _ of upload.chunks) void _; // drain the upload so the request completes
    throw importFailed([{ line: 0, field: null, reason: 'the file must be .csv or .jsonl' }]);
  }
  const { rows, issues } = await readRowsFile(
    upload.chunks,
    type,
    readJudgeRow,
    'the file has no model judgments',
  );
  const resolved = await resolveExamples(db, studyId, rows, issues);
  const seen = new Map<string, number>();
  for (const r of resolved) {
    const key = `${r.judge}\u0000${r.exampleId}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, r.line);
    else
      issues.push({
        line: r.line,
        field: 'example',
        reason: `judge "${r.judge}" already answered this example on line ${first}`,
      });
  }
  if (issues.length > 0) throw importFailed(issues);
  return resolved;
}

/**
 * Writes one new version of every judge the file names (its latest version + 1, so earlier imports stay as they
 * were) and its answers, in the caller's transaction. Nothing touches tasks or judgments: a judge fills no human
 * slot and counts toward no k.
 */
export async function writeJudgeFile(
  trx: Knex.Transaction,
  study: ReportStudy,
  user: User,
  rows: readonly ExampleRef<JudgeRow>[],
): Promise<JudgeImportSummary> {
  const names = [...new Set(rows.map((r) => r.judge))].sort();
  const latest = await repo.latestVersions(trx, study.id, names);
  const judges: JudgeImportSummary['judges'] = [];
  const ids = new Map<string, number>();
  for (const name of names) {
    const version = (latest.get(name) ?? 0) + 1;
    ids.set(name, await repo.insertJudge(trx, { study_id: study.id, name, version, imported_by: user.id }));
    judges.push({ name, version });
  }
  await repo.insertModelJudgments(
    trx,
    rows.map((r) => ({
      judge_id: ids.get(r.judge)!,
      study_id: study.id,
      dataset_id: r.datasetId,
      example_id: r.exampleId,
      answer: r.optionKey,
      confidence: r.confidence,
      rationale: r.rationale,
    })),
  );
  return { judgments: rows.length, judges };
}

export function importFailed(issues: ImportIssue[]): ValidationError {
  const sorted = [...issues].sort((a, b) => a.line - b.line);
  return new ValidationError(`The file has ${issues.length} problem(s); nothing was imported`, {
    issues: sorted.slice(0, MAX_ISSUES_SHOWN),
    total: issues.length,
  });
}
