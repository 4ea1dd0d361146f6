import nextJest from 'next/jest.js'

// Packages shipped as ESM only; Jest must transform them.
const esm = ['next-sanity', '@portabletext', '@sanity', 'nanoid', 'groq-js', 'obug', 'uuid', 'lodash-es']

const shared = {
  moduleNameMapper: {'^@/(.*)$': '<rootDir>/$1', '^server-only$': '<rootDir>/tests/support/empty-module.ts'},
}

export default async function jestConfig() {
  const unit = await nextJest({dir: './'})({
    ...shared,
    displayName: 'unit',
    testEnvironment: 'jsdom',
    setupFilesAfterEnv: ['<rootDir>/tests/support/setup-dom.ts'],
    testMatch: ['<rootDir>/tests/{unit,components}/**/*.test.{ts,tsx}'],
  })()
  const e2e = await nextJest({dir: './'})({
    ...shared,
    displayName: 'e2e',
    testEnvironment: 'node',
    testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
    globalSetup: '<rootDir>/tests/e2e/global-setup.ts',
    // browser suites start a production server; the per-test default of 5 s is too short
    setupFilesAfterEnv: ['<rootDir>/tests/support/setup-e2e.ts'],
  })()
  for (const project of [unit, e2e]) {
    project.transformIgnorePatterns = [`/node_modules/(?!(${esm.join('|')})(/|$))`, '^.+\\.module\\.(css|sass|scss)$']
  }
  return {projects: [unit, e2e]}
}
