/** Jest: TypeScript through SWC (type checking is `npm run check`). */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  // Generous: it only catches hangs, and a loaded 2-core machine can take tens of seconds to open a database.
  testTimeout: 120000,
  maxWorkers: 2,
};
