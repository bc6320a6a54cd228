// Jest runs in native ESM mode (NestJS 12 is ESM-only); @swc/jest strips types
// and emits decorator metadata. Two projects: fast unit tests beside the code,
// and end-to-end suites in test/ that drive the real app on a real engine.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

// ESM-only packages that CommonJS dependencies require(): Jest (on Node < 24.9)
// cannot require ESM, so these few are compiled to CommonJS for the tests.
const esmRequiredFromCjs = ['content-disposition', 'cookie'];
const swcToCommonJs = ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }];

const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    [`/node_modules/(${esmRequiredFromCjs.join('|')})/.+\\.js$`]: swcToCommonJs,
    '^.+\\.ts$': swc,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmRequiredFromCjs.join('|')})/)`],
  moduleNameMapper: {
    '^@maillage/(contract|platform|testing|identity|territories|ecosystem|reports|observatory|notifications|resources|studies)$':
      '<rootDir>/libs/$1/src/index.ts',
    '^@maillage/testing/(.+)\\.js$': '<rootDir>/libs/testing/src/$1.ts',
    '^@maillage/migrations$': '<rootDir>/migrations/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};

export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      // Beside the code, and the architecture checks over the whole tree (import cycles, named scopes).
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/architecture/*.spec.ts'],
    },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], slowTestThreshold: 30 },
  ],
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
  // Two cores run the API suites beside the browser suites (Chromium is hungry): a minute is tight.
  testTimeout: 120_000,
};
