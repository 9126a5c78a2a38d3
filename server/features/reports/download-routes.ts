import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { Services } from '../../services';
import { csvChunks, csvOptions } from './csv';
import type { CleaningRequest, Download } from './exports-service';
import { EXAMPLE_COLUMNS, exampleCsvRows, SUMMARY_COLUMNS, summaryCsvRow } from './tables';
import { templateRoles, withoutMissingQuestions } from './template-view';
import { datasetParams, parseQuestionRules, parseRules, studyParams } from './schemas';

/**
 * CSV and JSONL downloads. Streamed bodies go through pipeline(), so a slow client slows the reading. Every CSV
 * neutralises formula-leading text cells unless asked for `?raw=1` (see csv.ts).
 */
// The dataset, the rules (the form's and the question rules) and the CSV options of a cleaning download.
function cleaningRequest(req: Request): CleaningRequest {
  const { id, datasetId } = datasetParams.parse(req.params);
  return {
    studyId: id,
    datasetId,
    rules: parseRules(req.query),
    questionRules: parseQuestionRules(req.query),
    csv: csvOptions(req.query),
  };
}

export function reportDownloadRoutes(services: Services) {
  async function send(res: Response, download: Download) {
    res.attachment(download.filename);
    res.type(download.contentType);
    res.set(download.headers);
    await pipeline(Readable.from(download.body), res);
  }

  return {
    // GET /studies/:id/summary.csv — a row per dataset with its headline figures and intervals.
    async summaryCsv(req: Request, res: Response) {
      const { id } = studyParams.parse(req.params);
      const report = await services.reports.buildStudyReport(req.user!, id, { detail: 'summary' });
      await send(res, {
        filename: `study-${id}-summary.csv`,
        contentType: 'text/csv; charset=utf-8',
        headers: { 'X-Evalvet-Judgments-Sha256': report.meta.judgmentsSha256 },
        body: csvChunks(
          report.summary.map((r) => withoutMissingQuestions(summaryCsvRow(r), templateRoles(report.meta))),
          SUMMARY_COLUMNS,
          csvOptions(req.query),
        ),
      });
    },

    // GET /studies/:id/examples.csv — a row per sampled example with its aggregated judgments.
    async examplesCsv(req: Request, res: Response) {
      const { id } = studyParams.parse(req.params);
      const { report, cells, columns } = await services.reports.buildExamplesExport(req.user!, id);
      const questions = await services.reports.questionsOf(
        report.datasets.flatMap((d) => d.examples.map((e) => e.exampleId)),
      );
      // The template's questions come after the existing columns, one `q_<id>` each (wide).
      await send(res, {
        filename: `study-${id}-examples.csv`,
        contentType: 'text/csv; charset=utf-8',
        headers: { 'X-Evalvet-Judgments-Sha256': report.meta.judgmentsSha256 },
        body: csvChunks(
          exampleCsvRows(report, questions, cells),
          [...EXAMPLE_COLUMNS, ...columns],
          csvOptions(req.query),
        ),
      });
    },

    // GET /studies/:id/exports.json — the sidecar of every CSV: study settings, generation time, judgments' hash.
    async sidecar(req: Request, res: Response) {
      const { id } = studyParams.parse(req.params);
      res.json(await services.reportExports.sidecar(req.user!, id));
    },

    // GET /studies/:id/answers.csv — every answer to every question, one row each (long), streamed.
    async answersCsv(req: Request, res: Response) {
      const { id } = studyParams.parse(req.params);
      await send(res, await services.reportExports.answersCsv(req.user!, id, csvOptions(req.query)));
    },

    // GET /studies/:id/judgments.csv — every judgment, streamed in constant memory.
    async judgmentsCsv(req: Request, res: Response) {
      const { id } = studyParams.parse(req.params);
      await send(res, await services.reportExports.judgmentsCsv(req.user!, id, csvOptions(req.query)));
    },

    // GET /studies/:id/datasets/:datasetId/cleaned.jsonl — examples passing the rules, in their original schema.
    async cleaned(req: Request, res: Response) {
      await send(res, await services.reportExports.cleanedJsonl(req.user!, cleaningRequest(req)));
    },

    // GET /studies/:id/datasets/:datasetId/cleaned — the same examples in the file's own shape (array, CSV...).
    async cleanedOriginal(req: Request, res: Response) {
      await send(res, await services.reportExports.cleanedOriginal(req.user!, cleaningRequest(req)));
    },

    // GET /studies/:id/datasets/:datasetId/cleaned.model.jsonl — the same examples in the neutral example model.
    async cleanedModel(req: Request, res: Response) {
      await send(res, await services.reportExports.cleanedModelJsonl(req.user!, cleaningRequest(req)));
    },

    // GET /studies/:id/datasets/:datasetId/removed.csv — the examples the rules removed, with the reasons.
    async removed(req: Request, res: Response) {
      await send(res, await services.reportExports.removedCsv(req.user!, cleaningRequest(req)));
    },
  };
}
