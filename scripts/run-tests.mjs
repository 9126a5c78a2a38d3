#!/usr/bin/env node
// Runs the Jest suite once and prints `N passed, N failed` as its last line (a test file that fails to load
// counts as a failure). Extra arguments go to Jest. The database is the embedded PGlite unless
// TEST_DATABASE_URL or DATABASE_URL names a server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const out = path.join(os.tmpdir(), `evalvet-jest-${process.pid}.json`);
const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
};
const jest = path.resolve('node_modules/jest/bin/jest.js');
const result = spawnSync(
  process.execPath,
  [jest, '--json', `--outputFile=${out}`, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env,
  },
);
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
console.log(`${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
