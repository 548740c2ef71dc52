// Three tiers, selected with --selectProjects. TypeScript is transpiled by esbuild
// (type checking is `npm run typecheck`), which keeps test start-up fast.
const transform = { '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.js' };
const common = {
  rootDir: __dirname,
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
};
module.exports = {
  // One test file at a time: the lab's e2e tests bind fixed loopback addresses (the lab default's
  // 127.0.10.x) and would collide in parallel workers. On 2 cores Jest uses one worker anyway.
  maxWorkers: 1,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'], setupFilesAfterEnv: [...common.setupFilesAfterEnv, '<rootDir>/test/support/unit-tmpdir.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'], slowTestThreshold: 60 },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], slowTestThreshold: 300 },
  ],
};
