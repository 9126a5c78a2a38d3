import { Router, type Express } from 'express';
import type { AppDeps } from '../app';
import { adminOnly, anyUser, publicRoute, researcherOnly, workerOnly } from './guards';
import { loginRateLimits } from './rate-limit';
import { adminUserRoutes } from '../features/accounts/admin-routes';
import { apiTokenRoutes } from '../features/accounts/token-routes';
import { authRoutes } from '../features/accounts/auth-routes';
import { healthRoutes } from '../features/health/routes';
import { apiDatasetRoutes } from '../features/api/datasets-routes';
import { apiStudyRoutes } from '../features/api/studies-routes';
import { apiQualityRoutes } from '../features/api/quality-routes';
import { apiDocsRoutes } from '../features/api/docs-routes';
import { datasetRoutes } from '../features/datasets/routes';
import { datasetUploadRoutes } from '../features/datasets/upload-routes';
import { labelingRoutes } from '../features/labeling/routes';
import { crowdResearcherRoutes, crowdRoutes } from '../features/crowd/routes';
import { studyRoutes } from '../features/studies/routes';
import { studyLifecycleRoutes } from '../features/studies/lifecycle-routes';
import { planRoutes } from '../features/studies/plan-routes';
import { workerQualityRoutes } from '../features/quality/routes';
import { reportRoutes } from '../features/reports/routes';
import { templateRoutes } from '../features/templates/routes';
import { reportDownloadRoutes } from '../features/reports/download-routes';
import { judgmentImportRoutes } from '../features/judgment-import/routes';
import { judgesRoutes } from '../features/judges/routes';

/**
 * The table of contents: every route, one line each, with its guard first. Full paths on one router, so the
 * route-guard test can enumerate them all.
 */
