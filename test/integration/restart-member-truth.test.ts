/**
 * restart_member succeeds only if it did what it says, on a real cluster: a
 * member whose client port another process holds dies as it starts
 * ("address already in use"); the action must fail with that line from the
 * member's own log and no record may name the dead process. Once the port is
 * free, the same action succeeds and what it started serves as the member.
 * Everything started here is stopped when the test finishes, also on failure.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it, onTestFinished } from 'vitest'
import { systemClock } from '../../src/core/clock.js'
import type { ActionContext, Subject } from '../../src/core/subject.js'
import type { EtcdObservation } from '../../subjects/etcd/index.js'
import { etcdSubject, openEtcd } from '../../subjects/etcd/index.js'
import { isSameLiveProcess } from '../../subjects/etcd/runtime/proc-stat.js'
import { restartMemberProcess } from '../../subjects/etcd/runtime/restart-member.js'
import { readMemberRecord } from '../../subjects/etcd/runtime/run-records.js'

const HOME_PREFIX = 'operator-restart-it-'
const ctx: ActionContext = { signal: new AbortController().signal, clock: systemClock, log: () => undefined }

/** A plain TCP listener on 127.0.0.1:port that accepts and answers nothing; retried while the port is still being released. */
async function squat(port: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const listen = () =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer((socket) => {
        sockets.add(socket)
        socket.on('close', () => sockets.delete(socket))
      })
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve(server))
    })
  const until = Date.now() + 15_000
  for (;;) {
    try {
      const server = await listen()
      return {
        close: () =>
          new Promise<void>((resolve) => {
            for (const s of sockets) s.destroy()
            server.close(() => resolve())
          }),
      }
    } catch (err) {
      if (Date.now() > until) throw err
      await systemClock.sleep(100)
    }
  }
}

async function observeUntil(subject: Subject<EtcdObservation>, what: string, ok: (o: EtcdObservation) => boolean) {
  const until = Date.now() + 30_000
  let last: EtcdObservation | null = null
  while (Date.now() < until) {
    last = await subject.observe(new AbortController().signal)
    if (ok(last)) return last
    await systemClock.sleep(200)
  }
  throw new Error(`timed out waiting for ${what}; last: ${last === null ? 'none' : subject.summarize(last)}`)
}

const allHealthy = (obs: EtcdObservation) =>
  obs.leader !== null && obs.members.every((m) => m.state === 'up' && m.healthy)

afterAll(async () => {
  const left = await execa('pgrep', ['-f', HOME_PREFIX], { reject: false })
  expect(left.stdout.trim()).toBe('')
})

describe('restart_member on real members', () => {
  it('fails with the member’s own log line when another process holds its port, succeeds once it is free, and leaves a member started moments ago and not serving alone', async () => {
    const home = mkdtempSync(join(tmpdir(), HOME_PREFIX))
    let subject: Subject<EtcdObservation> | null = null
    let squatter: { close(): Promise<void> } | null = null
    onTestFinished(async () => {
      await squatter?.close()
      await subject?.close()
      const runId = etcdSubject.currentRun(home)
      if (runId !== null) await etcdSubject.down(home, runId)
      rmSync(home, { recursive: true, force: true })
    })
    const status = await etcdSubject.up({ home }, new AbortController().signal)
    subject = await openEtcd(home, undefined, { clock: systemClock, log: () => undefined })
    await observeUntil(subject, 'a healthy cluster', allHealthy)
    const restart = subject.actions.find((a) => a.name === 'restart_member')
    const kill = subject.faults.find((f) => f.name === 'kill_member')
    if (restart === undefined || kill === undefined) throw new Error('no restart_member or kill_member')

    await kill.inject({ kind: 'member', name: 'm2' }, ctx)
    const port = Number(new URL(status.members.find((m) => m.name === 'm2')?.client_url ?? '').port)
    squatter = await squat(port)

    const failed = await restart.run({ member: 'm2' }, ctx)
    expect(failed.status, JSON.stringify(failed)).toBe('failed')
    expect(failed.status === 'failed' && failed.error).toMatch(/address already in use/)
    expect(failed.details).toMatchObject({
      member: 'm2',
      pid: null,
      cause: 'address_in_use',
      address: `127.0.0.1:${port}`,
      log_excerpt: expect.arrayContaining([expect.stringMatching(/address already in use/)]),
    })
    // No record names the process that died: the member has none running.
    expect(readMemberRecord(home, status.run_id, 'm2')).toBeNull()
    const m2 = (await etcdSubject.status(home)).members.find((m) => m.name === 'm2')
    expect(m2).toMatchObject({ pid: null, state: 'exited' })

    await squatter.close()
    squatter = null
    const done = await restart.run({ member: 'm2' }, ctx)
    expect(done.status, JSON.stringify(done)).toBe('ok')
    const record = readMemberRecord(home, status.run_id, 'm2')
    expect(record !== null && isSameLiveProcess(record.pid, record.start_time)).toBe(true)
    expect(done.details).toMatchObject({ member: 'm2', pid: record?.pid })
    const obs = await observeUntil(subject, 'm2 back and healthy', allHealthy)
    const served = obs.members.find((m) => m.name === 'm2')
    expect(done.details?.member_id).toBe(served?.state === 'up' ? served.member_id : 'm2 not up')

    // Started from outside moments before (a person, a fault's start) and not serving yet: the restart the action
    // asks for then leaves that process alone to come up (restart_member asks so only when the member does not answer).
    const start = subject.faults.find((f) => f.name === 'start_member')
    if (start === undefined) throw new Error('no start_member fault')
    await kill.inject({ kind: 'member', name: 'm3' }, ctx)
    await start.inject({ kind: 'member', name: 'm3' }, ctx)
    const outside = readMemberRecord(home, status.run_id, 'm3')
    const left = await restartMemberProcess(home, status.run_id, 'm3', systemClock, undefined, true)
    expect(left.freshStartMs).toBeGreaterThanOrEqual(0)
    expect(left.record).toEqual(outside)
    expect(readMemberRecord(home, status.run_id, 'm3')).toEqual(outside)
    // Serving already, it is restarted as asked: a new process.
    await observeUntil(subject, 'm3 back', allHealthy)
    const again = await restart.run({ member: 'm3' }, ctx)
    expect(again.status, JSON.stringify(again)).toBe('ok')
    expect(readMemberRecord(home, status.run_id, 'm3')?.pid).not.toBe(outside?.pid)
  })
})
