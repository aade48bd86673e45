import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'vitest'
import { systemClock } from '../../src/core/clock.js'
import { etcdSubject } from '../../subjects/etcd/index.js'

const sig = () => new AbortController().signal
const ctx = { signal: sig(), clock: systemClock, log: (m: string, f?: Record<string, unknown>) => console.log('CTX', m, JSON.stringify(f)) }

test('smoke', async () => {
  const home = mkdtempSync(join(tmpdir(), 'op-smoke-'))
  try {
    await etcdSubject.up({ home }, sig())
    const s = await etcdSubject.open(home, undefined, { clock: systemClock, log: (m, f) => console.log('LOG', m, f) })
    const obs = async (label: string) => { const t = Date.now(); const o = await s.observe(sig()); console.log(label, Date.now() - t, s.summarize(o), JSON.stringify(s.checker.evaluate(o).map(v => v.key))); return o }
    const fault = (n: string) => s.faults.find(f => f.name === n)!
    const action = (n: string) => s.actions.find(a => a.name === n)!
    await obs('start')
    console.log(await fault('kill_member').inject({ kind: 'member', name: 'm2' }, ctx))
    await obs('killed m2')
    console.log(await fault('pause_member').inject({ kind: 'member', name: 'm3' }, ctx))
    for (let i = 0; i < 4; i++) { await obs('paused m3'); await new Promise(r => setTimeout(r, 500)) }
    let t = Date.now()
    console.log(await action('restart_member').run({ member: 'm3' }, ctx), Date.now() - t)
    t = Date.now()
    console.log(await action('restart_member').run({ member: 'm2' }, ctx), Date.now() - t)
    for (let i = 0; i < 4; i++) { await obs('restarted'); await new Promise(r => setTimeout(r, 300)) }
    t = Date.now()
    console.log(await fault('fill_quota').inject({ kind: 'none' }, ctx), Date.now() - t)
    await obs('filled')
    for (const [a, p] of [['compact_revisions', {}], ['defragment_member', { member: 'm1' }], ['defragment_member', { member: 'm2' }], ['defragment_member', { member: 'm3' }], ['disarm_alarm', { alarm: 'NOSPACE' }]] as const) {
      t = Date.now(); console.log(a, JSON.stringify(await action(a).run(p, ctx)), Date.now() - t)
    }
    await obs('repaired')
    console.log(await fault('move_leader_away').inject({ kind: 'none' }, ctx))
    await obs('moved')
    console.log(await action('transfer_leader').run({ to: 'm1' }, ctx))
    await obs('back')
    await s.close()
  } finally {
    const td = Date.now(); console.log(await etcdSubject.down(home), 'down ms', Date.now() - td)
    rmSync(home, { recursive: true, force: true })
  }
})
