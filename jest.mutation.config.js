/** The unit specs alone (no database), for the mutation run (stryker.config.mjs). */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  testMatch: ['<rootDir>/server/src/**/*.spec.ts'],
};
