import type { Knex } from 'knex';
import { defaultUploadStagingDir, type Config } from './config';
import type { Database, DatabaseKind } from './db/open-database';
import { PostgresRateLimitStore } from './db/rate-limit-store';
import { createAccountsService } from './features/accounts/service';
import { createSessionStore } from './features/accounts/session-store';
import { createApiTokensService } from './features/accounts/tokens-service';
import { createDatasetsService } from './features/datasets/service';
import { createUploadStaging } from './features/datasets/import/staged-uploads';
import { createHealthService } from './features/health/service';
import { createStudiesService } from './features/studies/service';
import { createAssignmentService } from './features/labeling/service';
import { createCrowdEntryService } from './features/crowd/entry-service';
import { createEndingService } from './features/crowd/ending-service';
import { createCrowdAdminService } from './features/crowd/admin-service';
import { createWorkerQualityService } from './features/quality/service';
import { createGoldService } from './features/quality/gold-service';
import { createGoldItemsService } from './features/quality/gold-items-service';
import { createReportsService } from './features/reports/service';
import { createReportExportsService } from './features/reports/exports-service';
import { createJudgmentImportService } from './features/judgment-import/service';
import { createIdempotencyService } from './features/api/idempotency-service';
import { createJudgesService } from './features/judges/service';
import { createTemplatesService } from './features/templates/service';

/** Everything a service may depend on, wired once here (Ghost's `deps` object). */
export interface ServiceDeps {
  db: Knex;
  dbKind: DatabaseKind;
  /** How often the session store deletes expired sessions, in seconds; false never (tests). */
  sessionPruneSeconds: number | false;
  /** Where the upload page keeps files between Preview and Import (default: a folder in the OS temp dir). */
  uploadStagingDir?: string;
}

/**
 * The one place services are built: each gets what it needs from `deps`, and services that use one another
 * (labeling uses gold and quality) get the same instances. The stores the HTTP pipeline keeps in the database
 * (sessions, login attempts) are built here too, so that createApp needs no database handle.
 */
export function createServices(deps: ServiceDeps) {
  const { db, dbKind } = deps;
  const gold = createGoldService({ db });
  const quality = createWorkerQualityService({ db });
  const accounts = createAccountsService({ db });
  const studies = createStudiesService(db);
  return {
    accounts,
    apiTokens: createApiTokensService({ db }),
    datasets: createDatasetsService({
      db,
      dbKind,
      staging: createUploadStaging({
        dir: deps.uploadStagingDir ?? defaultUploadStagingDir(),
      }),
    }),
    health: createHealthService({ db, dbKind }),
    studies,
    assignment: createAssignmentService({ db, gold, quality, studies }),
    crowd: createCrowdEntryService({ db, studies, accounts }),
    endings: createEndingService(db),
    crowdAdmin: createCrowdAdminService(db, quality),
    quality,
    gold,
    goldItems: createGoldItemsService({ db }),
    reports: createReportsService({ db }),
    reportExports: createReportExportsService({ db }),
    judgmentImport: createJudgmentImportService({ db }),
    judges: createJudgesService({ db }),
    idempotency: createIdempotencyService({ db }),
    templates: createTemplatesService({ db }),
    sessionStore: createSessionStore(db, { pruneSeconds: deps.sessionPruneSeconds }),
    loginAttempts: new PostgresRateLimitStore(db, 'login:'),
  };
}

export type Services = ReturnType<typeof createServices>;

/** The services on an opened database, as the configuration wants them (server/index.ts and the tests). */
export function createServicesFor(database: Database, config: Config): Services {
  return createServices({
    db: database.db,
    dbKind: database.kind,
    sessionPruneSeconds: config.env === 'test' ? false : 15 * 60,
    uploadStagingDir: config.uploadStagingDir,
  });
}
