/**
 * An escalation tells a person what happened, on a real cluster with the
 * built CLI: a member whose backend database is corrupt cannot start, the
 * agent's restart fails, and the ticket escalates with the decisive line of
 * the member's log and the playbook's advice — in the escalation event, in
 * `operator tickets` (JSON and text) and on the agent's event stream.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createOperatorEnv, waitFor } from '../fixtures/operator-env.js'

const EXECUTE_AUTO = { OPERATOR_SAFETY_MODE: 'execute', OPERATOR_APPROVAL_MODE: 'auto' }

interface ListedTicket {
  id: string
  status: string
  escalation_reason: string | null
  escalation: { summary: string; advice: string | null; log_excerpt: string[]; attempts: unknown[] } | null
}

describe('an escalation on real etcd', () => {
  it('carries the member’s log excerpt and advice when its data dir is corrupt', async () => {
    const op = createOperatorEnv()
    const up = await op.clusterUp()
    op.spawn('monitor', ['monitor', '--interval', '300'])
    const fault = await op.cli(['fault', 'kill_member', '--target', 'm2'])
    expect(fault.exitCode, fault.stderr).toBe(0)
    // The killed member's backend database, overwritten: etcd panics as it opens it.
    writeFileSync(join(op.home, 'runs', up.run_id, 'm2', 'member', 'snap', 'db'), 'not a bolt database\n'.repeat(200))
    const agent = op.spawn('agent', ['agent', '--settle', '800'], EXECUTE_AUTO)

    const ticket = await waitFor('a ticket for m2', () =>
      op
        .store()
        .tickets()
        .find((t) => t.key === 'members_healthy:m2'),
    )
    const escalated = await waitFor(
      'the ticket escalated',
      () => {
        const t = op.store().ticket(ticket.id)
        return t.status === 'escalated' ? t : undefined
      },
      90_000,
    )
    expect(escalated.escalation_reason).toBe('candidates_exhausted')

    const event = op
      .store()
      .events({ types: ['ticket.escalated'] })
      .find((e) => e.payload.ticket_id === ticket.id)
    const evidence = event?.payload.evidence as ListedTicket['escalation']
    expect(evidence).toMatchObject({
      summary: expect.stringMatching(
        /^restart_member m2 failed: failed to open database.* — m2's data dir is lost or corrupt: replace the member/,
      ),
      advice: expect.stringMatching(/replace the member .*etcdctl member remove.* or restore its data dir/),
      log_excerpt: expect.arrayContaining([expect.stringMatching(/failed to open database/)]),
      attempts: [
        expect.objectContaining({
          action: 'restart_member',
          params: { member: 'm2' },
          outcome: 'failed',
          error: expect.stringMatching(/failed to open database/),
          details: expect.objectContaining({ cause: 'data_dir', pid: null }),
        }),
      ],
    })

    const listed = await op.cliJson<{ tickets: ListedTicket[] }>(['tickets'])
    expect(listed.tickets.find((t) => t.id === ticket.id)?.escalation).toEqual(evidence)
    const text = await op.cli(['tickets'])
    expect(text.stdout).toContain(`↳ ${evidence?.summary}`)
    await waitFor('the escalation on the agent’s stream', () =>
      agent.events().find((e) => e.event === 'ticket.escalated' && e.summary === evidence?.summary),
    )
  })
})
