/**
 * The specs of the mutated code alone (domain rules, state machines and the
 * security-critical decisions with specs of their own; no database), for the
 * mutation run (stryker.config.mjs).
 * The generated-input properties (properties.spec.ts) stay out: they guard
 * against crashes on any input, not particular values, and would run 100
 * cases for every mutant.
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false, isolatedModules: true }] },
  testMatch: [
    '<rootDir>/server/src/domain/**/*.spec.ts',
    '<rootDir>/server/src/modules/**/*.machine.spec.ts',
    '<rootDir>/server/src/modules/audit/audit-chain.spec.ts',
    '<rootDir>/server/src/modules/auth/password-login.spec.ts',
    '<rootDir>/server/src/shared/code-mac.spec.ts',
    '<rootDir>/server/src/shared/client-address.spec.ts',
    '<rootDir>/server/src/graphql/guards.spec.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/server/src/domain/properties.spec.ts'],
};
