/**
 * What the MCP server's tools read from: the contract's deps (store, home,
 * policy, clock), a log on stderr, the token-signing key, the calling
 * client's name, and the current run's subject — opened on first use and
 * again when another run becomes current, so the server can start before
 * any cluster is up.
 */
import type { ContractDeps } from '../contract/common.js'
import { OperatorError } from '../core/errors.js'
import type { Subject, SubjectModule } from '../core/subject.js'
import { type Logger, logFn } from '../log/logger.js'
import type { SigningKey } from '../safety/approvals.js'

export interface McpDeps extends ContractDeps {
  logger: Logger
  key: () => SigningKey
  subjectModule: SubjectModule
  /** The current run's subject; not_found (with the fix) when no cluster is up. */
  subject(): Promise<Subject>
  /** The client's name from its initialize request (`unknown` before it): who proposes. */
  clientName(): string
  /** Aborted when the server stops: every observation and proposal takes it. */
  signal: AbortSignal
}

/** Opens the current run's subject lazily; `close` releases it. */
export function currentSubject(
  mod: SubjectModule,
  deps: Pick<ContractDeps, 'home' | 'clock'> & { logger: Logger },
): { get: () => Promise<Subject>; close: () => Promise<void> } {
  let opened: Promise<Subject> | null = null
  let runId: string | null = null
  const close = async () => {
    const was = opened
    opened = null
    runId = null
    if (was) await (await was.catch(() => null))?.close()
  }
  const get = async (): Promise<Subject> => {
    const current = mod.currentRun(deps.home)
    if (current === null)
      throw new OperatorError(
        'not_found',
        `no ${mod.name} cluster is up under ${deps.home}`,
        'start one with `operator cluster up` (with the same OPERATOR_HOME)',
      )
    if (opened && runId !== current) await close()
    if (!opened) {
      runId = current
      opened = mod.open(deps.home, current, { clock: deps.clock, log: logFn(deps.logger) })
      opened.catch(() => {
        opened = null
        runId = null
      })
    }
    return opened
  }
  return { get, close }
}
