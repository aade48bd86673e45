/**
 * `runSummary(deps, runId)`: a run in numbers — status and length, tickets
 * opened / resolved / escalated / open, executions, denials, approvals, and
 * per fault injected the time to detect (first ticket opened after it) and
 * to repair (the last of its tickets resolved), as the scenario report
 * measures them; the run's figures are the medians over its faults.
 * No run id: the newest run.
 */
import { z } from 'zod'
import type { AuditEvent } from '../core/records.js'
import { SYSTEM_ACTOR } from '../safety/approval-rules.js'
import { type ContractDeps, EvidenceRef, ref, SCHEMA_VERSION, SchemaVersion } from './common.js'
import { verify } from './explain-facts.js'
import { faultTimings, median } from './explain-fault-timings.js'
import { resolveRun } from './explain-runs.js'
import { evidenceLine, iso } from './explain-text.js'

const Count = z.number().int().min(0)
const Ms = z.number().nullable()

export const RunSummary = z
  .object({
    schema_version: SchemaVersion,
    run_id: z.string(),
    subject: z.string().nullable(),
    /** demo, headless, scenario; null when not recorded (`cluster up` from the CLI). */
    kind: z.string().nullable(),
    status: z.enum(['running', 'ended']),
    started_at: z.number(),
    ended_at: z.number().nullable(),
    /** Until the end, or until now while it runs. */
    duration_ms: z.number(),
    tickets: z.object({ opened: Count, resolved: Count, escalated: Count, open: Count }).strict(),
    /** Proposals that entered the gate's `executing`, and how they ended. */
    executions: z
      .object({ started: Count, executed: Count, failed: Count, verified: Count, verify_failed: Count })
      .strict(),
    denials: Count,
    approvals: z.object({ by_people: Count, by_system: Count, rejections: Count }).strict(),
    /** Median over the faults with a ticket; null without one. */
    time_to_detect_ms: Ms,
    /** Median over the faults whose tickets all resolved; null without one. */
    time_to_repair_ms: Ms,
    faults: z.array(
      z
        .object({
          seq: z.number().int(),
          fault: z.string(),
          targets: z.array(z.string()),
          at: z.number(),
          tickets: z.array(z.string()),
          time_to_detect_ms: Ms,
          time_to_repair_ms: Ms,
        })
        .strict(),
    ),
    evidence: z.array(EvidenceRef),
  })
  .strict()
export type RunSummary = z.infer<typeof RunSummary>

export function runSummary(deps: ContractDeps, runId?: string): RunSummary {
  const now = deps.clock.now()
  const run = resolveRun(deps.store, runId, now)
  const count = (type: string, when: (e: AuditEvent) => boolean = () => true) =>
    run.events.filter((e) => e.type === type && when(e)).length
  const faults = faultTimings(run.events, run.tickets, run.ended_at ?? now)
  const first = run.events[0]
  const last = run.events.at(-1)
  const statusCount = (s: string) => run.tickets.filter((t) => t.status === s).length
  return {
    schema_version: SCHEMA_VERSION,
    run_id: run.id,
    subject: run.subject,
    kind: run.kind,
    status: run.status,
    started_at: run.started_at,
    ended_at: run.ended_at,
    duration_ms: Math.max(0, (run.ended_at ?? now) - run.started_at),
    tickets: {
      opened: run.tickets.length,
      resolved: statusCount('resolved'),
      escalated: statusCount('escalated'),
      open: statusCount('open') + statusCount('in_progress'),
    },
    executions: {
      started: count('proposal.executing'),
      executed: count('proposal.executed'),
      failed: count('proposal.failed', (e) => e.payload.from === 'executing'),
      verified: count('proposal.verified'),
      verify_failed: count('proposal.verify_failed'),
    },
    denials: count('proposal.denied'),
    approvals: {
      by_people: count('approval.recorded', (e) => approves(e) && e.actor !== SYSTEM_ACTOR),
      by_system: count('approval.recorded', (e) => approves(e) && e.actor === SYSTEM_ACTOR),
      rejections: count('approval.recorded', (e) => e.payload.decision === 'reject'),
    },
    time_to_detect_ms: median(faults.map((x) => x.time_to_detect_ms)),
    time_to_repair_ms: median(faults.map((x) => x.time_to_repair_ms)),
    faults,
    evidence: [
      ref.of('run_id', run.id),
      ...(first && last ? [ref.seq([first.seq, last.seq], 'the run’s events')] : []),
      verify(`operator timeline ${run.id}`),
      verify('operator tickets --json'),
    ],
  }
}

const approves = (e: AuditEvent) => e.payload.decision === 'approve'

export function runSummaryText(s: RunSummary): string {
  const ms = (v: number | null) => (v === null ? '–' : `${v} ms`)
  const t = s.tickets
  const x = s.executions
  return [
    `run ${s.run_id}${s.kind ? ` (${s.kind})` : ''}: ${s.status}, started ${iso(s.started_at)}${s.ended_at === null ? '' : `, ended ${iso(s.ended_at)}`}, ${Math.round(s.duration_ms / 1000)} s`,
    `  tickets: ${t.opened} opened, ${t.resolved} resolved, ${t.escalated} escalated, ${t.open} open`,
    `  executions: ${x.started} started, ${x.executed} executed, ${x.verified} verified, ${x.failed} failed, ${x.verify_failed} verify failed`,
    `  denials: ${s.denials}; approvals: ${s.approvals.by_people} by people, ${s.approvals.by_system} by the system, ${s.approvals.rejections} rejected`,
    `  time to detect ${ms(s.time_to_detect_ms)}, time to repair ${ms(s.time_to_repair_ms)}`,
    ...s.faults.map(
      (f) =>
        `    fault ${f.fault} on ${f.targets.join(', ') || '?'} at ${iso(f.at)}: detect ${ms(f.time_to_detect_ms)}, repair ${ms(f.time_to_repair_ms)} (${f.tickets.join(', ') || 'no ticket'})`,
    ),
    `  ${evidenceLine(s.evidence)}`,
  ].join('\n')
}
