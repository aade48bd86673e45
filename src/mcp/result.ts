/**
 * Every tool answers the same way: its object as JSON text, and as
 * structured content for clients that read it; a failure as an MCP tool
 * error (isError) whose text is the one line a person reads — the problem,
 * then the fix — with the contract's error object as structured content.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { errorObject } from '../contract/error-object.js'
import { redact } from '../core/redact.js'

/** A tool's object as its result: JSON text plus structured content (redacted, like everything Operator shows). */
export function toolResult(value: object): CallToolResult {
  const safe = redact(value) as Record<string, unknown>
  return { content: [{ type: 'text', text: JSON.stringify(safe, null, 2) }], structuredContent: safe }
}

/** A thrown value as an MCP tool error naming the problem and the fix. */
export function toolError(err: unknown): CallToolResult {
  const obj = errorObject(err)
  return {
    content: [{ type: 'text', text: `${obj.error.message} — ${obj.error.hint}` }],
    structuredContent: obj,
    isError: true,
  }
}

let running = 0
const idleWaiters = new Set<() => void>()

/** Runs a tool's body; whatever it throws becomes a tool error, never a crash of the server. */
export async function answer(body: () => Promise<object> | object): Promise<CallToolResult> {
  running++
  try {
    return toolResult(await body())
  } catch (err) {
    return toolError(err)
  } finally {
    running--
    if (running === 0) for (const wake of idleWaiters) wake()
  }
}

/** Resolves once no tool call is running: a client that closes stdin still gets the answers it asked for. */
export function toolsIdle(): Promise<void> {
  if (running === 0) return Promise.resolve()
  return new Promise((resolve) => {
    const wake = () => {
      idleWaiters.delete(wake)
      resolve()
    }
    idleWaiters.add(wake)
  })
}
