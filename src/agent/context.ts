/**
 * What every part of the agent loop shares: the subject, the store, the
 * clock, the logger and the agent's identity and tunables.
 */
import type { Brain } from '../brain/brain.js'
import type { Clock } from '../core/clock.js'
import type { Slots } from '../core/slots.js'
import type { Subject, Triage, Violation } from '../core/subject.js'
import { triageOf } from '../core/triage.js'
import type { Logger } from '../log/logger.js'
import type { SigningKey } from '../safety/approvals.js'
import type { LoadedPolicy } from '../safety/policy/load-policy.js'
import { DEFAULT_BUSY_TIMEOUT_MS } from '../store/open-database.js'
import type { Store } from '../store/store.js'

export interface AgentSettings {
  /** How long a violation must stay gone after executing (over at least two observations) to count as repaired. */
  settleMs: number
  /** How long verification keeps re-observing before calling it failed. */
  verifyTimeoutMs: number
  /** How long a proposal waits for a person before it expires. */
  approvalTimeoutMs: number
  /** How many candidates are tried per ticket before escalating. */
  maxAttempts: number
  /** How often the agent looks for tickets and approvals. */
  pollMs: number
  heartbeatMs: number
  /** An agent whose heartbeat is older than this is presumed dead. */
  staleMs: number
}

/** A generous bound on Operator's own write transactions (measured by `npm run bench`: tens of ms). */
export const LONGEST_WRITE_MS = 1000
const HEARTBEAT_MS = 1000

export const DEFAULT_AGENT_SETTINGS: AgentSettings = {
  settleMs: 300,
  verifyTimeoutMs: 15_000,
  approvalTimeoutMs: 30 * 60_000,
  maxAttempts: 2,
  pollMs: 250,
  heartbeatMs: HEARTBEAT_MS,
  // A live agent's heartbeat can be held up by another process's write lock for the whole busy
  // timeout plus that writer's transaction: only an agent quiet for longer than that (and two
  // missed beats) is presumed dead, so a slow moment never costs an agent its ticket.
  staleMs: DEFAULT_BUSY_TIMEOUT_MS + LONGEST_WRITE_MS + 2 * HEARTBEAT_MS,
}

/** Policy in force and the token-signing key: what governs approval and execution. */
export interface Governance {
  policy: LoadedPolicy
  /** Read when needed, so a secret fixed on disk takes effect without a restart. */
  key: () => SigningKey
}

export interface AgentContext {
  agentId: string
  /** What plans (brain/): the subject's playbook when absent. */
  brain?: Brain
  governance: Governance
  subject: Subject
  store: Store
  clock: Clock
  logger: Logger
  settings: AgentSettings
  /** Shared by the runs one agent process supervises (`--runs`): at most that many work at once. */
  slots?: Slots
}

/** A ticket's violation as a fresh, grace-free evaluation finds it, with its triage among everything present. */
export interface TicketState {
  violation: Violation | undefined
  /** Where the violation stands now; a cause means it follows from that root and is not to be acted on. */
  triage: Triage | undefined
  /** Every violation key present in this observation. */
  present: string[]
}

export async function ticketState(ctx: AgentContext, key: string, signal: AbortSignal): Promise<TicketState> {
  const observation = await ctx.subject.observe(signal)
  const all = ctx.subject.checker.evaluate(observation)
  const violation = all.find((v) => v.key === key)
  return {
    violation,
    triage: violation ? triageOf(ctx.subject.playbook, all, observation).get(key) : undefined,
    present: all.map((v) => v.key),
  }
}

/** The ticket's violation in a fresh, grace-free evaluation, if still present. */
export async function currentViolation(
  ctx: AgentContext,
  key: string,
  signal: AbortSignal,
): Promise<Violation | undefined> {
  const observation = await ctx.subject.observe(signal)
  return ctx.subject.checker.evaluate(observation).find((v) => v.key === key)
}
