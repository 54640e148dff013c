// Three tiers (docs/architecture.md, Tests): unit specs beside the code, integration specs through the real
// Nest app on real PostgreSQL, and black-box e2e specs. @swc/jest compiles TypeScript and the
// ES-module-only NestJS 12 packages to CommonJS (jest's own runtime cannot load them).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const esmPackages = ['@nestjs', 'file-type', 'strtok3', 'token-types', 'uint8array-extras', '@tokenizer'];
const common = {
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: {
    '^@closewatch/contracts/(.*)$': '<rootDir>/libs/contracts/src/$1',
    '^@closewatch/recon/(.*)$': '<rootDir>/libs/recon/src/$1',
  },
  testEnvironment: 'node',
  rootDir: __dirname,
};
module.exports = {
  projects: [
    // 30 s, not jest's 5 s: property tests and the external sort's spills take seconds when the machine is busy (a CI run beside other work).
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'], testTimeout: 30_000 },
    {
      ...common,
      displayName: 'int',
      setupFilesAfterEnv: ['<rootDir>/apps/api/test/support/timeout-int.ts'],
      testMatch: ['<rootDir>/apps/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/apps/api/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/apps/api/test/support/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      setupFilesAfterEnv: ['<rootDir>/e2e/support/timeout-e2e.ts'],
      testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/apps/api/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/apps/api/test/support/global-teardown.ts',
    },
  ],
};
