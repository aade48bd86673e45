import { defineConfig } from 'vitest/config'

// Two projects: fast unit tests beside the code, and integration tests that
// drive real etcd members and real operator processes. Integration tests run
// one file at a time: each starts its own cluster on a two-core machine.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'subjects/**/*.test.ts', 'test/unit/**/*.test.ts'],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { concurrent: false },
        },
      },
    ],
  },
})
