/**
 * The Anthropic Messages API behind the neutral ModelClient: neutral
 * messages and tools in, one streamed response out (text deltas and each
 * tool call as it starts), mapped back to neutral blocks. The SDK's own
 * retries are off: withRetries (retrying-client.ts) owns them.
 */
import Anthropic from '@anthropic-ai/sdk'
import type {
  ChatMessage,
  ContentBlock,
  ModelClient,
  ModelRequest,
  ModelResponse,
  StreamEvent,
} from './model-client.js'
import { idleDeadline, requestFailure } from './provider-errors.js'

export interface ProviderSettings {
  model: string
  apiKey: string
  /** Any server speaking the protocol; unset means the provider's own (never read from its SDK's env variables). */
  baseUrl?: string | undefined
  /** A request fails (retryably) when the provider stays silent this long, before or during its answer. */
  timeoutMs: number
}

/**
 * What both SDKs are built with: the key and base URL from our settings only
 * (never the SDK's own environment variables), no retries of their own (ours
 * are in retrying-client.ts), and no console logging (it would spill into the screen).
 */
export function sdkOptions(settings: ProviderSettings) {
  return {
    apiKey: settings.apiKey,
    baseURL: settings.baseUrl ?? null,
    maxRetries: 0,
    timeout: settings.timeoutMs,
    logLevel: 'off' as const,
  }
}

export function anthropicClient(settings: ProviderSettings): ModelClient {
  const sdk = new Anthropic(sdkOptions(settings))
  return {
    provider: 'anthropic',
    model: settings.model,
    async complete(request, signal, onEvent) {
      const deadline = idleDeadline(signal, settings.timeoutMs)
      try {
        const stream = sdk.messages.stream(toParams(settings.model, request), { signal: deadline.signal })
        stream.on('streamEvent', (event) => {
          deadline.touch()
          if (onEvent) forward(event, onEvent)
        })
        return fromMessage(await stream.finalMessage())
      } catch (err) {
        throw requestFailure(err, 'anthropic', signal, deadline)
      } finally {
        deadline.dispose()
      }
    },
  }
}

function toParams(model: string, request: ModelRequest): Anthropic.MessageStreamParams {
  return {
    model,
    max_tokens: request.max_tokens,
    system: request.system,
    messages: request.messages.map(toMessageParam),
    tools: request.tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: { ...tool.input_schema, type: 'object' },
    })),
  }
}

function toMessageParam(message: ChatMessage): Anthropic.MessageParam {
  const content = message.content.map((block): Anthropic.ContentBlockParam => {
    if (block.type === 'text') return { type: 'text', text: block.text }
    if (block.type === 'tool_use') return { type: 'tool_use', id: block.id, name: block.name, input: block.input }
    return {
      type: 'tool_result',
      tool_use_id: block.tool_use_id,
      content: block.content,
      ...(block.is_error ? { is_error: true } : {}),
    }
  })
  return { role: message.role, content }
}

function forward(event: Anthropic.MessageStreamEvent, onEvent: (e: StreamEvent) => void): void {
  if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
    onEvent({ type: 'text', text: event.delta.text })
  } else if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
    onEvent({ type: 'tool_use', name: event.content_block.name })
  }
}

function fromMessage(message: Anthropic.Message): ModelResponse {
  const content: ContentBlock[] = []
  for (const block of message.content) {
    if (block.type === 'text') content.push({ type: 'text', text: block.text })
    else if (block.type === 'tool_use')
      content.push({ type: 'tool_use', id: block.id, name: block.name, input: inputOf(block) })
  }
  return {
    content,
    usage: { input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens },
    stop_reason: message.stop_reason ?? 'end_turn',
    model: message.model,
  }
}

/**
 * The tool call's input as an object; anything else is handed on raw so the brain can tell the model.
 * (Input that is not JSON at all never gets here: the SDK fails the stream, a retryable ProviderError.)
 */
function inputOf(block: Anthropic.ToolUseBlock): Record<string, unknown> {
  const input: unknown = block.input
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return input as Record<string, unknown>
  return { _unparsable: JSON.stringify(input) ?? '' }
}
