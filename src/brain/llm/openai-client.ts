/**
 * The OpenAI Chat Completions API behind the neutral ModelClient, for
 * OpenAI itself and any compatible server at `baseUrl` (Ollama, vLLM,
 * llama.cpp, LM Studio, LiteLLM): neutral messages and tools in, one
 * streamed response out, its text and tool-call deltas put back together.
 * The SDK's own retries are off: withRetries (retrying-client.ts) owns them.
 */
import OpenAI from 'openai'
import { type ProviderSettings, sdkOptions } from './anthropic-client.js'
import type {
  ChatMessage,
  ContentBlock,
  ModelClient,
  ModelRequest,
  ModelResponse,
  StreamEvent,
} from './model-client.js'
import { abortError, idleDeadline, requestFailure } from './provider-errors.js'

type Params = OpenAI.ChatCompletionCreateParamsStreaming

const STOP_REASONS: Record<string, string> = { tool_calls: 'tool_use', stop: 'end_turn', length: 'max_tokens' }

export function openaiClient(settings: ProviderSettings): ModelClient {
  const sdk = new OpenAI(sdkOptions(settings))
  return {
    provider: 'openai',
    model: settings.model,
    async complete(request, signal, onEvent) {
      const deadline = idleDeadline(signal, settings.timeoutMs)
      const answer = new Answer(settings.model)
      try {
        const params = toParams(settings, request)
        const stream = await sdk.chat.completions.create(params, { signal: deadline.signal })
        for await (const chunk of stream) {
          deadline.touch()
          answer.add(chunk, onEvent)
        }
        // The SDK ends the iteration quietly when the request is aborted mid-stream.
        if (deadline.signal.aborted) throw abortError(deadline.signal.reason)
        return answer.response()
      } catch (err) {
        throw requestFailure(err, 'openai', signal, deadline)
      } finally {
        deadline.dispose()
      }
    },
  }
}

/** The streamed chunks so far: text, tool calls by index, usage, finish reason. */
class Answer {
  private text = ''
  private readonly calls = new Map<number, { id: string; name: string; args: string }>()
  private usage = { input_tokens: 0, output_tokens: 0 }
  private finish: string | null = null

  constructor(private model: string) {}

  add(chunk: OpenAI.ChatCompletionChunk, onEvent?: (e: StreamEvent) => void) {
    if (chunk.model) this.model = chunk.model
    const usage = chunk.usage
    if (usage) this.usage = { input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens }
    const choice = chunk.choices[0]
    if (!choice) return
    if (choice.finish_reason) this.finish = choice.finish_reason
    if (choice.delta.content) {
      this.text += choice.delta.content
      onEvent?.({ type: 'text', text: choice.delta.content })
    }
    for (const delta of choice.delta.tool_calls ?? []) {
      const call = this.calls.get(delta.index) ?? { id: '', name: '', args: '' }
      this.calls.set(delta.index, call)
      if (delta.id) call.id = delta.id
      if (delta.function?.name && !call.name) {
        call.name = delta.function.name
        onEvent?.({ type: 'tool_use', name: call.name })
      }
      call.args += delta.function?.arguments ?? ''
    }
  }

  response(): ModelResponse {
    const content: ContentBlock[] = this.text ? [{ type: 'text', text: this.text }] : []
    for (const [index, call] of [...this.calls].sort(([a], [b]) => a - b)) {
      // Some compatible servers send no id: one is needed to pair the tool result.
      content.push({ type: 'tool_use', id: call.id || `call_${index}`, name: call.name, input: parseArgs(call.args) })
    }
    const finish = this.finish ?? 'stop'
    return { content, usage: this.usage, stop_reason: STOP_REASONS[finish] ?? finish, model: this.model }
  }
}

/** The tool call's arguments as an object; anything else is handed on raw so the brain can tell the model. */
function parseArgs(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {}
  try {
    const value: unknown = JSON.parse(raw)
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>
  } catch {}
  return { _unparsable: raw }
}

function toParams(settings: ProviderSettings, request: ModelRequest): Params {
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'system', content: request.system }]
  for (const message of request.messages) messages.push(...toMessages(message))
  const tools = request.tools.map(
    (tool): OpenAI.ChatCompletionTool => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.input_schema },
    }),
  )
  // OpenAI itself wants max_completion_tokens (its reasoning models refuse max_tokens); compatible servers know max_tokens.
  const limit = settings.baseUrl ? { max_tokens: request.max_tokens } : { max_completion_tokens: request.max_tokens }
  return {
    model: settings.model,
    messages,
    ...(tools.length > 0 ? { tools } : {}),
    ...limit,
    stream: true,
    stream_options: { include_usage: true },
  }
}

function toMessages(message: ChatMessage): OpenAI.ChatCompletionMessageParam[] {
  const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n')
  if (message.role === 'assistant') {
    const calls = message.content.flatMap((b): OpenAI.ChatCompletionMessageToolCall[] =>
      b.type === 'tool_use'
        ? [{ id: b.id, type: 'function', function: { name: b.name, arguments: JSON.stringify(b.input) } }]
        : [],
    )
    return [{ role: 'assistant', content: text || null, ...(calls.length > 0 ? { tool_calls: calls } : {}) }]
  }
  // Tool results answer the assistant's calls and must come straight after them, before any user text.
  const results = message.content.flatMap((b): OpenAI.ChatCompletionMessageParam[] =>
    b.type === 'tool_result'
      ? [{ role: 'tool', tool_call_id: b.tool_use_id, content: b.is_error ? `error: ${b.content}` : b.content }]
      : [],
  )
  return text ? [...results, { role: 'user', content: text }] : results
}
