/**
 * Jest: TypeScript through SWC (type checking is `npm run check`). Two projects: `unit` (pure code: tests/unit and
 * the whole-corpus tier tests/corpus) starts no database; `db` (integration, security, browser, API-loop and fault tests)
 * migrates one template database per run in its global setup, which Jest runs only when a test of the project is
 * selected. scripts/run-tests.mjs picks the tiers (README: Tests).
 */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

module.exports = {
  // Generous: it only catches hangs, and a loaded 2-core machine can take tens of seconds to open a database.
  testTimeout: 120000,
  maxWorkers: 2,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts', '<rootDir>/tests/corpus/**/*.test.ts'],
    },
    {
      displayName: 'db',
      testEnvironment: 'node',
      transform,
      testMatch: [
        '<rootDir>/tests/integration/**/*.test.ts',
        '<rootDir>/tests/security/**/*.test.ts',
        '<rootDir>/tests/browser/**/*.test.ts',
        '<rootDir>/tests/loop/**/*.test.ts',
        '<rootDir>/tests/faults/**/*.test.ts',
      ],
      globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
    },
  ],
};
