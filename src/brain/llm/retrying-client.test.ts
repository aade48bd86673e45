import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakeLlm, startFakeLlm } from '../../../test/fixtures/fake-llm.js'
import { type ModelClient, type ModelRequest, ProviderError } from './model-client.js'
import { openaiClient } from './openai-client.js'
import { isAbort } from './provider-errors.js'
import { withRetries } from './retrying-client.js'

const request: ModelRequest = {
  system: 'sys',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  tools: [],
  max_tokens: 64,
}

let fake: FakeLlm
let inner: ModelClient

beforeEach(async () => {
  fake = await startFakeLlm()
  inner = openaiClient({ model: 'gpt-test', apiKey: 'k', baseUrl: fake.openaiUrl, timeoutMs: 5000 })
})
afterEach(async () => {
  await fake.close()
})

const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('resolved'),
    (err: unknown) => err,
  )

/** A client that fails as told, then answers, counting its calls. */
function scripted(errors: Error[]): ModelClient & { calls: number } {
  const client = {
    provider: 'openai' as const,
    model: 'm',
    calls: 0,
    async complete() {
      const err = errors[client.calls++]
      if (err) throw err
      return { content: [], usage: { input_tokens: 1, output_tokens: 1 }, stop_reason: 'end_turn', model: 'm' }
    },
  }
  return client
}

describe('withRetries', () => {
  it('succeeds after two retries of 500s and says so before each wait', async () => {
    fake.script([{ status: 500 }, { status: 500 }, { text: 'ok' }])
    const retries: { attempt: number; delayMs: number; error: string }[] = []
    const client = withRetries(inner, {
      attempts: 3,
      baseDelayMs: 5,
      maxDelayMs: 20,
      onRetry: (i) => retries.push(i),
    })
    const res = await client.complete(request, new AbortController().signal)
    expect(res.content).toEqual([{ type: 'text', text: 'ok' }])
    expect(fake.requests).toHaveLength(3)
    expect(retries.map((r) => r.attempt)).toEqual([1, 2])
    expect(retries.every((r) => r.delayMs <= 20 && r.error.includes('500'))).toBe(true)
    expect(client.provider).toBe('openai')
    expect(client.model).toBe('gpt-test')
  })

  it('does not retry an error that is not retryable', async () => {
    fake.script([{ status: 400 }, { text: 'never' }])
    const client = withRetries(inner, { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 })
    const err = await failure(client.complete(request, new AbortController().signal))
    expect(err).toMatchObject({ retryable: false, status: 400 })
    expect(fake.requests).toHaveLength(1)
  })

  it('throws the last ProviderError once the attempts are spent', async () => {
    fake.script([{ status: 500 }, { status: 503 }])
    const client = withRetries(inner, { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 })
    const err = await failure(client.complete(request, new AbortController().signal))
    expect(err).toBeInstanceOf(ProviderError)
    expect(err).toMatchObject({ status: 503 })
    expect(fake.requests).toHaveLength(2)
  })

  it("waits the provider's retry-after, capped by maxDelayMs", async () => {
    const delays: number[] = []
    const client = withRetries(
      scripted([new ProviderError('429', true, 30, 429), new ProviderError('429', true, 0.05)]),
      {
        attempts: 3,
        baseDelayMs: 1,
        maxDelayMs: 100,
        onRetry: (i) => delays.push(i.delayMs),
      },
    )
    await client.complete(request, new AbortController().signal)
    expect(delays).toEqual([100, 50])
  })

  it('never retries an abort', async () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' })
    const client = scripted([abort])
    const err = await failure(
      withRetries(client, { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 }).complete(
        request,
        new AbortController().signal,
      ),
    )
    expect(err).toBe(abort)
    expect(client.calls).toBe(1)
  })

  it('ends a backoff wait at once when the signal is aborted', async () => {
    fake.script([{ status: 500 }, { text: 'too late' }])
    const controller = new AbortController()
    const client = withRetries(inner, {
      attempts: 3,
      baseDelayMs: 10_000,
      maxDelayMs: 10_000,
      onRetry: () => setTimeout(() => controller.abort(), 20),
    })
    const started = Date.now()
    const err = await failure(client.complete(request, controller.signal))
    expect(isAbort(err)).toBe(true)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(fake.requests).toHaveLength(1)
  })

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const client = scripted([])
    const err = await failure(
      withRetries(client, { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 }).complete(request, controller.signal),
    )
    expect(isAbort(err)).toBe(true)
    expect(client.calls).toBe(0)
  })
})
