import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakeLlm, startFakeLlm } from '../../../test/fixtures/fake-llm.js'
import { anthropicClient } from './anthropic-client.js'
import type { ModelClient, ModelRequest, StreamEvent } from './model-client.js'
import { ProviderError } from './model-client.js'
import { isAbort } from './provider-errors.js'

const KEY = 'sk-ant-test-key-0123456789'

const request = (over: Partial<ModelRequest> = {}): ModelRequest => ({
  system: 'You supervise an etcd cluster.',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'member 2 is down' }] }],
  tools: [
    {
      name: 'read_logs',
      description: 'Read a member log',
      input_schema: { type: 'object', properties: { member: { type: 'string' } }, required: ['member'] },
    },
  ],
  max_tokens: 512,
  ...over,
})

let fake: FakeLlm
let client: ModelClient

beforeEach(async () => {
  fake = await startFakeLlm()
  client = anthropicClient({ model: 'claude-test-sonnet', apiKey: KEY, baseUrl: fake.anthropicUrl, timeoutMs: 5000 })
})
afterEach(async () => {
  await fake.close()
})

const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('resolved'),
    (err: unknown) => err,
  )

describe('anthropicClient', () => {
  it('streams a text reply piece by piece and returns it with usage and stop reason', async () => {
    fake.script([{ text: 'Member 2 looks down to me.', usage: { input: 42, output: 7 } }])
    const events: StreamEvent[] = []
    const res = await client.complete(request(), new AbortController().signal, (e) => events.push(e))
    expect(res.content).toEqual([{ type: 'text', text: 'Member 2 looks down to me.' }])
    expect(res.usage).toEqual({ input_tokens: 42, output_tokens: 7 })
    expect(res.stop_reason).toBe('end_turn')
    expect(res.model).toBe('claude-test-sonnet')
    const pieces = events.flatMap((e) => (e.type === 'text' ? [e.text] : []))
    expect(pieces.length).toBeGreaterThan(1)
    expect(pieces.join('')).toBe('Member 2 looks down to me.')
    const sent = fake.requests[0]
    expect(sent?.body).toMatchObject({
      model: 'claude-test-sonnet',
      stream: true,
      system: 'You supervise an etcd cluster.',
    })
    expect(JSON.stringify(sent?.headers)).toContain(KEY)
  })

  it('sends tools with input_schema, returns a tool call, and sends its result on the next turn', async () => {
    fake.script([{ tool_calls: [{ name: 'read_logs', input: { member: 'etcd-2' } }] }, { text: 'Done.' }])
    const events: StreamEvent[] = []
    const first = await client.complete(request(), new AbortController().signal, (e) => events.push(e))
    expect(fake.requests[0]?.body.tools).toEqual([
      {
        name: 'read_logs',
        description: 'Read a member log',
        input_schema: { type: 'object', properties: { member: { type: 'string' } }, required: ['member'] },
      },
    ])
    expect(first.stop_reason).toBe('tool_use')
    expect(events).toContainEqual({ type: 'tool_use', name: 'read_logs' })
    const call = first.content[0]
    expect(call).toMatchObject({ type: 'tool_use', name: 'read_logs', input: { member: 'etcd-2' } })
    if (call?.type !== 'tool_use') throw new Error('expected a tool call')

    const messages = [
      ...request().messages,
      { role: 'assistant' as const, content: first.content },
      {
        role: 'user' as const,
        content: [{ type: 'tool_result' as const, tool_use_id: call.id, content: 'log lines' }],
      },
    ]
    const second = await client.complete(request({ messages }), new AbortController().signal)
    expect(second.content).toEqual([{ type: 'text', text: 'Done.' }])
    expect(fake.requests[1]?.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'member 2 is down' }] },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: call.id, name: 'read_logs', input: { member: 'etcd-2' } }],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'log lines' }] },
    ])
  })

  it('fails retryably when a streamed tool input is not JSON (the SDK parses it and gives up)', async () => {
    fake.script([{ tool_calls: [{ name: 'read_logs', input: '{"member": "etcd-2", oops' }] }])
    const err = await failure(client.complete(request(), new AbortController().signal))
    expect(err).toBeInstanceOf(ProviderError)
    expect(err).toMatchObject({ retryable: true })
    expect((err as Error).message).toContain('not valid JSON')
  })

  it('turns a 500 into a retryable ProviderError', async () => {
    fake.script([{ status: 500 }])
    const err = await failure(client.complete(request(), new AbortController().signal))
    expect(err).toBeInstanceOf(ProviderError)
    expect(err).toMatchObject({ retryable: true, status: 500 })
  })

  it('reads retry-after from a 429', async () => {
    fake.script([{ status: 429, retryAfterS: 7 }])
    const err = await failure(client.complete(request(), new AbortController().signal))
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterS: 7 })
  })

  it('turns a 400 into a ProviderError that is not retried, without the key', async () => {
    fake.script([{ status: 400, body: '{"type":"error","error":{"type":"invalid_request_error","message":"bad"}}' }])
    const err = await failure(client.complete(request(), new AbortController().signal))
    expect(err).toMatchObject({ retryable: false, status: 400 })
    expect(String((err as Error).message)).not.toContain(KEY)
  })

  it('rejects promptly as an abort when the signal fires during a hang', async () => {
    fake.script([{ hang: true }])
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const started = Date.now()
    const err = await failure(client.complete(request(), controller.signal))
    expect(isAbort(err)).toBe(true)
    expect(err).not.toBeInstanceOf(ProviderError)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('fails retryably when the provider stays silent past the timeout', async () => {
    const slow = anthropicClient({ model: 'claude-test', apiKey: KEY, baseUrl: fake.anthropicUrl, timeoutMs: 150 })
    fake.script([{ hang: true }])
    const err = await failure(slow.complete(request(), new AbortController().signal))
    expect(err).toBeInstanceOf(ProviderError)
    expect(err).toMatchObject({ retryable: true })
  })
})
