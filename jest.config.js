/** Unit specs beside the code; end-to-end tests in test/ against a real PostgreSQL. */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] };

module.exports = {
  testTimeout: 60_000,
  // The run ends when the last test has: a child left behind by a worker thread (tsx's esbuild service,
  // started by the seed:load worker) must not keep CI waiting. Every test closes what it starts.
  forceExit: true,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: [
        '<rootDir>/server/src/**/*.spec.ts',
        '<rootDir>/test/schema.test.ts',
        '<rootDir>/test/architecture.test.ts',
        '<rootDir>/test/console-i18n.test.ts',
        '<rootDir>/test/dockerfile.test.ts',
        '<rootDir>/test/console-export.test.ts',
        '<rootDir>/test/console-documents.test.ts',
        '<rootDir>/test/console-skm.test.ts',
      ],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      testMatch: [
        '<rootDir>/test/e2e/**/*.test.ts',
        '<rootDir>/test/browser/**/*.test.ts',
        '<rootDir>/test/scale/**/*.test.ts',
      ],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
    {
      // Crashes, signals and outages against real server processes.
      displayName: 'faults',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
  ],
};
