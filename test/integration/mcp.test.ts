/**
 * `operator mcp` on a real cluster, driven by the SDK's own client over
 * stdio. The agent runs in execute mode with manual approval and one plan per
 * ticket, so when m2 is killed its own restart waits for a person too. The
 * outside agent proposes its plan for the same ticket; a person approves the
 * outside plan and rejects the agent's with the CLI. The agent escalates its
 * ticket (its one plan was rejected), then — holding no other task on it —
 * executes the approved outside plan through the gate, verifies and resolves
 * the ticket. A read-only server refuses `propose`; its raw stdout holds
 * nothing but JSON-RPC messages, and it exits cleanly when stdin closes.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js'
import { execa } from 'execa'
import { describe, expect, it, onTestFinished } from 'vitest'
import { CLI, createOperatorEnv, type OperatorEnv, waitFor } from '../fixtures/operator-env.js'

const FORBIDDEN = /approve|reject|mode|kill|apply|unlatch|revoke|execute/i

type Result = Awaited<ReturnType<Client['callTool']>>

async function connect(op: OperatorEnv, args: string[] = []) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', ...args],
    env: op.env,
    stderr: 'pipe',
  })
  const stderr: string[] = []
  transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()))
  const client = new Client({ name: 'operator-it', version: '1.0.0' })
  // A line on stdout that is not a JSON-RPC message fails the transport's parse: it lands here.
  const errors: unknown[] = []
  client.onerror = (err) => errors.push(err)
  await client.connect(transport)
  onTestFinished(() => client.close())
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const r: Result = await client.callTool({ name, arguments: args })
    const [first] = r.content as { type: string; text: string }[]
    return { isError: r.isError === true, text: first?.text ?? '', json: () => JSON.parse(first?.text ?? 'null') }
  }
  return { client, call, errors, stderr }
}

describe('operator mcp', () => {
  it('lets an outside agent read everything and propose a plan that a person approves and the agent executes', async () => {
    const op = createOperatorEnv()
    await op.clusterUp()
    op.spawn('monitor', ['monitor', '--interval', '300'])
    op.spawn('agent', ['agent', '--settle', '800', '--max-attempts', '1'], {
      OPERATOR_SAFETY_MODE: 'execute',
      OPERATOR_APPROVAL_MODE: 'manual',
    })
    const mcp = await connect(op)
    const names = (await mcp.client.listTools()).tools.map((t) => t.name)
    expect(names.sort()).toEqual(
      ['audit_verify', 'boot', 'explain', 'handoff', 'member_log', 'next', 'policy_explain', 'proposal', 'proposals']
        .concat(['propose', 'status', 'tickets', 'timeline'])
        .sort(),
    )
    expect(names.filter((n) => FORBIDDEN.test(n))).toEqual([])

    await waitFor('an agent and a healthy cluster', async () => {
      const s = (await mcp.call('status')).json()
      return s.live_agents.length === 1 && s.observation?.violations.length === 0
    })
    for (const [tool, args] of [
      ['tickets', {}],
      ['proposals', {}],
      ['boot', {}],
      ['next', {}],
      ['audit_verify', {}],
      ['policy_explain', { action: 'restart_member', params: { member: 'm2' } }],
      ['member_log', { member: 'm1', lines: 5 }],
    ] as const) {
      const r = await mcp.call(tool, args)
      expect(r.isError, `${tool}: ${r.text}`).toBe(false)
      expect(r.json(), tool).toMatchObject({ schema_version: 1 })
    }

    expect((await op.cli(['fault', 'kill_member', '--target', 'm2'])).exitCode).toBe(0)
    const own = await waitFor('the agent’s own proposal waiting', () => {
      return op.store().proposals({ status: ['awaiting_approval'] })[0]
    })
    const proposed = await mcp.call('propose', {
      ticket_id: own.ticket_id,
      steps: [{ action: 'restart_member', params: { member: 'm2' } }],
      rationale: 'm2 exited; restarting it brings the cluster back to three members',
      evidence: { violation: 'members_healthy:m2' },
    })
    expect(proposed.isError, proposed.text).toBe(false)
    const plan = proposed.json()
    const id: string = plan.proposals[0].proposal_id
    expect(plan).toMatchObject({ accepted: true, created_by: 'mcp:operator-it', live_agents: 1 })
    expect(plan.proposals[0]).toMatchObject({
      status: 'awaiting_approval',
      command: `operator approve ${id} --as NAME`,
    })
    expect(plan.proposals[0].waits_for).toMatch(/^awaiting approval by 1 person: operator approve P-\d+ --as NAME/)
    const waiting = (await mcp.call('proposals', { status: ['awaiting_approval'] })).json().proposals
    expect(waiting.map((p: { id: string; created_by: string }) => [p.id, p.created_by])).toContainEqual([
      id,
      'mcp:operator-it',
    ])
    for (const tool of ['proposal', 'explain', 'timeline'])
      expect((await mcp.call(tool, { id })).isError, tool).toBe(false)
    expect((await mcp.call('timeline', { id: own.ticket_id })).isError).toBe(false)

    expect((await op.cli(['approve', id, '--as', 'alice'])).exitCode).toBe(0)
    // The agent holds the ticket for its own plan: the outside plan waits, approved, and does not run.
    await new Promise((r) => setTimeout(r, 1000))
    expect(op.store().proposal(id).status).toBe('approved')
    expect((await op.cli(['reject', own.id, '--as', 'alice'])).exitCode).toBe(0)
    await waitFor('the outside plan verified', () => op.store().proposal(id).status === 'verified', 60_000)
    expect(op.store().proposal(own.id).status).toBe('denied')
    // The agent settles the ticket in its own transaction, a moment after the proposal's verification.
    await waitFor('the ticket resolved', () => op.store().ticket(own.ticket_id).status === 'resolved', 10_000)
    const executing = op.store().events({ types: ['proposal.executing'] })
    expect(executing.map((e) => e.payload.proposal_id)).toEqual([id])

    const malformed = await mcp.call('propose', { steps: [{ action: 'restart_member' }], rationale: 'x' })
    expect(malformed.isError).toBe(true)
    expect(malformed.text).toMatch(/ticket_id/)
    const resolved = await mcp.call('propose', {
      ticket_id: own.ticket_id,
      steps: [{ action: 'restart_member', params: { member: 'm2' } }],
      rationale: 'again',
    })
    expect(resolved).toMatchObject({
      isError: true,
      text: expect.stringMatching(/is resolved.* — propose for an open/),
    })
    expect((await mcp.call('audit_verify')).json().ok).toBe(true)
    expect(mcp.errors).toEqual([])
  })

  it('read-only: lists no propose, refuses it, writes only JSON-RPC to stdout and exits when stdin closes', async () => {
    const op = createOperatorEnv()
    const ro = await connect(op, ['--read-only'])
    const names = (await ro.client.listTools()).tools.map((t) => t.name)
    expect(names).not.toContain('propose')
    expect(names).not.toContain('handoff')
    const refused = await ro.call('propose', { ticket_id: 'T-1', steps: [], rationale: 'x' })
    expect(refused).toMatchObject({ isError: true, text: expect.stringMatching(/propose not found/) })
    expect(ro.errors).toEqual([])

    const messages = [
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
      },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'status', arguments: {} } },
      { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'tickets', arguments: { status: ['bogus'] } } },
    ]
    const input = `${messages.map((m) => JSON.stringify(m)).join('\n')}\n`
    const raw = await execa(process.execPath, [CLI, 'mcp', '--read-only'], {
      env: op.env,
      input,
      reject: false,
      stripFinalNewline: false,
    })
    expect(raw.exitCode, raw.stderr).toBe(0)
    const lines = raw.stdout.split('\n').filter((l) => l !== '')
    expect(lines.map((l) => JSONRPCMessageSchema.safeParse(JSON.parse(l)).success)).toEqual([true, true, true, true])
    expect(raw.stdout.endsWith('\n')).toBe(true)
    type Answer = { id: number; result: { isError?: boolean; structuredContent?: unknown; content: unknown[] } }
    const byId = new Map(lines.map((l) => JSON.parse(l) as Answer).map((m) => [m.id, m.result]))
    expect(byId.get(3)?.structuredContent).toMatchObject({ cluster: null, note: expect.any(String) })
    expect(byId.get(4)).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/at status/) }] })
    expect(raw.stderr).toMatch(/mcp server stopped: stdin closed/)
  })
})
