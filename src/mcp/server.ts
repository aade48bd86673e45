/**
 * `operator mcp`: an MCP server on stdio for outside agents. It serves the
 * read tools (read-tools.ts, contract-tools.ts) and, unless read-only,
 * `propose` and `handoff` (write-tools.ts). stdout carries protocol messages
 * and nothing else: the transport writes to the real stdout, and anything
 * else written to process.stdout goes to stderr, where the log is.
 */
import { Writable } from 'node:stream'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { errorMessage } from '../core/errors.js'
import { registerContractTools } from './contract-tools.js'
import type { McpDeps } from './deps.js'
import { registerReadTools } from './read-tools.js'
import { toolsIdle } from './result.js'
import { registerWriteTools } from './write-tools.js'

export const SERVER_INFO = { name: 'operator', version: '0.1.0' }

/** How long a closed stdin waits for the tool calls still running. */
const DRAIN_MS = 30_000

const INSTRUCTIONS =
  'Operator supervises remediation agents on a live cluster. Read with status, tickets, proposals, proposal, ' +
  'explain, timeline, next, boot, policy_explain, member_log and audit_verify. propose turns a plan for a ticket ' +
  'into proposals that wait for people: no tool approves, rejects, changes modes, applies a policy patch or lifts ' +
  'the kill switch — tell the person the command the result names (operator approve P-… --as NAME).'

export type ServerDeps = Omit<McpDeps, 'clientName'>

/** The server with its tools; `readOnly` leaves out propose and handoff. */
export function createMcpServer(base: ServerDeps, options: { readOnly: boolean }): McpServer {
  const server = new McpServer(SERVER_INFO, { instructions: INSTRUCTIONS })
  const deps: McpDeps = { ...base, clientName: () => server.server.getClientVersion()?.name ?? 'unknown' }
  registerReadTools(server, deps)
  registerContractTools(server, deps)
  if (!options.readOnly) registerWriteTools(server, deps)
  return server
}

/** Serves on stdin/stdout until stdin closes or `deps.signal` aborts; then closes the server. */
export async function serveStdio(base: ServerDeps, options: { readOnly: boolean }): Promise<void> {
  const server = createMcpServer(base, options)
  const transport = new StdioServerTransport(process.stdin, protocolOut())
  transport.onerror = (err) => base.logger.warn({ event: 'mcp.transport_error', error: errorMessage(err) }, 'bad input')
  const closed = new Promise<string>((resolve) => {
    server.server.onclose = () => resolve('transport closed')
    // The client is done asking: what it asked for is still answered (bounded), then the server closes.
    const drained = () => void finishAnswers(base.signal).then(() => resolve('stdin closed'))
    process.stdin.once('end', drained)
    process.stdin.once('close', drained)
    base.signal.addEventListener('abort', () => resolve(errorMessage(base.signal.reason)), { once: true })
  })
  await server.connect(transport)
  base.logger.info(
    { event: 'mcp.started', read_only: options.readOnly },
    `mcp server ready on stdio${options.readOnly ? ' (read-only)' : ''}`,
  )
  const why = await closed
  await server.close().catch(() => undefined)
  base.logger.info({ event: 'mcp.stopped', reason: why }, `mcp server stopped: ${why}`)
}

/** Lets the requests already read start, waits for the running tool calls (at most DRAIN_MS), lets their answers go out. */
async function finishAnswers(signal: AbortSignal): Promise<void> {
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve))
  await tick()
  const bound = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, DRAIN_MS)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      { once: true },
    )
  })
  await Promise.race([toolsIdle(), bound])
  await tick()
  await tick()
}

/**
 * The real stdout, for protocol messages only; process.stdout.write is sent
 * to stderr from now on, so a stray write elsewhere cannot corrupt the protocol.
 */
function protocolOut(): Writable {
  const write = process.stdout.write.bind(process.stdout) as (
    chunk: unknown,
    cb: (err?: Error | null) => void,
  ) => boolean
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write
  return new Writable({ write: (chunk, _encoding, callback) => void write(chunk, callback) })
}
