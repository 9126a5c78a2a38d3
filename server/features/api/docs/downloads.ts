import { CleaningQuery, CsvQuery, StudyDatasetParams, StudyParams } from '../schemas';
import { file, json, type Operation } from './operation';
import { judgesQuery } from '../../judges/schemas';

/** The report and every download of the report pages. */
const download = (
  path: string,
  operationId: string,
  summary: string,
  mediaType: string,
  extra: Partial<Operation> = {},
): Operation => ({
  method: 'get',
  path,
  operationId,
  tag: 'reports',
  summary,
  access: 'read',
  params: StudyParams,
  query: mediaType.startsWith('text/csv') ? CsvQuery : undefined,
  responses: { 200: file(summary, mediaType) },
  ...extra,
});

export const downloadOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/studies/:id/report',
    operationId: 'getReport',
    tag: 'reports',
    summary: 'The whole study report: agreement, intervals, per-dataset and per-example figures',
    access: 'read',
    params: StudyParams,
    responses: { 200: json('The report') },
  },
  {
    method: 'get',
    path: '/api/v1/studies/:id/exports.json',
    operationId: 'getExportSidecar',
    tag: 'reports',
    summary: "The CSVs' sidecar: study settings, generation time and the judgments' SHA-256",
    access: 'read',
    params: StudyParams,
    responses: { 200: json('The sidecar') },
  },
  download('/api/v1/studies/:id/report.html', 'getReportHtml', 'The report as one HTML file', 'text/html'),
  download(
    '/api/v1/studies/:id/summary.csv',
    'getSummaryCsv',
    'A row per dataset with its headline figures',
    'text/csv',
  ),
  download(
    '/api/v1/studies/:id/examples.csv',
    'getExamplesCsv',
    'A row per sampled example with its aggregated judgments',
    'text/csv',
  ),
  download('/api/v1/studies/:id/judgments.csv', 'getJudgmentsCsv', 'Every judgment', 'text/csv'),
  download(
    '/api/v1/studies/:id/judges.csv',
    'getJudgesCsv',
    "Every example of the study's datasets with the human verdict and each model judge's answer",
    'text/csv',
    { query: CsvQuery.extend(judgesQuery.shape) },
  ),
  download(
    '/api/v1/studies/:id/completions.csv',
    'getCompletionsCsv',
    "Crowd workers' sessions and completion codes",
    'text/csv',
    { query: undefined },
  ),
  download(
    '/api/v1/studies/:id/datasets/:datasetId/cleaned.jsonl',
    'getCleanedDataset',
    'The examples of one dataset that pass the cleaning rules, in their original schema',
    'application/x-ndjson',
    { params: StudyDatasetParams, query: CleaningQuery },
  ),
  download(
    '/api/v1/studies/:id/datasets/:datasetId/removed.csv',
    'getRemovedExamples',
    'The examples the cleaning rules removed, with the reasons',
    'text/csv',
    { params: StudyDatasetParams, query: CleaningQuery.extend(CsvQuery.shape) },
  ),
];
