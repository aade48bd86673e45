/**
 * What the panels show of one run: its cluster table and violations, its
 * workload samples, its Monitor and Agent logs, its tickets and proposals.
 * The view model keeps one per run (`demo --clusters N`) and shows the one
 * selected; with a single run there is one, and nothing else changes.
 */
import type { Proposal, Ticket } from '../core/records.js'
import { RingBuffer } from '../core/ring-buffer.js'
import type { ClusterTable } from '../core/subject.js'
import { parseWorkloadStats } from '../core/workload-stat.js'
import { num } from './event-lines.js'
import type { ClusterHealth, LogLine, Tone, WorkloadSample } from './view-types.js'

export interface RunViewCapacity {
  logs: number
  samples: number
}

export class RunView {
  cluster: ClusterTable | null = null
  /** Violation keys of the last observation (with grace periods, as the monitor saw them). */
  violations: string[] = []
  observedAt: number | null = null
  readonly samples: RingBuffer<WorkloadSample>
  readonly monitorLog: RingBuffer<LogLine>
  readonly agentLog: RingBuffer<LogLine>
  tickets: Ticket[] = []
  /** Proposals awaiting a person, oldest first. */
  pending: Proposal[] = []
  /** Proposals currently executing. */
  executing: Proposal[] = []
  /** The monitor's fleet said the run was taken down. */
  ended = false

  /** `id` is null until the view model learns which run it is (a single run never needs to). */
  constructor(
    public id: string | null,
    capacity: RunViewCapacity,
  ) {
    this.samples = new RingBuffer(capacity.samples)
    this.monitorLog = new RingBuffer(capacity.logs)
    this.agentLog = new RingBuffer(capacity.logs)
  }

  get health(): ClusterHealth {
    if (this.observedAt === null) return 'unknown'
    if (this.executing.length > 0 || this.tickets.some((t) => t.status === 'in_progress')) return 'repairing'
    return this.violations.length > 0 ? 'degraded' : 'healthy'
  }

  /** One `workload.sample` event. */
  addSample(e: Record<string, unknown>, at: number): void {
    this.samples.push({
      at,
      ops_per_s: num(e.ops_per_s),
      p99_ms: num(e.p99_ms),
      errors: num(e.errors),
      stats: parseWorkloadStats(e.stats),
    })
  }

  /** The monitor's look at the cluster: its table (kept when it renders none) and the violation keys. */
  observe(table: ClusterTable | null, violations: unknown, at: number): void {
    if (table) this.cluster = table
    this.violations = Array.isArray(violations) ? violations.map(String) : []
    this.observedAt = at
  }

  /** Pushes an agent line; a streamed line is rewritten in place while its answer grows. */
  pushAgent(line: LogLine): void {
    if (line.stream !== undefined && this.agentLog.peekLast()?.stream === line.stream) this.agentLog.replaceLast(line)
    else this.agentLog.push(line)
  }

  /** Forgets everything taken in; the run's id stays. */
  clear(): void {
    this.cluster = null
    this.violations = []
    this.observedAt = null
    this.samples.clear()
    this.monitorLog.clear()
    this.agentLog.clear()
    this.tickets = []
    this.pending = []
    this.executing = []
    this.ended = false
  }
}

/** A run's state in a word or two, for the status line: `ok`, `2 tickets`, `degraded`, `down`. */
export function runGlance(run: RunView): { text: string; tone: Tone | 'quiet' } {
  if (run.ended) return { text: 'down', tone: 'quiet' }
  const unresolved = run.tickets.filter((t) => t.status !== 'resolved')
  if (unresolved.length > 0) {
    const escalated = unresolved.some((t) => t.status === 'escalated')
    return {
      text: `${unresolved.length} ticket${unresolved.length === 1 ? '' : 's'}`,
      tone: escalated ? 'bad' : 'warn',
    }
  }
  if (run.observedAt === null) return { text: '…', tone: 'quiet' }
  if (run.health === 'repairing') return { text: 'repairing', tone: 'warn' }
  return run.health === 'degraded' ? { text: 'degraded', tone: 'bad' } : { text: 'ok', tone: 'good' }
}

/**
 * Short names for the runs: what follows the prefix all share up to a `-`,
 * `.` or `_`, numbers marked with `#` (`etcd-142233-1`, `etcd-142233-2` →
 * `#1`, `#2`, prefix `etcd-142233`); the whole ids when they share none.
 */
export function runLabels(ids: readonly string[]): { prefix: string; labels: string[] } {
  if (ids.length < 2) return { prefix: '', labels: [...ids] }
  const first = ids[0] ?? ''
  let cut = 0
  for (let i = 0; i < first.length; i++) {
    if (!ids.every((id) => id[i] === first[i])) break
    if ('-._'.includes(first[i] ?? '')) cut = i + 1
  }
  const labels = ids.map((id) => id.slice(cut))
  if (cut === 0 || labels.some((l) => l === '')) return { prefix: '', labels: [...ids] }
  return { prefix: first.slice(0, cut - 1), labels: labels.map((l) => (/^\d+$/.test(l) ? `#${l}` : l)) }
}
