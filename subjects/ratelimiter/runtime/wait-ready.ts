/**
 * Waits, bounded, until a starting run is ready (readiness.ts). A node whose
 * process exits fails at once, in one line with the decisive lines of its
 * log; a run still not ready at the deadline fails naming what is not.
 */
import type { Clock } from '../../../src/core/clock.js'
import { OperatorError } from '../../../src/core/errors.js'
import { logTail } from './log-tail.js'
import { isLive } from './node-process.js'
import { notReady } from './readiness.js'
import { readNodeRecord } from './run-files.js'
import type { RatelimiterRunRecord, RunNode } from './run-record.js'
import { nodeLogFile, runDir } from './run-record.js'
import { STARTUP_TIMEOUT_MS } from './settings.js'

export async function waitUntilReady(
  home: string,
  run: RatelimiterRunRecord,
  primary: RunNode,
  signal: AbortSignal,
  clock: Clock,
  timeoutMs = STARTUP_TIMEOUT_MS,
): Promise<void> {
  const until = clock.now() + timeoutMs
  for (;;) {
    signal.throwIfAborted()
    const dead = run.nodes.find((n) => {
      const record = readNodeRecord(home, run.run_id, n.name)
      return record === null || !isLive(record)
    })
    if (dead !== undefined) {
      const tail = logTail(home, run.run_id, dead.name, 2).join(' | ')
      throw new OperatorError(
        'subject',
        `ratelimiter ${dead.kind} node ${dead.name} exited during startup${tail !== '' ? `: ${tail}` : ''}`,
        `see ${nodeLogFile(home, run.run_id, dead.name)}`,
      )
    }
    const problems = await notReady(run, primary)
    if (problems.length === 0) return
    if (clock.now() >= until) {
      throw new OperatorError(
        'subject',
        `ratelimiter run ${run.run_id} not ready after ${timeoutMs / 1000} s: ${problems.join('; ')}`,
        `see the node logs in ${runDir(home, run.run_id)}/logs`,
      )
    }
    await clock.sleep(250, signal)
  }
}
