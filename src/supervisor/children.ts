/**
 * Operator child processes (monitor, agent) spawned with execa, their
 * NDJSON stdout read line by line. Stopping sends SIGTERM, then SIGKILL
 * after a grace period; nothing is left running.
 */
import { createInterface } from 'node:readline'
import { execa } from 'execa'
import { SUPERVISOR_PID_ENV } from '../core/supervisor-env.js'

export { SUPERVISOR_PID_ENV }

export interface Child {
  name: string
  pid: number | undefined
  exited: Promise<{ code: number | undefined; signal: string | undefined }>
  stop(graceMs?: number): Promise<void>
}

export function spawnOperator(
  cliPath: string,
  name: string,
  args: string[],
  env: Record<string, string>,
  onLine: (line: string, stream: 'stdout' | 'stderr') => void,
): Child {
  const child = execa(process.execPath, [cliPath, ...args], {
    env,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    forceKillAfterDelay: 5000,
  })
  if (child.stdout) createInterface({ input: child.stdout }).on('line', (l) => onLine(l, 'stdout'))
  if (child.stderr) createInterface({ input: child.stderr }).on('line', (l) => onLine(l, 'stderr'))
  const exited = child.then((r) => ({ code: r.exitCode, signal: r.signal }))
  return {
    name,
    pid: child.pid,
    exited,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}
