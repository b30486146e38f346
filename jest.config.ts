/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// Middy 7 and jose 6 ship ESM only: they are transformed like our own code (Middy is also resolved
// with the `import` condition).
const base = {
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/)?(@middy|jose))'],
  resolver: '<rootDir>/test/jest/resolver.cjs',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testEnvironment: 'node',
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
} satisfies Partial<Config>;

const config: Config = {
  // The API contract: e2e answers recorded per worker (test/contract/record.ts), checked after all
  // projects ran against each service's GET /openapi.json (docs/architecture.md "Contract test").
  globalSetup: '<rootDir>/test/contract/reset.mjs',
  globalTeardown: '<rootDir>/test/contract/check.mjs',
  // The test run (scripts/test.mjs) starts the local stack once and passes its endpoints in the env.
  projects: [
    {
      ...base,
      displayName: 'unit',
      setupFiles: ['<rootDir>/test/jest/quiet-metrics.ts', '<rootDir>/test/jest/fast-check-seed.ts'],
      testMatch: [
        '<rootDir>/{packages,services}/*/test/unit/**/*.test.ts',
        '<rootDir>/test/unit/**/*.test.ts',
      ],
    },
    {
      ...base,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/{packages,services}/*/test/integration/**/*.test.ts',
        '<rootDir>/test/integration/**/*.test.ts',
      ],
      setupFiles: ['<rootDir>/test/jest/local-guard.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: [
        '<rootDir>/{packages,services,apps}/*/test/e2e/**/*.test.ts',
        '<rootDir>/test/e2e/**/*.test.ts',
      ],
      setupFiles: ['<rootDir>/test/jest/local-guard.ts', '<rootDir>/test/contract/record.ts'],
    },
    {
      // Cross-service security and reliability suites (issue 9) against the running offline stack.
      // `*.long.test.ts` (the 10-minute soak, the 10,000-case fuzz) run only under `npm run test:long`
      // (scripts/test.mjs sets LONG=1): selected by path here, never skipped inside a test.
      ...base,
      displayName: 'security',
      testMatch: ['<rootDir>/test/{security,reliability}/**/*.test.ts'],
      testPathIgnorePatterns:
        process.env.LONG === '1' ? ['/node_modules/'] : ['/node_modules/', '\\.long\\.test\\.ts$'],
      setupFiles: ['<rootDir>/test/jest/local-guard.ts', '<rootDir>/test/jest/fast-check-seed.ts'],
    },
    {
      ...base,
      displayName: 'infra',
      testMatch: ['<rootDir>/test/infra/**/*.test.ts'],
    },
    {
      // Going live (issue 16): the doctor and messenger:setup against the simulator, the Athena engine
      // against tools/athena-fake, every command of docs/go-live.md run with --help.
      ...base,
      displayName: 'ops',
      testMatch: ['<rootDir>/test/ops/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/jest/local-guard.ts'],
    },
  ],
};

export default config;
