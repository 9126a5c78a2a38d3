import type { Knex } from 'knex';
import type { User } from '../accounts/types';
import { ValidationError } from '../../errors';
import type { ImportIssue } from '../../domain/reports';
import { readImportFile, uploadTypeOf } from './read';
import { resolveRows } from './resolve';
import { writeImport } from './write';
import { loadOwnStudy } from '../reports/access';

export interface ImportSummary {
  judgments: number;
  workers: number;
}

const MAX_ISSUES_SHOWN = 100;

/**
 * Judgments gathered on another platform, imported into a study so they get the same reports. All or nothing,
 * like dataset imports: the whole file is checked first, and any problem means nothing is written; the
 * problems come back with line, field and reason.
 */
export function createJudgmentImportService(deps: { db: Knex }) {
  const { db } = deps;
  return {
    async importJudgments(
      user: User,
      studyId: number,
      upload: { fileName: string; chunks: AsyncIterable<Uint8Array> },
    ): Promise<ImportSummary> {
      const study = await loadOwnStudy(db, user, studyId);
      const type = uploadTypeOf(upload.fileName);
      if (!type) {
        for await (const _ of upload.chunks) void _; // drain the upload so the request completes
        throw importFailed([{ line: 0, field: null, reason: 'the file must be .csv or .jsonl' }]);
      }
      const { rows, issues } = await readImportFile(upload.chunks, type);
      const resolved = await resolveRows(db, studyId, rows, issues);
      if (issues.length > 0) throw importFailed(issues);
      return db.transaction((trx) => writeImport(trx, study, resolved));
    },
  };
}

function importFailed(issues: ImportIssue[]): ValidationError {
  const sorted = [...issues].sort((a, b) => a.line - b.line);
  return new ValidationError(`The file has ${issues.length} problem(s); nothing was imported`, {
    issues: sorted.slice(0, MAX_ISSUES_SHOWN),
    total: issues.length,
  });
}

export type JudgmentImportService = ReturnType<typeof createJudgmentImportService>;
