import { defineConfig } from 'vitest/config';

/**
 * One `npm test` runs every kind of test. Integration and e2e tests share one DynamoDB Local
 * started by tests/setup/dynamodb.ts; each test file makes its own table.
 */
export default defineConfig({
  test: {
    projects: [
      {
        // The 500 test logs its error on purpose; keep the run's output readable.
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], env: { POWERTOOLS_LOG_LEVEL: 'SILENT' } },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // Some tests provoke logged errors on purpose; the assertions say what matters.
          env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
          globalSetup: ['tests/setup/dynamodb.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      { test: { name: 'infra', include: ['tests/infra/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 300_000 } },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/dynamodb.ts', 'tests/setup/web-build.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