export function installRoutes(app: Express, deps: AppDeps): void {
  const { services } = deps;
  const r = Router();
  const auth = authRoutes(services);
  const admin = adminUserRoutes(services);
  const tokens = apiTokenRoutes(services);
  const health = healthRoutes(services);
  const datasets = datasetRoutes(services);
  const uploads = datasetUploadRoutes(services, deps.config);
  const apiDatasets = apiDatasetRoutes(services, deps.config);
  const apiStudies = apiStudyRoutes(services, deps.config);
  const apiQuality = apiQualityRoutes(services);
  const apiDocs = apiDocsRoutes();
  const studies = studyRoutes(services, deps.config);
  const planner = planRoutes();
  const lifecycle = studyLifecycleRoutes(services);
  const labeling = labelingRoutes(services);
  const crowd = crowdRoutes(services);
  const crowdAdmin = crowdResearcherRoutes(services);
  const quality = workerQualityRoutes(services);
  const reports = reportRoutes(services);
  const templates = templateRoutes(services);
  const downloads = reportDownloadRoutes(services);
  const judgmentImport = judgmentImportRoutes(services, deps.config);
  const judges = judgesRoutes(services, deps.config);

  // Public: sign-in, first-run setup, health.
  r.get('/', publicRoute, auth.root);
  r.get('/healthz', publicRoute, health.check);
  r.get('/login', publicRoute, auth.showLogin);
  r.post(
    '/login',
    publicRoute,
    loginRateLimits({
      perAccount: deps.config.env === 'test' ? 5 : 10,
      perAddress: deps.config.env === 'test' ? 15 : 30,
      accountStore: services.loginAttempts,
      addressStore: services.loginAttempts.withPrefix('address:'),
      accountKey: (email) => services.accounts.loginThrottleKey(email),
      delayAfter: 2,
      delayStepMs: deps.config.env === 'test' ? 200 : 1000,
      delayStore: services.loginAttempts.withPrefix('delay:'),
    }),
    auth.login,
  );
  r.post('/logout', anyUser, auth.logout);
  r.get('/account/csrf', anyUser, auth.csrfToken);
  r.get('/setup', publicRoute, auth.showSetup);
  r.post('/setup', publicRoute, auth.setup);

  // Workers: labeling.
  r.get('/s/:code', publicRoute, crowd.enter);
  r.get('/goodbye', publicRoute, crowd.goodbye);
  r.get('/work', workerOnly, labeling.home);
  r.get('/work/studies/:studyId', workerOnly, labeling.start);
  r.post('/work/studies/:studyId/consent', workerOnly, labeling.consent);
  r.post('/work/studies/:studyId/decline', workerOnly, labeling.decline);
  r.get('/work/studies/:studyId/next', workerOnly, labeling.next);
  r.get('/work/studies/:studyId/tasks/:taskId', workerOnly, labeling.showTask);
  r.post('/work/studies/:studyId/tasks/:taskId', workerOnly, labeling.submit);
  r.post('/work/studies/:studyId/tasks/:taskId/skip', workerOnly, labeling.skip);

  // Researchers: datasets, studies, reports, API tokens.
  r.get('/datasets', researcherOnly, datasets.list);
  r.get('/datasets/new', researcherOnly, uploads.showNew);
  r.post('/datasets/preview', researcherOnly, uploads.preview);
  r.post('/datasets', researcherOnly, uploads.create);
  r.get('/datasets/:id', researcherOnly, datasets.show);
  r.post('/datasets/:id', researcherOnly, datasets.update);
  r.get('/templates', researcherOnly, templates.list);
  r.get('/templates/new', researcherOnly, templates.showNew);
  r.post('/templates', researcherOnly, templates.create);
  r.get('/templates/:id/edit', researcherOnly, templates.showEdit);
  r.post('/templates/:id', researcherOnly, templates.update);
  r.post('/templates/:id/delete', researcherOnly, templates.remove);
  r.get('/studies', researcherOnly, studies.list);
  r.get('/studies/new', researcherOnly, studies.showNew);
  r.get('/studies/plan', researcherOnly, planner.plan);
  r.post('/studies', researcherOnly, studies.create);
  r.get('/studies/:id', researcherOnly, studies.show);
  r.post('/studies/:id', researcherOnly, lifecycle.update);
  r.get('/studies/:id/edit', researcherOnly, lifecycle.showEdit);
  r.get('/studies/:id/preview', researcherOnly, lifecycle.preview);
  r.get('/studies/:id/preview/examples/:n', researcherOnly, lifecycle.previewExample);
  r.get('/studies/:id/close', researcherOnly, lifecycle.showClose);
  r.post('/studies/:id/close', researcherOnly, lifecycle.close);
  r.get('/studies/:id/progress.json', researcherOnly, studies.progressJson);
  r.post('/studies/:id/state', researcherOnly, studies.changeState);
  r.post('/studies/:id/workers', researcherOnly, studies.assignWorkers);
  r.get('/studies/:id/completions.csv', researcherOnly, crowdAdmin.completionsCsv);
  r.get('/studies/:id/identities', researcherOnly, crowdAdmin.identities);
  r.post('/studies/:id/identities/block', researcherOnly, crowdAdmin.blockGroup);
  r.get('/studies/:id/crowd', researcherOnly, crowdAdmin.showSettings);
  r.post('/studies/:id/crowd', researcherOnly, crowdAdmin.saveSettings);
  r.post('/studies/:id/reservations/release', researcherOnly, crowdAdmin.releaseStale);
  r.post('/studies/:id/workers/:workerId/release', researcherOnly, crowdAdmin.releaseWorker);
  r.get('/studies/:id/quality', researcherOnly, quality.show);
  r.get('/studies/:id/workers/:workerId', researcherOnly, quality.worker);
  r.post('/studies/:id/workers/:workerId/block', researcherOnly, quality.block);
  r.post('/studies/:id/blocks/:blockId/undo', researcherOnly, quality.undo);
  r.post('/studies/:id/gold', researcherOnly, quality.addGold);
  r.post('/studies/:id/gold/honeypots', researcherOnly, quality.addHoneypots);
  r.get('/studies/:id/report', researcherOnly, reports.study);
  r.get('/studies/:id/report/datasets/:datasetId', researcherOnly, reports.dataset);
  r.get('/studies/:id/report/pairs/:pairingKey', researcherOnly, reports.pair);
  r.get('/studies/:id/report.json', researcherOnly, reports.json);
  r.get('/studies/:id/report.html', researcherOnly, reports.html);
  r.get('/studies/:id/exports.json', researcherOnly, downloads.sidecar);
  r.get('/studies/:id/summary.csv', researcherOnly, downloads.summaryCsv);
  r.get('/studies/:id/examples.csv', researcherOnly, downloads.examplesCsv);
  r.get('/studies/:id/judgments.csv', researcherOnly, downloads.judgmentsCsv);
  r.get('/studies/:id/answers.csv', researcherOnly, downloads.answersCsv);
  r.get('/studies/:id/datasets/:datasetId/cleaned.jsonl', researcherOnly, downloads.cleaned);
  r.get('/studies/:id/datasets/:datasetId/cleaned', researcherOnly, downloads.cleanedOriginal);
  r.get('/studies/:id/datasets/:datasetId/cleaned.model.jsonl', researcherOnly, downloads.cleanedModel);
  r.get('/studies/:id/datasets/:datasetId/removed.csv', researcherOnly, downloads.removed);
  r.get('/studies/:id/judgments/import', researcherOnly, judgmentImport.show);
  r.post('/studies/:id/judgments/import', researcherOnly, judgmentImport.upload);
  r.get('/studies/:id/judges', researcherOnly, judges.show);
  r.get('/studies/:id/judges.csv', researcherOnly, judges.csv);
  r.get('/studies/:id/judges/import', researcherOnly, judges.showImport);
  r.post('/studies/:id/judges/import', researcherOnly, judges.upload);
  r.get('/account/tokens', researcherOnly, tokens.list);
  r.post('/account/tokens', researcherOnly, tokens.create);
  r.post('/account/tokens/:id/revoke', researcherOnly, tokens.revoke);

  // Admins: people.
  r.get('/admin/users', adminOnly, admin.list);
  r.post('/admin/users', adminOnly, admin.create);
  r.post('/admin/users/:id/role', adminOnly, admin.changeRole);
  r.post('/admin/users/:id/disabled', adminOnly, admin.setDisabled);
  r.post('/admin/users/:id/password', adminOnly, admin.resetPassword);

  // JSON API (session or personal API token), described by GET /api/v1/openapi.json (features/api/openapi.ts).
  r.get('/api/v1/openapi.json', publicRoute, apiDocs.document);
  r.get('/api/docs', publicRoute, apiDocs.page);
  r.get('/api/v1/me', researcherOnly, tokens.me);
  r.get('/api/v1/datasets', researcherOnly, apiDatasets.list);
  r.post('/api/v1/datasets', researcherOnly, apiDatasets.create);
  r.get('/api/v1/datasets/:id', researcherOnly, apiDatasets.show);
  r.patch('/api/v1/datasets/:id', researcherOnly, apiDatasets.update);
  r.get('/api/v1/datasets/:id/versions', researcherOnly, apiDatasets.versions);
  r.get('/api/v1/studies', researcherOnly, apiStudies.list);
  r.post('/api/v1/studies', researcherOnly, apiStudies.create);
  r.get('/api/v1/studies/:id', researcherOnly, apiStudies.show);
  r.put('/api/v1/studies/:id', researcherOnly, apiStudies.update);
  r.post('/api/v1/studies/:id/state', researcherOnly, apiStudies.changeState);
  r.get('/api/v1/studies/:id/progress', researcherOnly, apiStudies.progress);
  r.get('/api/v1/studies/:id/workers', researcherOnly, apiQuality.workers);
  r.post('/api/v1/studies/:id/workers/:workerId/block', researcherOnly, apiQuality.block);
  r.get('/api/v1/studies/:id/blocks', researcherOnly, apiQuality.blocks);
  r.post('/api/v1/studies/:id/blocks/:blockId/undo', researcherOnly, apiQuality.undo);
  r.get('/api/v1/studies/:id/gold', researcherOnly, apiQuality.goldItems);
  r.post('/api/v1/studies/:id/gold', researcherOnly, apiQuality.addGold);
  r.post('/api/v1/studies/:id/judgments', researcherOnly, judgmentImport.upload);
  r.post('/api/v1/studies/:id/model-judgments', researcherOnly, judges.upload);
  r.get('/api/v1/studies/:id/report', researcherOnly, reports.json);
  r.get('/api/v1/studies/:id/report.html', researcherOnly, reports.html);
  r.get('/api/v1/studies/:id/exports.json', researcherOnly, downloads.sidecar);
  r.get('/api/v1/studies/:id/summary.csv', researcherOnly, downloads.summaryCsv);
  r.get('/api/v1/studies/:id/examples.csv', researcherOnly, downloads.examplesCsv);
  r.get('/api/v1/studies/:id/judgments.csv', researcherOnly, downloads.judgmentsCsv);
  r.get('/api/v1/studies/:id/judges.csv', researcherOnly, judges.csv);
  r.get('/api/v1/studies/:id/completions.csv', researcherOnly, crowdAdmin.completionsCsv);
  r.get('/api/v1/studies/:id/datasets/:datasetId/cleaned.jsonl', researcherOnly, downloads.cleaned);
  r.get('/api/v1/studies/:id/datasets/:datasetId/removed.csv', researcherOnly, downloads.removed);

  app.use(r);
}
