/**
 * The MCP server's surface, over the SDK's in-memory transport: what it
 * lists, what read-only leaves out, and how bad input and refusals come back.
 */
import { Writable } from 'node:stream'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js'
import { describe, expect, it, onTestFinished } from 'vitest'
import { TEST_KEY } from '../../test/fixtures/proposal-states.js'
import { createTempStore, createViolation } from '../../test/fixtures/temp-store.js'
import { OperatorError } from '../core/errors.js'
import type { SubjectModule } from '../core/subject.js'
import { createLogger } from '../log/logger.js'
import { builtInPolicy } from '../safety/policy/load-policy.js'
import { createMcpServer } from './server.js'

async function connected(readOnly: boolean) {
  const { store, clock } = createTempStore()
  const noCluster = () => {
    throw new OperatorError('not_found', 'no etcd cluster is up', 'start one with `operator cluster up`')
  }
  const server = createMcpServer(
    {
      store,
      home: '/nonexistent',
      policy: builtInPolicy(),
      clock,
      logger: createLogger('mcp', new Writable({ write: (_c, _e, done) => done() })),
      key: () => TEST_KEY,
      subjectModule: { name: 'etcd', currentRun: () => null } as unknown as SubjectModule,
      subject: async () => noCluster(),
      signal: new AbortController().signal,
    },
    { readOnly },
  )
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair()
  const client = new Client({ name: 'unit test', version: '1' })
  await server.connect(serverSide)
  await client.connect(clientSide)
  onTestFinished(() => client.close())
  const call = async (name: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name, arguments: args })
    return { isError: r.isError === true, text: (r.content as { text: string }[])[0]?.text ?? '' }
  }
  return { client, call, store }
}

describe('the MCP server', () => {
  it('offers read tools marked read-only, propose and handoff, and nothing that approves or changes modes', async () => {
    const { client } = await connected(false)
    const { tools } = await client.listTools()
    const writes = tools.filter((t) => t.annotations?.readOnlyHint !== true).map((t) => t.name)
    expect(writes.sort()).toEqual(['handoff', 'propose'])
    expect(tools.filter((t) => /approv|reject|mode|kill|apply|unlatch|revoke/i.test(t.name))).toEqual([])
    expect(tools.find((t) => t.name === 'propose')?.inputSchema.required).toEqual(['ticket_id', 'steps', 'rationale'])
  })

  it('read-only leaves propose and handoff out, and calling propose is an error', async () => {
    const { client, call } = await connected(true)
    const names = (await client.listTools()).tools.map((t) => t.name)
    expect(names).not.toContain('propose')
    expect(names).not.toContain('handoff')
    expect(await call('propose', { ticket_id: 'T-1' })).toMatchObject({ isError: true, text: /propose not found/ })
  })

  it('names the field of malformed input, and answers refusals with the problem and the fix', async () => {
    const { call, store } = await connected(false)
    const malformed = await call('propose', { steps: [{ action: 'restart_member' }], rationale: 'r' })
    expect(malformed).toMatchObject({ isError: true, text: expect.stringMatching(/ticket_id/) })
    const plan = { ticket_id: 'T-1', steps: [{ action: 'restart_member', params: { member: 'm2' } }], rationale: 'r' }
    store.upsertViolation('run-1', 'etcd', createViolation(), 'monitor')
    expect(await call('propose', plan)).toEqual({
      isError: true,
      text: 'no etcd cluster is up — start one with `operator cluster up`',
    })
    expect(await call('proposal', { id: 'P-9' })).toEqual({
      isError: true,
      text: 'no proposal P-9 — list proposals with `operator proposals`',
    })
    const tickets = await call('tickets', {})
    expect(JSON.parse(tickets.text).tickets.map((t: { id: string }) => t.id)).toEqual(['T-1'])
  })
})
