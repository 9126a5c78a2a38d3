import { parseArgs } from 'node:util';
import readline from 'node:readline/promises';
import { ZodError } from 'zod';
import { loadConfig } from '../config';
import { openDatabase } from '../db/open-database';
import { migrateLatest } from '../db/migrator';
import { createAccountsService } from '../features/accounts/service';

/**
 * `npm run user:create -- --email a@b.org --role admin [--password-stdin]`: creates an account from a script.
 * The password comes from EVALVET_PASSWORD, or standard input, or a prompt; never from the command line.
 */
async function readPassword(): Promise<string> {
  if (process.env.EVALVET_PASSWORD) return process.env.EVALVET_PASSWORD;
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stderr,
    terminal: process.stdin.isTTY,
  });
  try {
    return (await rl.question('Password (at least 10 characters): ')).trim();
  } finally {
    rl.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, role: { type: 'string', default: 'researcher' } },
  });
  if (!values.email)
    throw new Error('usage: npm run user:create -- --email a@b.org --role worker|researcher|admin');
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateLatest(database.db);
    const accounts = createAccountsService({ db: database.db });
    const user = await accounts.createAccount({
      email: values.email,
      role: values.role as 'worker',
      password: await readPassword(),
    });
    console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof ZodError)
    console.error(err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
