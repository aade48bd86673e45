import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakeLlm, startFakeLlm } from '../../../test/fixtures/fake-llm.js'
import type { ModelClient, ModelRequest, StreamEvent } from './model-client.js'
import { ProviderError } from './model-client.js'
import { openaiClient } from './openai-client.js'
import { isAbort } from './provider-errors.js'

const KEY = 'sk-openai-test-key-0123456789'
const SCHEMA = { type: 'object', properties: { member: { type: 'string' } }, required: ['member'] }

const request = (over: Partial<ModelRequest> = {}): ModelRequest => ({
  system: 'You supervise an etcd cluster.',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'member 2 is down' }] }],
  tools: [{ name: 'read_logs', description: 'Read a member log', input_schema: SCHEMA }],
  max_tokens: 512,
  ...over,
})

let fake: FakeLlm
let client: ModelClient

beforeEach(async () => {
  fake = await startFakeLlm()
  client = openaiClient({ model: 'gpt-test', apiKey: KEY, baseUrl: fake.openaiUrl, timeoutMs: 5000 })
})
afterEach(async () => {
  await fake.close()
})

const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('resolved'),
    (err: unknown) => err,
  )

describe('openaiClient', () => {
  it('streams a text reply piece by piece and returns it with usage from the last chunk', async () => {
    fake.script([{ text: 'Member 2 looks down to me.', usage: { input: 42, output: 7 } }])
    const events: StreamEvent[] = []
    const res = await client.complete(request(), new AbortController().signal, (e) => events.push(e))
    expect(res).toEqual({
      content: [{ type: 'text', text: 'Member 2 looks down to me.' }],
      usage: { input_tokens: 42, output_tokens: 7 },
      stop_reason: 'end_turn',
      model: 'gpt-test',
    })
    const pieces = events.flatMap((e) => (e.type === 'text' ? [e.text] : []))
    expect(pieces.length).toBeGreaterThan(1)
    expect(pieces.join('')).toBe('Member 2 looks down to me.')
    const sent = fake.requests[0]
    expect(sent?.body).toMatchObject({
      model: 'gpt-test',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 512,
      messages: [
        { role: 'system', content: 'You supervise an etcd cluster.' },
        { role: 'user', content: 'member 2 is down' },
      ],
    })
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`)
  })

  it('sends tools as functions, puts streamed tool calls together, and sends the result as a tool message', async () => {
    fake.script([
      {
        tool_calls: [
          { name: 'read_logs', input: { member: 'etcd-2' } },
          { name: 'read_logs', input: { member: 'etcd-3' } },
        ],
      },
      { text: 'Done.' },
    ])
    const events: StreamEvent[] = []
    const first = await client.complete(request(), new AbortController().signal, (e) => events.push(e))
    expect(fake.requests[0]?.body.tools).toEqual([
      { type: 'function', function: { name: 'read_logs', description: 'Read a member log', parameters: SCHEMA } },
    ])
    expect(first.stop_reason).toBe('tool_use')
    expect(events.filter((e) => e.type === 'tool_use')).toEqual([
      { type: 'tool_use', name: 'read_logs' },
      { type: 'tool_use', name: 'read_logs' },
    ])
    expect(first.content).toMatchObject([
      { type: 'tool_use', name: 'read_logs', input: { member: 'etcd-2' } },
      { type: 'tool_use', name: 'read_logs', input: { member: 'etcd-3' } },
    ])
    const ids = first.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []))
    expect(new Set(ids).size).toBe(2)

    const messages = [
      ...request().messages,
      { role: 'assistant' as const, content: first.content },
      {
        role: 'user' as const,
        content: [
          { type: 'tool_result' as const, tool_use_id: ids[0] ?? '', content: 'log lines' },
          { type: 'tool_result' as const, tool_use_id: ids[1] ?? '', content: 'no such member', is_error: true },
        ],
      },
    ]
    const second = await client.complete(request({ messages }), new AbortController().signal)
    expect(second.content).toEqual([{ type: 'text', text: 'Done.' }])
    expect(fake.requests[1]?.body.messages).toEqual([
      { role: 'system', content: 'You supervise an etcd cluster.' },
      { role: 'user', content: 'member 2 is down' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: ids[0], type: 'function', function: { name: 'read_logs', arguments: '{"member":"etcd-2"}' } },
          { id: ids[1], type: 'function', function: { name: 'read_logs', arguments: '{"member":"etcd-3"}' } },
        ],
      },
      { role: 'tool', tool_call_id: ids[0], content: 'log lines' },
      { role: 'tool', tool_call_id: ids[1], content: 'error: no such member' },
    ])
  })

  it('hands unparsable tool arguments on raw so the brain can tell the model', async () => {
    fake.script([{ tool_calls: [{ name: 'read_logs', input: '{"member": etcd-2' }] }])
    const res = await client.complete(request(), new AbortController().signal)
    expect(res.content).toMatchObject([{ type: 'tool_use', input: { _unparsable: '{"member": etcd-2' } }])
  })

  it('turns a 500 into a retryable ProviderError', async () => {
    fake.script([{ status: 500 }])
    const err = await failure(client.complete(request(), new AbortController().signal))
    expect(err).toBeInstanceOf(ProviderError)
    expect(err).toMatchObject({ retryable: true, status: 500 })
  })

  it('reads retry-after from a 429', async () => {
    fake.script([{ status: 429, retryAfterS: 3 }])
    const err = await failure(client.complete(request(), new AbortController().signal))
    expect(err).toMatchObject({ retryable: true, status: 429, retryAfterS: 3 })
  })

  it('turns a 400 into a ProviderError that is not retried, without the key', async () => {
    fake.script([{ status: 400, body: '{"error":{"message":"bad request","type":"invalid_request_error"}}' }])
    const err = await failure(client.complete(request(), new AbortController().signal))
    expect(err).toMatchObject({ retryable: false, status: 400 })
    expect((err as Error).message).not.toContain(KEY)
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

  it('rejects as an abort when the signal fires while the answer is streaming', async () => {
    fake.script([{ delayMs: 0, turn: { text: 'one two three four five six seven' } }])
    const controller = new AbortController()
    const err = await failure(client.complete(request(), controller.signal, () => controller.abort()))
    expect(isAbort(err)).toBe(true)
  })

  it('fails retryably when the server stays silent past the timeout', async () => {
    const slow = openaiClient({ model: 'gpt-test', apiKey: KEY, baseUrl: fake.openaiUrl, timeoutMs: 150 })
    fake.script([{ hang: true }])
    const err = await failure(slow.complete(request(), new AbortController().signal))
    expect(err).toMatchObject({ retryable: true })
    expect((err as Error).message).toContain('150 ms')
  })
})
