import type { Request, Response } from 'express';
import type { Services } from '../../services';
import { barChart, intervalChart, reliabilityChart } from './charts';
import { fmt, REASON_TEXT } from './format';
import { templateRoles } from './template-view';
import { datasetParams, pairParams, parseQuestionRules, parseRules, studyParams } from './schemas';

/** Report pages: the study's cross-dataset table, one dataset's full report, and a pair side by side. */
export function reportRoutes(services: Services) {
  const reports = services.reports;
  return {
    // GET /studies/:id/report — every dataset in one sortable table, pooled figures, the agreement chart.
    async study(req: Request, res: Response) {
      const { id } = studyParams.parse(req.params);
      const report = await reports.buildStudyReport(req.user!, id, { detail: 'summary' });
      res.render('reports/study', {
        title: `Report: ${report.meta.study.name}`,
        report,
        has: templateRoles(report.meta),
        fmt,
        chart: intervalChart(report.summary.map((r) => ({ label: r.dataset.name, stat: r.labelAgreement }))),
      });
    },

    // GET /studies/:id/report/datasets/:datasetId — everything about one dataset, with the cleaning form.
    async dataset(req: Request, res: Response) {
      const { id, datasetId } = datasetParams.parse(req.params);
      const { meta, report, questions } = await reports.buildDatasetReport(req.user!, id, datasetId);
      res.render('reports/dataset', {
        title: `Report: ${report.dataset.name}`,
        meta,
        report,
        has: templateRoles(meta),
        questions,
        fmt,
        reasonText: REASON_TEXT,
        rules: parseRules(req.query),
        questionRules: parseQuestionRules(req.query),
        relevanceChart: barChart(
          report.overall.relevance.distribution.categories,
          report.overall.relevance.distribution.n,
        ),
        reliability: report.confidence ? reliabilityChart(report.confidence.calibration.bins) : null,
      });
    },

    // GET /studies/:id/report/pairs/:pairingKey — LM-written against human-written datasets of one behaviour.
    async pair(req: Request, res: Response) {
      const { id, pairingKey } = pairParams.parse(req.params);
      const { meta, pair, reports: sides } = await reports.buildPairReport(req.user!, id, pairingKey);
      res.render('reports/pair', {
        title: `Pair: ${pairingKey}`,
        meta,
        pair,
        fmt,
        chart: intervalChart(sides.map((r) => ({ label: r.dataset.name, stat: r.overall.labelAgreement }))),
      });
    },

    // GET /studies/:id/report.json and /api/v1/studies/:id/report — the whole study report as JSON.
    async json(req: Request, res: Response) {
      const { id } = studyParams.parse(req.params);
      const report = await reports.buildStudyReport(req.user!, id);
      if (!req.originalUrl.startsWith('/api/')) res.attachment(`study-${id}-report.json`);
      res.json(report);
    },

    // GET /studies/:id/report.html — a self-contained file (inline CSS, no scripts) to keep or send on, with
    // everything the pages show: every dataset's figures, charts and failed examples with their comments.
    async html(req: Request, res: Response) {
      const { id } = studyParams.parse(req.params);
      const report = await reports.buildStudyReport(req.user!, id);
      const questions = await reports.questionsOf(
        report.datasets.flatMap((d) => d.failed.map((f) => f.result.exampleId)),
      );
      res.attachment(`study-${id}-report.html`);
      res.render('reports/download', {
        report,
        has: templateRoles(report.meta),
        fmt,
        questions,
        reasonText: REASON_TEXT,
        chart: intervalChart(report.summary.map((r) => ({ label: r.dataset.name, stat: r.labelAgreement }))),
        datasetCharts: report.datasets.map((d) => ({
          relevance: barChart(
            d.overall.relevance.distribution.categories,
            d.overall.relevance.distribution.n,
          ),
          reliability: d.confidence ? reliabilityChart(d.confidence.calibration.bins) : null,
        })),
      });
    },
  };
}
