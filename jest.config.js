/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/spec/helpers/setup.ts'],
  // Names the tests that did not run and why, at the end of every run; in CI a skipped broker or browser suite fails it.
  reporters: ['default', '<rootDir>/.ci/skippedReporter.js'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^@torematrix/event-bus$': '<rootDir>/lib/index.ts',
    '^@torematrix/event-bus/testing$': '<rootDir>/lib/testing/index.ts',
    '^@torematrix/event-bus/prometheus$': '<rootDir>/lib/prometheus/index.ts',
    '^@torematrix/event-bus/inspector$': '<rootDir>/lib/inspector/index.ts',
    '^@torematrix/event-bus/otel$': '<rootDir>/lib/otel/index.ts',
  },
  collectCoverage: true,
  collectCoverageFrom: ['lib/**/*.ts', '!lib/transports/**'],
  coverageReporters: ['text-summary', 'lcov'],
  coverageThreshold: { global: { lines: 90, statements: 90, functions: 85, branches: 80 } },
}
