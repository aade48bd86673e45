import { defineConfig } from 'vitest/config'

/**
 * The second lane: integration files that start no etcd cluster (a database,
 * the CLI, the Docker engine or the host only), and the multi-fault scenarios,
 * whose generous deadlines bear a busy machine. scripts/test-integration.sh
 * runs them, one at a time, in a vitest process beside the other cluster
 * files (also one at a time): two files at once on a two-core machine, at
 * most two clusters.
 */
export const LIGHT = [
  'test/integration/approver-identity.test.ts',
  'test/integration/audit-anchor.test.ts',
  'test/integration/audit-package.test.ts',
  'test/integration/docker-actions.test.ts',
  'test/integration/doctor.test.ts',
  'test/integration/host-actions.test.ts',
  'test/integration/kill-switch-busy.test.ts',
  'test/integration/kill-switch-containers.test.ts',
  'test/integration/sandbox.test.ts',
  'test/integration/scenarios-multi.test.ts',
  'test/e2e/replay-screen.test.ts',
]

const oneFileAtATime = {
  testTimeout: 180_000,
  hookTimeout: 60_000,
  fileParallelism: false,
  sequence: { concurrent: false },
}

// Fast unit tests beside the code; integration tests against real etcd members,
// real operator processes, a real Docker engine and real terminals.
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
          exclude: LIGHT,
          ...oneFileAtATime,
        },
      },
      { test: { name: 'integration-light', include: LIGHT, ...oneFileAtATime } },
    ],
  },
})
