import path from 'node:path';
import type { Knex } from 'knex';
import type { User } from '../server/features/accounts/types';
import type { Services } from '../server/services';
import { listDatasetFiles } from '../server/features/datasets/import/files';
import { seedDemoStudy } from './demo-study';

/**
 * Demo content for a fresh development database: an admin, a researcher and a worker with known passwords
 * (printed at start-up), so a newcomer can click through at once. Runs only when there are no users at all.
 */
export const DEMO_ACCOUNTS = [
  { role: 'admin', email: 'admin@demo.evalvet', password: 'demo-admin-pass' },
  { role: 'researcher', email: 'researcher@demo.evalvet', password: 'demo-researcher-pass' },
  { role: 'worker', email: 'worker@demo.evalvet', password: 'demo-worker-pass' },
] as const;

export interface DemoSummary {
  accounts: { role: string; email: string; password: string }[];
  datasets: number;
  studyId: number;
}

export async function seedDemoIfEmpty(db: Knex, services: Services): Promise<DemoSummary | null> {
  const row = await db('users').count<{ count: number }[]>('* as count').first();
  if (Number(row?.count ?? 0) > 0) return null;
  const created: User[] = [];
  for (const account of DEMO_ACCOUNTS) created.push(await services.accounts.createAccount({ ...account }));
  const researcher = created.find((u) => u.role === 'researcher')!;
  const worker = created.find((u) => u.role === 'worker')!;
  const datasets = await seedDemoDatasets(services, researcher);
  const studyId = await seedDemoStudy(db, services, researcher, worker);
  return { accounts: DEMO_ACCOUNTS.map((a) => ({ ...a })), datasets, studyId };
}

/** A small real sample of anthropic-evals (see seeds/data/ATTRIBUTION.md), owned by the demo researcher. */
export const DEMO_DATA_DIR = path.resolve(__dirname, 'data');

async function seedDemoDatasets(services: Services, owner: User): Promise<number> {
  let count = 0;
  for (const file of listDatasetFiles(DEMO_DATA_DIR)) {
    await services.datasets.importFile(owner, file, DEMO_DATA_DIR);
    count += 1;
  }
  return count;
}
