/**
 * The kill switch's nudge to running agents: a signal to each agent process
 * recorded in the database, only when that pid still runs an operator agent
 * (a reused pid is never signalled).
 */
import { readFileSync } from 'node:fs'
import type { AgentRecord } from '../core/records.js'

export function isAgentProcess(pid: number): boolean {
  if (pid <= 1 || pid === process.pid) return false
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    return argv.includes('agent') && argv.some((a) => a.includes('operator') || a.endsWith('main.js'))
  } catch {
    return false
  }
}

export function signalAgents(agents: readonly AgentRecord[], signal: NodeJS.Signals): AgentRecord[] {
  const signalled: AgentRecord[] = []
  for (const a of agents) {
    if (!isAgentProcess(a.pid)) continue
    try {
      process.kill(a.pid, signal)
      signalled.push(a)
    } catch {
      // Gone between the check and the signal: nothing left to stop.
    }
  }
  return signalled
}
