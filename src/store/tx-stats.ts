/**
 * How long this process's write transactions held the database's write lock
 * (BEGIN IMMEDIATE acquired → COMMIT returned). With OPERATOR_TX_STATS set
 * to a file, one NDJSON line is appended to it when the process exits
 * (children of a supervised run inherit the variable), so a run's longest
 * hold can be read across every process that wrote.
 */
import { appendFileSync } from 'node:fs'

export const TX_STATS_ENV = 'OPERATOR_TX_STATS'

/** One process's write-lock holds. */
export interface TxStats {
  pid: number
  /** The operator subcommand (`monitor`, `agent`, `scenario`, …), or the script. */
  command: string
  transactions: number
  max_ms: number
  total_ms: number
  /** Where the longest hold was taken: the first caller frames outside the store's tx code. */
  max_at: string | null
}

const stats = { transactions: 0, max_ms: 0, total_ms: 0, max_at: null as string | null }
let exitHooked = false

/** Records one hold; the first call arranges the line written at exit. */
export function recordHold(ms: number): void {
  stats.transactions++
  stats.total_ms += ms
  if (ms > stats.max_ms) {
    stats.max_ms = ms
    stats.max_at = callerFrames()
  }
  if (!exitHooked) hookExit()
}

export function txStats(): TxStats {
  const command = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : (process.argv[1] ?? 'node')
  return { pid: process.pid, command, ...stats, max_ms: round(stats.max_ms), total_ms: round(stats.total_ms) }
}

function hookExit(): void {
  exitHooked = true
  const file = process.env[TX_STATS_ENV]
  if (!file) return
  process.once('exit', () => {
    try {
      // One short line with O_APPEND: lines from concurrent processes do not interleave.
      appendFileSync(file, `${JSON.stringify(txStats())}\n`)
    } catch {
      // Statistics never fail a command.
    }
  })
}

function callerFrames(): string | null {
  const frames = (new Error().stack ?? '').split('\n').slice(1)
  const outside = frames.filter((f) => !/\/tx(-stats)?\.[jt]s|node:internal|better-sqlite3/.test(f))
  return (
    outside
      .slice(0, 3)
      .map((f) => f.trim().replace(/^at /, ''))
      .join(' < ') || null
  )
}

const round = (ms: number) => Math.round(ms * 1000) / 1000
