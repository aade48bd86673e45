/**
 * One conversation turn with a language model, whatever its wire protocol:
 * the neutral shapes the model brain speaks, and the client interface each
 * provider adapter (anthropic-client.ts, openai-client.ts) implements through
 * its official SDK, pointed at `base_url`. Everything in a request has been
 * redacted before it gets here.
 */

export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: boolean }

export interface ChatMessage {
  role: 'user' | 'assistant'
  content: ContentBlock[]
}

/** A tool the model may call: its name, what it does, and its input as JSON Schema (from zod). */
export interface ToolSpec {
  name: string
  description: string
  input_schema: Record<string, unknown>
}

export interface ModelRequest {
  system: string
  messages: ChatMessage[]
  tools: ToolSpec[]
  max_tokens: number
}

export interface Usage {
  input_tokens: number
  output_tokens: number
}

export interface ModelResponse {
  content: ContentBlock[]
  usage: Usage
  /** end_turn, tool_use, max_tokens, … as the provider says it. */
  stop_reason: string
  /** The model that answered, as the provider names it. */
  model: string
}

/** Streamed pieces as they arrive: text, and each tool call once its name is known. */
export type StreamEvent = { type: 'text'; text: string } | { type: 'tool_use'; name: string }

export interface ModelClient {
  provider: 'anthropic' | 'openai'
  model: string
  /**
   * One request, streamed; resolves with the whole response. Aborting
   * `signal` aborts the request in flight. Throws ProviderError.
   */
  complete(request: ModelRequest, signal: AbortSignal, onEvent?: (e: StreamEvent) => void): Promise<ModelResponse>
}

/** A provider failure, classified for retries: retryable ones (connection, timeout, 429, 5xx) are retried with backoff. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** Seconds the provider asked to wait (429 retry-after), when it said. */
    readonly retryAfterS: number | null = null,
    readonly status: number | null = null,
  ) {
    super(message)
    this.name = 'ProviderError'
  }
}
