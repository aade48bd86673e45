import { defineConfig } from 'vitest/config'

/**
 * The second lane: scripts/test-integration.sh runs these files, one at a
 * time, in a vitest process beside the other integration files (also one at
 * a time): two files at once on a two-core machine, so at most two clusters.
 * It holds the files that start no cluster (a database, the CLI, the Docker
 * engine, the host) and cluster files whose deadlines bear a busy machine,
 * chosen so both lanes take about as long. The timing-sensitive ones (kill
 * switch, safety, the shipped scenarios' `within`s) stay in the first lane.
 */
export const SECOND_LANE = [
  'test/integration/approver-identity.test.ts',
  'test/integration/audit-anchor.test.ts',
  'test/integration/audit-package.test.ts',
  'test/integration/contract-errors.test.ts',
  'test/integration/docker-actions.test.ts',
  'test/integration/doctor.test.ts',
  'test/integration/etcd-attach-client.test.ts',
  'test/integration/etcd-attach-docker.test.ts',
  'test/integration/governance.test.ts',
  'test/integration/host-actions.test.ts',
  'test/integration/kill-switch-busy.test.ts',
  'test/integration/kill-switch-containers.test.ts',
  'test/integration/llm-brain.test.ts',
  'test/integration/mcp.test.ts',
  'test/integration/pg-server.test.ts',
  'test/integration/policy-recommend.test.ts',
  'test/integration/ratelimiter-agent.test.ts',
  'test/integration/ratelimiter-observe.test.ts',
  'test/integration/ratelimiter-runtime.test.ts',
  'test/integration/recovery.test.ts',
  'test/integration/remediation-loop.test.ts',
  'test/integration/replay.test.ts',
  'test/integration/sandbox.test.ts',
  'test/integration/scenarios-multi.test.ts',
  'test/integration/scenarios-ratelimiter.test.ts',
  'test/e2e/replay-screen.test.ts',
]

/**
 * The store-sensitive unit tests, run a second time on PostgreSQL (a private
 * server, a schema per test): the store's contract, the gate, approvals,
 * tokens, the kill switch and the audit chain hold alike on both stores.
 */
export const PG_UNIT = [
  'src/store/**/*.test.ts',
  'src/safety/**/*.test.ts',
  'src/agent/**/*.test.ts',
  'src/contract/**/*.test.ts',
  'src/audit/**/*.test.ts',
]

/**
 * Store-sensitive integration files run a second time on PostgreSQL (each
 * operator environment on a fresh database of one private server), after the
 * second lane: approvals and tokens through the CLI, and an agent's crash
 * recovery. pg-fleet.test.ts (first lane) is PostgreSQL's own.
 */
export const PG_INTEGRATION = ['test/integration/governance.test.ts', 'test/integration/recovery.test.ts']

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
          // PostgreSQL's own mechanisms (NOTIFY, its errors): only in unit-pg, which has a server.
          exclude: ['src/store/pg/**'],
          testTimeout: 10_000,
          isolate: false,
        },
      },
      {
        test: {
          name: 'unit-pg',
          include: PG_UNIT,
          // The WAL file watch is SQLite's; PostgreSQL's waits are LISTEN/NOTIFY (tested there).
          exclude: ['src/safety/await-database.test.ts'],
          globalSetup: ['test/fixtures/pg-global.ts'],
          isolate: false,
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          exclude: SECOND_LANE,
          ...oneFileAtATime,
        },
      },
      { test: { name: 'integration-second', include: SECOND_LANE, ...oneFileAtATime } },
      {
        test: {
          name: 'integration-pg',
          include: PG_INTEGRATION,
          globalSetup: ['test/fixtures/pg-global.ts'],
          ...oneFileAtATime,
        },
      },
    ],
  },
})
