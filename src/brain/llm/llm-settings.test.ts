import { describe, expect, it } from 'vitest'
import { OperatorError } from '../../core/errors.js'
import { createModelClient, llmSettings } from './llm-settings.js'

const KEY = 'sk-secret-value-that-must-never-show-9f8e7d'

const noFile = (): string => {
  throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' })
}

function configError(env: NodeJS.ProcessEnv, readFile: (path: string, e: 'utf8') => string = noFile): OperatorError {
  try {
    llmSettings(env, readFile)
  } catch (err) {
    if (err instanceof OperatorError) return err
    throw err
  }
  throw new Error('expected a config error')
}

describe('llmSettings', () => {
  it('reads an Anthropic setup with the defaults', () => {
    const env = { OPERATOR_LLM_PROVIDER: 'anthropic', OPERATOR_LLM_MODEL: 'claude-x', ANTHROPIC_API_KEY: ` ${KEY}\n` }
    expect(llmSettings(env)).toEqual({
      provider: 'anthropic',
      model: 'claude-x',
      baseUrl: undefined,
      apiKey: KEY,
      timeoutMs: 60_000,
    })
  })

  it('reads the key from OPERATOR_LLM_KEY_FILE, trimmed, and a timeout', () => {
    const env = {
      OPERATOR_LLM_PROVIDER: 'openai',
      OPERATOR_LLM_MODEL: 'gpt-4o',
      OPERATOR_LLM_KEY_FILE: '/keys/openai',
      OPERATOR_LLM_TIMEOUT_MS: '1500',
    }
    const settings = llmSettings(env, (path) => (path === '/keys/openai' ? `${KEY}\n` : noFile()))
    expect(settings).toMatchObject({ provider: 'openai', apiKey: KEY, timeoutMs: 1500 })
  })

  it("lets a local OpenAI-compatible server go without a key ('none')", () => {
    const env = {
      OPERATOR_LLM_PROVIDER: 'openai',
      OPERATOR_LLM_MODEL: 'llama3',
      OPERATOR_LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
    }
    expect(llmSettings(env)).toMatchObject({ apiKey: 'none', baseUrl: 'http://127.0.0.1:11434/v1' })
  })

  it('builds the client the provider names', () => {
    const base = { model: 'm', baseUrl: 'http://127.0.0.1:1', apiKey: 'k', timeoutMs: 1000 }
    expect(createModelClient({ ...base, provider: 'anthropic' }).provider).toBe('anthropic')
    expect(createModelClient({ ...base, provider: 'openai' })).toMatchObject({ provider: 'openai', model: 'm' })
  })

  const cases: [string, NodeJS.ProcessEnv, string][] = [
    ['no provider', { OPERATOR_LLM_MODEL: 'm', ANTHROPIC_API_KEY: KEY }, 'OPERATOR_LLM_PROVIDER'],
    ['an unknown provider', { OPERATOR_LLM_PROVIDER: KEY, OPERATOR_LLM_MODEL: 'm' }, 'OPERATOR_LLM_PROVIDER'],
    ['no model', { OPERATOR_LLM_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: KEY }, 'OPERATOR_LLM_MODEL'],
    [
      'a base URL that is not http(s)',
      {
        OPERATOR_LLM_PROVIDER: 'openai',
        OPERATOR_LLM_MODEL: 'm',
        OPENAI_API_KEY: KEY,
        OPERATOR_LLM_BASE_URL: `ftp://${KEY}@x`,
      },
      'OPERATOR_LLM_BASE_URL',
    ],
    [
      'a base URL that does not parse',
      { OPERATOR_LLM_PROVIDER: 'openai', OPERATOR_LLM_MODEL: 'm', OPENAI_API_KEY: KEY, OPERATOR_LLM_BASE_URL: KEY },
      'OPERATOR_LLM_BASE_URL',
    ],
    [
      'no Anthropic key',
      { OPERATOR_LLM_PROVIDER: 'anthropic', OPERATOR_LLM_MODEL: 'm', OPENAI_API_KEY: KEY },
      'ANTHROPIC_API_KEY',
    ],
    ['no OpenAI key and no base URL', { OPERATOR_LLM_PROVIDER: 'openai', OPERATOR_LLM_MODEL: 'm' }, 'OPENAI_API_KEY'],
    [
      'an unreadable key file',
      { OPERATOR_LLM_PROVIDER: 'openai', OPERATOR_LLM_MODEL: 'm', OPERATOR_LLM_KEY_FILE: '/nope', OPENAI_API_KEY: KEY },
      'OPERATOR_LLM_KEY_FILE',
    ],
    [
      'a timeout that is not a number',
      {
        OPERATOR_LLM_PROVIDER: 'anthropic',
        OPERATOR_LLM_MODEL: 'm',
        ANTHROPIC_API_KEY: KEY,
        OPERATOR_LLM_TIMEOUT_MS: KEY,
      },
      'OPERATOR_LLM_TIMEOUT_MS',
    ],
    [
      'a timeout of zero',
      {
        OPERATOR_LLM_PROVIDER: 'anthropic',
        OPERATOR_LLM_MODEL: 'm',
        ANTHROPIC_API_KEY: KEY,
        OPERATOR_LLM_TIMEOUT_MS: '0',
      },
      'OPERATOR_LLM_TIMEOUT_MS',
    ],
  ]

  it.each(cases)('refuses %s in one line naming %s, never showing the key', (_what, env, variable) => {
    const err = configError(env)
    expect(err.category).toBe('config')
    const line = err.oneLine()
    expect(line).not.toContain('\n')
    expect(line).toContain(variable)
    expect(line).not.toContain(KEY)
    expect(JSON.stringify({ message: err.message, fix: err.fix, cause: String(err.cause) })).not.toContain(KEY)
  })

  it('refuses an empty key file, naming it', () => {
    const env = { OPERATOR_LLM_PROVIDER: 'anthropic', OPERATOR_LLM_MODEL: 'm', OPERATOR_LLM_KEY_FILE: '/k' }
    const err = configError(env, () => '  \n')
    expect(err.oneLine()).toMatch(/^OPERATOR_LLM_KEY_FILE \/k is empty — /)
  })
})
