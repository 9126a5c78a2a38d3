import type { Knex } from 'knex';
import type { Services } from '../server/services';

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
}

export async function seedDemoIfEmpty(db: Knex, services: Services): Promise<DemoSummary | null> {
  const row = await db('users').count<{ count: number }[]>('* as count').first();
  if (Number(row?.count ?? 0) > 0) return null;
  for (const account of DEMO_ACCOUNTS) await services.accounts.createAccount({ ...account });
  return { accounts: DEMO_ACCOUNTS.map((a) => ({ ...a })), datasets: 0 };
}
