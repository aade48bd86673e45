/**
 * `operator mcp [--read-only] [--policy FILE]`: the MCP server on stdio for
 * outside agents (src/mcp/). Logs go to stderr; stdout carries protocol
 * messages only. It stops cleanly on SIGINT, SIGTERM or a closed stdin,
 * closing the subject and the store.
 */
import type { Command } from 'commander'
import { z } from 'zod'
import { systemClock } from '../core/clock.js'
import { createLogger } from '../log/logger.js'
import { currentSubject } from '../mcp/deps.js'
import { serveStdio } from '../mcp/server.js'
import { loadPolicy } from '../safety/policy/load-policy.js'
import { resolveSigningKey } from '../safety/token-secret.js'
import { abortOnSignals, openStore, parseOptions, paths } from './context.js'
import { SubjectName } from './options.js'
import { subject } from './subject.js'

const McpOptions = z.object({
  subject: SubjectName,
  readOnly: z.boolean().optional(),
  policy: z.string().min(1).optional(),
})

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description(
      'an MCP server on stdio for outside agents: read tools and `propose` (no tool approves, changes modes or lifts the kill switch)',
    )
    .option('--read-only', 'serve the read tools only (no propose, no handoff)')
    .option('--policy <file>', 'policy file (default: OPERATOR_POLICY, else the built-in policy)')
    .option('--subject <name>', 'subject', 'etcd')
    .action(async (raw: unknown) => {
      const o = parseOptions(McpOptions, raw, 'mcp')
      const policy = loadPolicy(o.policy)
      const logger = createLogger('mcp', 2)
      const { home } = paths()
      const mod = subject(o.subject)
      const store = openStore()
      const opened = currentSubject(mod, { home, clock: systemClock, logger })
      const { signal, dispose } = abortOnSignals()
      try {
        await serveStdio(
          {
            store,
            home,
            policy,
            clock: systemClock,
            logger,
            key: () => resolveSigningKey(home),
            subjectModule: mod,
            subject: opened.get,
            signal,
          },
          { readOnly: o.readOnly === true },
        )
      } finally {
        dispose()
        await opened.close()
        store.close()
      }
    })
}
