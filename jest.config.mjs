import nextJest from 'next/jest.js'

// Packages shipped as ESM only; Jest must transform them.
const esm = ['next-sanity', '@portabletext', '@sanity', 'nanoid', 'groq-js', 'obug', 'uuid', 'lodash-es']

/** @param {import('jest').Config} project */
async function project(project) {
  const config = await nextJest({dir: './'})({
    moduleNameMapper: {'^@/(.*)$': '<rootDir>/$1', '^server-only$': '<rootDir>/tests/support/empty-module.ts'},
    ...project,
  })()
  // next/jest appends these to its own /node_modules/ rule, which would still skip the ESM packages: replace them
  config.transformIgnorePatterns = [`/node_modules/(?!(${esm.join('|')})(/|$))`, '^.+\\.module\\.(css|sass|scss)$']
  return config
}

/** One test file per core: the machines this runs on have two (README: "Tests"). freePort() keeps their ports apart. */
const WORKERS = 2

/**
 * End-to-end suites that hold the product to the clock: a publish reaches the other replica, or the home page, within
 * a second; a git pull lands in the second before the store rewrites its file. They are the `e2e-timed` project, run
 * alone after the others, so that another suite's server or browser cannot eat the second.
 */
const TIMED = ['replicas', 'front-hostile', 'studio-conflict']
const e2e = {
  testEnvironment: 'node',
  globalSetup: '<rootDir>/tests/e2e/global-setup.ts',
  // browser suites start a production server; the per-test default of 5 s is too short
  setupFilesAfterEnv: ['<rootDir>/tests/support/setup-e2e.ts'],
}

/**
 * Three projects, one per runtime a test needs: `node` for plain modules (`.test.ts` under unit/), `dom` for
 * anything rendered with React (`.test.tsx`), `e2e` for a production build driven through HTTP and Chromium
 * (and `e2e-timed`, its suites that must run alone).
 */
export default async function jestConfig() {
  return {
    maxWorkers: WORKERS,
    testSequencer: '<rootDir>/tests/support/slowest-first.js',
    projects: await Promise.all([
      project({displayName: 'node', testEnvironment: 'node', testMatch: ['<rootDir>/tests/unit/**/*.test.ts']}),
      project({
        displayName: 'dom',
        testEnvironment: '<rootDir>/tests/support/dom-environment.js',
        setupFilesAfterEnv: ['<rootDir>/tests/support/setup-dom.ts'],
        testMatch: ['<rootDir>/tests/{unit,components}/**/*.test.tsx'],
      }),
      project({
        displayName: 'e2e',
        testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
        testPathIgnorePatterns: [`/tests/e2e/(${TIMED.join('|')})\\.test\\.ts$`],
        ...e2e,
      }),
      project({displayName: 'e2e-timed', testMatch: [`<rootDir>/tests/e2e/{${TIMED.join(',')}}.test.ts`], ...e2e}),
    ]),
  }
}
