import type { Knex } from 'knex';
import type { User } from '../accounts/types';
import { buildJudgesReport, unifyJudgeExamples, type JudgesReport } from '../../domain/judges';
import { csvChunks, type CsvOptions } from '../reports/csv';
import { loadOwnStudy } from '../reports/access';
import { checkJudgeFile, writeJudgeFile, type JudgeImportSummary } from './import';
import { loadJudgesInput } from './load';
import { judgeColumns, judgeExportRows, JUDGE_EXPORT_COLUMNS, type JudgeExportRow } from './export-rows';
import * as repo from './repo';

/** What the judges page shows: the study, every imported version, the report of the chosen ones. */
export interface JudgesPage {
  study: { id: number; name: string };
  versions: repo.JudgeRow[];
  report: JudgesReport;
  /** Question texts of the disagreements listed. */
  questions: Map<number, string>;
  generatedAt: string;
}

/**
 * Model judges beside people (issue 23): importing a judge's answers as a new version, the judges report, and
 * the judges CSV. Owner-only like every report (404 otherwise). Judges live in their own tables, so nothing here
 * changes a human figure; the human reports never read those tables. The clock is injected for tests.
 */
export function createJudgesService(deps: { db: Knex; now?: () => Date }) {
  const { db, now = () => new Date() } = deps;
  return {
    /** All or nothing: the whole file is checked first, then written in one transaction. */
    async importModelJudgments(
      user: User,
      studyId: number,
      upload: { fileName: string; chunks: AsyncIterable<Uint8Array> },
    ): Promise<JudgeImportSummary> {
      const study = await loadOwnStudy(db, user, studyId);
      const rows = await checkJudgeFile(db, studyId, upload);
      return db.transaction((trx) => writeJudgeFile(trx, study, user, rows));
    },

    /** Every judge (the generator, then the latest version of each imported judge, or the versions asked for). */
    async buildJudgesPage(user: User, studyId: number, judgeIds: number[] | null): Promise<JudgesPage> {
      const study = await loadOwnStudy(db, user, studyId);
      const input = await loadJudgesInput(db, study, judgeIds);
      const report = buildJudgesReport(input.datasets, input.judges);
      const shown = report.judges.flatMap((j) =>
        j.datasets.flatMap((d) =>
          d.comparison.disagreements.slice(0, SHOWN_DISAGREEMENTS).map((x) => x.exampleId),
        ),
      );
      return {
        study: { id: study.id, name: study.name },
        versions: input.versions,
        report,
        questions: await repo.findQuestions(db, [...new Set(shown)]),
        generatedAt: now().toISOString(),
      };
    },

    /** The judges CSV of the study: every example, the human verdict, each chosen judge's answer. */
    async exportCsv(user: User, studyId: number, judgeIds: number[] | null, csv: CsvOptions) {
      const study = await loadOwnStudy(db, user, studyId);
      const input = await loadJudgesInput(db, study, judgeIds);
      const imported = input.judges.filter((j) => j.version !== null);
      const examples = unifyJudgeExamples(input.datasets.flatMap((d) => d.examples));
      const columns = [...JUDGE_EXPORT_COLUMNS, ...judgeColumns(imported)];
      return {
        filename: `study-${studyId}-judges.csv`,
        contentType: 'text/csv; charset=utf-8',
        headers: { 'X-Evalvet-Judges': imported.map((j) => encodeURIComponent(j.key)).join(',') },
        body: csvChunks<JudgeExportRow>(
          judgeExportRows(
            input.datasets.map((d) => d.dataset),
            examples,
            imported,
          ),
          columns,
          csv,
        ),
      };
    },
  };
}

/** Disagreements listed per judge and dataset on the page (the CSV has them all). */
export const SHOWN_DISAGREEMENTS = 50;

export type JudgesService = ReturnType<typeof createJudgesService>;
