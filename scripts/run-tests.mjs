#!/usr/bin/env node
// Runs one tier of the test suite and prints how long it took and, as its last line, `N passed, N failed` (a test
// file that fails to load counts as a failure). Usage: node scripts/run-tests.mjs <tier> [jest arguments...]
//
//   default  unit + integration + security, on embedded PGlite (or TEST_DATABASE_URL): needs nothing but Node
//   unit     pure unit tests; starts no database
//   browser  browser tests in Chromium
//   faults   fault injection: kill -9, full disks (tmpfs), PostgreSQL restarts; needs root and PostgreSQL 15
//   corpus   the whole anthropic-evals corpus, from CORPUS_DIR
//   all      every tier above, in one Jest run
//
// A tier whose prerequisite is missing fails, saying what to install or set: no test is ever skipped. Paths given
// after the tier (e.g. `npm test -- tests/unit/stats`) narrow the run to those files within the tier.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PG_INITDB = '/usr/lib/postgresql/15/bin/initdb';

const chromium = () =>
  [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p) => p && fs.existsSync(p),
  );

/** What each prerequisite needs, as the message shown when it is missing (null when it is met). */
const NEEDS = {
  chromium: () =>
    chromium()
      ? null
      : 'The browser tests need Chromium. On Debian/Ubuntu: sudo apt-get install -y chromium ' +
        '(or set CHROMIUM_PATH to a Chromium or Chrome binary).',
  root: () =>
    process.getuid?.() === 0
      ? null
      : 'The fault tests need root: they mount small tmpfs disks and run private PostgreSQL clusters. ' +
        'Run `sudo npm run test:faults`.',
  postgres: () =>
    fs.existsSync(PG_INITDB)
      ? null
      : `The fault tests need PostgreSQL 15's server binaries (${PG_INITDB}): sudo apt-get install -y postgresql-15.`,
  loop: () => {
    const missing = [
      ['bash', ['-c', 'true']],
      ['curl', ['--version']],
      ['jq', ['--version']],
      ['python3', ['-c', 'import requests']],
    ].filter(([cmd, args]) => spawnSync(cmd, args, { stdio: 'ignore' }).status !== 0);
    return missing.length
      ? `The README's API loop runs with curl, jq and Python's requests; missing: ${missing.map(([c]) => (c === 'python3' ? 'python3 with requests' : c)).join(', ')}. ` +
          'On Debian/Ubuntu: sudo apt-get install -y curl jq python3-requests.'
      : null;
  },
  corpus: () =>
    process.env.CORPUS_DIR && fs.existsSync(path.join(process.env.CORPUS_DIR, 'persona'))
      ? null
      : 'The corpus tests need the whole anthropic-evals corpus: set CORPUS_DIR to its folder ' +
        '(the one holding persona/ and advanced-ai-risk/), e.g. CORPUS_DIR=../shared/datasets/anthropic-evals.',
};

const TIERS = {
  default: {
    projects: ['unit', 'db'],
    paths: ['tests/unit/', 'tests/integration/', 'tests/security/'],
    needs: [],
  },
  unit: { projects: ['unit'], paths: ['tests/unit/'], needs: [] },
  browser: { projects: ['db'], paths: ['tests/browser/'], needs: ['chromium'] },
  faults: { projects: ['db'], paths: ['tests/faults/'], needs: ['root', 'postgres'] },
  loop: { projects: ['db'], paths: ['tests/loop/'], needs: ['loop'] },
  corpus: { projects: ['unit'], paths: ['tests/corpus/'], needs: ['corpus'] },
  all: { projects: ['unit', 'db'], paths: [], needs: ['chromium', 'loop', 'root', 'postgres', 'corpus'] },
};

const [tierName = 'default', ...rest] = process.argv.slice(2);
const tier = TIERS[tierName];
if (!tier) {
  console.error(`Unknown test tier "${tierName}"; one of: ${Object.keys(TIERS).join(', ')}.`);
  process.exit(2);
}
const missing = tier.needs.map((n) => NEEDS[n]()).filter(Boolean);
if (missing.length) {
  for (const m of missing) console.error(m);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const userPaths = rest.filter((a) => !a.startsWith('-'));
const flags = rest.filter((a) => a.startsWith('-'));
const out = path.join(os.tmpdir(), `evalvet-jest-${process.pid}.json`);
const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
};
const jest = path.resolve('node_modules/jest/bin/jest.js');
const args = [
  jest,
  '--json',
  `--outputFile=${out}`,
  ...flags,
  '--selectProjects',
  ...tier.projects,
  '--',
  ...(userPaths.length ? userPaths : tier.paths),
];
const started = Date.now();
const result = spawnSync(process.execPath, args, { stdio: 'inherit', env });
const seconds = Math.round((Date.now() - started) / 1000);

let passed = 0;
let failed = 1;
try {
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
  fs.rmSync(out, { force: true });
} catch {
  console.error('Jest produced no report; counting the run as failed.');
}
if (result.status !== 0 && failed === 0) failed = 1;
console.log(`\nTier "${tierName}" took ${Math.floor(seconds / 60)} min ${seconds % 60} s.`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
