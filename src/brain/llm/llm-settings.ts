/**
 * The model brain's settings from the environment: which protocol
 * (OPERATOR_LLM_PROVIDER), which model, which server (OPERATOR_LLM_BASE_URL),
 * the API key (the provider's usual variable, or a file) and the request
 * timeout; and the client they describe. Problems are one-line config errors
 * naming the variable and the fix; no message ever carries a value read.
 */
import { readFileSync } from 'node:fs'
import { type ErrorCode, errorMessage, OperatorError } from '../../core/errors.js'
import { anthropicClient } from './anthropic-client.js'
import type { ModelClient } from './model-client.js'
import { openaiClient } from './openai-client.js'

export interface LlmSettings {
  provider: 'anthropic' | 'openai'
  model: string
  /** The server to talk to; undefined means the provider's own. */
  baseUrl: string | undefined
  /** 'none' for a local OpenAI-compatible server that wants none. */
  apiKey: string
  timeoutMs: number
}

const KEY_VARIABLES = { anthropic: 'ANTHROPIC_API_KEY', openai: 'OPENAI_API_KEY' } as const
const DEFAULT_TIMEOUT_MS = 60_000

type ReadFile = (path: string, encoding: 'utf8') => string

export function llmSettings(env: NodeJS.ProcessEnv, readFile: ReadFile = readFileSync): LlmSettings {
  const provider = env.OPERATOR_LLM_PROVIDER?.trim()
  if (provider !== 'anthropic' && provider !== 'openai') {
    const problem = provider ? 'is neither anthropic nor openai' : 'is not set'
    throw configError(`OPERATOR_LLM_PROVIDER ${problem}`, 'set OPERATOR_LLM_PROVIDER=anthropic or openai')
  }
  const model = env.OPERATOR_LLM_MODEL?.trim()
  if (!model) throw configError('OPERATOR_LLM_MODEL is not set', 'set OPERATOR_LLM_MODEL to the model name to use')
  const baseUrl = readBaseUrl(env.OPERATOR_LLM_BASE_URL?.trim())
  const apiKey = readKey(env, provider, readFile) ?? (provider === 'openai' && baseUrl ? 'none' : undefined)
  if (apiKey === undefined) {
    const variable = KEY_VARIABLES[provider]
    throw configError(
      `${variable} is not set`,
      `set ${variable}, or OPERATOR_LLM_KEY_FILE to a file holding the key`,
      undefined,
      'secret_missing',
    )
  }
  return { provider, model, baseUrl, apiKey, timeoutMs: readTimeout(env.OPERATOR_LLM_TIMEOUT_MS) }
}

/** The client for these settings, without retries (wrap it in withRetries). */
export function createModelClient(settings: LlmSettings): ModelClient {
  const { model, apiKey, baseUrl, timeoutMs } = settings
  const adapter = settings.provider === 'anthropic' ? anthropicClient : openaiClient
  return adapter({ model, apiKey, baseUrl, timeoutMs })
}

function readBaseUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  let url: URL | null = null
  try {
    url = new URL(raw)
  } catch {}
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw configError(
      'OPERATOR_LLM_BASE_URL is not an http(s) URL',
      'set it like http://127.0.0.1:11434/v1, or unset it',
    )
  }
  return raw
}

function readKey(env: NodeJS.ProcessEnv, provider: LlmSettings['provider'], readFile: ReadFile): string | undefined {
  const file = env.OPERATOR_LLM_KEY_FILE?.trim()
  if (!file) return env[KEY_VARIABLES[provider]]?.trim() || undefined
  let text: string
  try {
    text = readFile(file, 'utf8')
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? 'unreadable'
    throw configError(
      `OPERATOR_LLM_KEY_FILE ${file} cannot be read (${why})`,
      'point it at a readable file',
      err,
      'secret_missing',
    )
  }
  const key = text.trim()
  if (!key)
    throw configError(
      `OPERATOR_LLM_KEY_FILE ${file} is empty`,
      'write the API key into it',
      undefined,
      'secret_missing',
    )
  return key
}

function readTimeout(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_TIMEOUT_MS
  const ms = Number(raw)
  if (!Number.isInteger(ms) || ms <= 0) {
    throw configError('OPERATOR_LLM_TIMEOUT_MS is not a positive whole number', 'set it in milliseconds, e.g. 60000')
  }
  return ms
}

function configError(message: string, fix: string, cause?: unknown, code: ErrorCode = 'config_invalid'): OperatorError {
  // The cause of an unreadable key file is an fs error: its message names the path, never the content.
  return new OperatorError(
    'config',
    message,
    fix,
    cause === undefined ? { code } : { cause: errorMessage(cause), code },
  )
}
