/**
 * Unit and integration tests run under ts-jest; integration tests start real servers on 127.0.0.1.
 * globalSetup starts a throwaway PostgreSQL cluster for the suites that run against both audit
 * stores (test/pg/global-setup.ts; COMPLIANCE_TEST_PG_URL uses an existing server instead).
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 20000,
  globalSetup: '<rootDir>/test/pg/global-setup.ts',
  globalTeardown: '<rootDir>/test/pg/global-teardown.ts',
};
