/**
 * The contract's views as read-only tools — the same objects `operator
 * explain|timeline|next|boot --json` print: why something is not running,
 * what happened in order, the one recommended next step, and the state a
 * session starts from.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { z } from 'zod'
import { boot } from '../contract/boot.js'
import { clusterObserver } from '../contract/boot-cluster.js'
import { explain } from '../contract/explain.js'
import { nextStep } from '../contract/next.js'
import { timeline } from '../contract/timeline.js'
import type { McpDeps } from './deps.js'
import { READ_ONLY } from './read-tools.js'
import { answer } from './result.js'

const Subject = z.string().min(1).describe('a proposal (P-7), a ticket (T-3) or a run id')

export function registerContractTools(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'explain',
    {
      description:
        'Why a proposal is not running (blocking reasons in triage order, with evidence), a ticket’s root cause, or how a run stands.',
      inputSchema: z.strictObject({ id: Subject }),
      annotations: READ_ONLY,
    },
    ({ id }) => answer(() => explain(deps, id)),
  )
  server.registerTool(
    'timeline',
    {
      description: 'What happened to a proposal, a ticket or a run, in order, from the audit log.',
      inputSchema: z.strictObject({ id: Subject }),
      annotations: READ_ONLY,
    },
    ({ id }) => answer(() => timeline(deps, id)),
  )
  server.registerTool(
    'next',
    {
      description: 'The one recommended next action (from a fixed set), the command for it, why, and the evidence.',
      inputSchema: z.strictObject({ run_id: z.string().min(1).optional().describe('default: the newest run') }),
      annotations: READ_ONLY,
    },
    ({ run_id }) => answer(() => nextStep(deps, run_id)),
  )
  server.registerTool(
    'boot',
    {
      description:
        'The state a session starts from: modes, cluster, open tickets, pending proposals, policy, decisions, recent events, the last handoff, consistency checks and the state digest a handoff binds to.',
      inputSchema: z.strictObject({}),
      annotations: READ_ONLY,
    },
    () => answer(() => boot(deps, { observe: clusterObserver(deps.home, deps.subjectModule.name) })),
  )
}
