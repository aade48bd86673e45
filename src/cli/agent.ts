/** `operator agent`: claims tickets and runs the remediation loop, NDJSON on stdout; one run or many (`--runs`). */
import type { Command } from 'commander'
import { z } from 'zod'
import { type AgentHandle, newAgentId, startAgent } from '../agent/agent.js'
import { DEFAULT_AGENT_SETTINGS } from '../agent/context.js'
import { chooseBrain, createBrain } from '../brain/create-brain.js'
import { systemClock } from '../core/clock.js'
import { isPgUrl } from '../core/db-url.js'
import type { Slots } from '../core/slots.js'
import type { Subject } from '../core/subject.js'
import { createLogger, type Logger, logFn } from '../log/logger.js'
import { loadPolicy } from '../safety/policy/load-policy.js'
import { KILL_NUDGE_SIGNAL } from '../safety/pull-kill-switch.js'
import { resolveSigningKey } from '../safety/token-secret.js'
import { listenForKill } from '../store/pg/kill-channel.js'
import type { Store } from '../store/store.js'
import { abortOnSignals, applyEnvModes, openStore, parseOptions, paths } from './context.js'
import { intFrom, SubjectName } from './options.js'
import { superviseFleet } from './run-fleet-cli.js'
import { subject } from './subject.js'

const AgentOptions = z.object({
  subject: SubjectName,
  run: z.string().optional(),
  runs: z.string().min(1).optional(),
  concurrency: intFrom(1, 256),
  settle: intFrom(0, 600_000),
  approvalTimeout: intFrom(1000, 24 * 3600_000),
  maxAttempts: intFrom(1, 10),
  policy: z.string().min(1).optional(),
  brain: z.string().optional(),
})

export function registerAgent(program: Command): void {
  program
    .command('agent')
    .description('claim tickets and run propose → validate → approve → execute → verify (NDJSON on stdout)')
    .option('--subject <name>', 'subject', 'etcd')
    .option('--run <id>', 'run id (default: the current run)')
    .option('--runs <all|names>', 'remediate several runs: all that are up (joining new ones), or NAME,NAME,…')
    .option('--concurrency <n>', 'with --runs: at most this many runs work at once', '4')
    .option(
      '--settle <ms>',
      'how long a violation must stay gone after executing to count as repaired',
      String(DEFAULT_AGENT_SETTINGS.settleMs),
    )
    .option(
      '--approval-timeout <ms>',
      'how long a proposal waits for a person',
      String(DEFAULT_AGENT_SETTINGS.approvalTimeoutMs),
    )
    .option(
      '--max-attempts <n>',
      'candidates tried per ticket before escalating',
      String(DEFAULT_AGENT_SETTINGS.maxAttempts),
    )
    .option('--policy <file>', 'policy file (default: OPERATOR_POLICY, else the built-in policy)')
    .option('--brain <name>', 'what plans: playbook (default) or llm (OPERATOR_BRAIN; OPERATOR_LLM_* settings)')
    .action(async (raw: unknown) => {
      const o = parseOptions(AgentOptions, raw, 'agent')
      // A bad policy stops the agent before it touches anything: it fails closed. So do bad model settings.
      const policy = loadPolicy(o.policy)
      const brain = chooseBrain(process.env, o.brain)
      const logger = createLogger('agent')
      const agentId = newAgentId()
      const settings = {
        ...DEFAULT_AGENT_SETTINGS,
        settleMs: o.settle,
        approvalTimeoutMs: o.approvalTimeout,
        maxAttempts: o.maxAttempts,
      }
      const governance = { policy, key: () => resolveSigningKey(paths().home) }
      // Every run's agent in this process gets the kill switch's signal.
      const agents = new Set<AgentHandle>()
      const nudge = () => {
        for (const a of agents) a.onKillNudge()
      }
      const run = async (s: Subject, store: Store, log: Logger, stop: AbortSignal, id: string, slots?: Slots) => {
        const deps = {
          subject: s,
          store,
          clock: systemClock,
          logger: log,
          actor: id,
          env: process.env,
          budget: policy.policy.brain,
        }
        const ctx = { agentId: id, subject: s, store, clock: systemClock, logger: log, settings, governance }
        const agent = startAgent({ ...ctx, brain: createBrain(brain, deps), ...(slots && { slots }) }, stop)
        agents.add(agent)
        try {
          await agent.done
        } finally {
          agents.delete(agent)
        }
      }
      const { signal, dispose } = abortOnSignals()
      process.on(KILL_NUDGE_SIGNAL, nudge)
      // On a shared PostgreSQL store the kill switch reaches agents on every host by NOTIFY as well.
      const db = paths().db
      const listener = isPgUrl(db)
        ? listenForKill(db, nudge, (why) => logger.warn({ event: 'kill.listener' }, why))
        : null
      try {
        if (o.runs !== undefined) {
          await superviseFleet(
            { runs: o.runs, concurrency: o.concurrency, logger, signal, role: 'agent', actor: agentId },
            (s, store, log, stop, slots) => run(s, store, log, stop, `${agentId}@${s.run_id}`, slots),
          )
          return
        }
        // The cluster first: with none up, nothing is written, not even a database.
        const s = await subject(o.subject).open(paths().home, o.run, { clock: systemClock, log: logFn(logger) })
        const store = openStore()
        try {
          applyEnvModes(store, agentId, logger)
          await run(s, store, logger, signal, agentId)
        } finally {
          await s.close()
          store.close()
        }
      } finally {
        process.off(KILL_NUDGE_SIGNAL, nudge)
        await listener?.close()
        dispose()
      }
    })
}
