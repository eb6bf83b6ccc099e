// Mutation testing (npm run test:mutation): Stryker changes the pure rules and
// the security-critical decisions one operator at a time and runs the unit specs; a change no spec notices is a
// rule nothing protects. Unit specs only (no database), so a run takes minutes.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  mutate: [
    'server/src/domain/**/*.ts',
    '!server/src/domain/**/*.spec.ts',
    // State machines that decide who may do what to an account, a registration, an email change.
    'server/src/modules/account/account.machine.ts',
    'server/src/modules/registration/registration.machine.ts',
    'server/src/modules/email-change/email-change.machine.ts',
    'server/src/modules/legacy/legacy-replacement.machine.ts',
    'server/src/modules/complaint/complaint.machine.ts',
    'server/src/modules/data-rights/data-request.machine.ts',
    // Security-critical services whose decisions have specs of their own (no database).
    'server/src/modules/audit/audit-chain.ts',
    'server/src/modules/auth/password-login.ts',
    'server/src/shared/code-mac.ts',
    'server/src/shared/client-address.ts',
    // Which root fields a session limited to one step (new notice, generated staff password) may call.
    'server/src/graphql/guards.ts',
    'server/src/shared/limited-session.ts',
  ],
  coverageAnalysis: 'perTest',
  // Reruns only the mutants whose code or specs changed since the last run (reports/stryker-incremental.json).
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  concurrency: 2,
  timeoutMS: 20000,
  // Static mutants (word lists, regular expressions built once) would each rerun every spec: ignored.
  ignoreStatic: true,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  thresholds: { high: 90, low: 85, break: 85 },
  // Local data (a benchmark's ten-million-account cluster is tens of GB) is never copied into the sandbox.
  ignorePatterns: ['.bench-data', '.test-data', '.data', 'bench-results', 'reports', 'test/browser/screenshots'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
