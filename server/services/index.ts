import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { DatabaseKind } from '../db/open-database';
import { createAccountsService } from './accounts';
import { createApiTokensService } from './api-tokens';
import { createDatasetsService } from './datasets';
import { createHealthService } from './health';
import { createStudiesService } from './studies';
import { createAssignmentService } from './assignment';
import { createCrowdEntryService } from './crowd-entry';
import { createWorkerQualityService } from './worker-quality';
import { createGoldService } from './gold';
import { createGoldItemsService } from './gold-items';
import { createReportsService } from './reports';
import { createReportExportsService } from './reports-exports';
import { createJudgmentImportService } from './judgment-import';

/** Everything a service may depend on, wired once here (Ghost's `deps` object). */
export interface ServiceDeps {
  db: Knex;
  dbKind: DatabaseKind;
  config: Config;
  logger: Logger;
}

export function createServices(deps: ServiceDeps) {
  const gold = createGoldService(deps.db);
  const quality = createWorkerQualityService(deps.db);
  return {
    accounts: createAccountsService(deps.db),
    apiTokens: createApiTokensService(deps.db),
    datasets: createDatasetsService({ db: deps.db, dbKind: deps.dbKind }),
    health: createHealthService(deps.db, deps.dbKind),
    studies: createStudiesService(deps.db),
    assignment: createAssignmentService(deps.db, gold, quality),
    crowd: createCrowdEntryService(deps.db),
    quality,
    gold,
    goldItems: createGoldItemsService(deps.db),
    reports: createReportsService(deps.db),
    reportExports: createReportExportsService(deps.db),
    judgmentImport: createJudgmentImportService(deps.db),
  };
}

export type Services = ReturnType<typeof createServices>;
