import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { decisiveLines, parseLogLine } from './log-excerpt.js'
import { logSince, logSize } from './log-tail.js'
import { addressInUse, startFailureCause } from './start-failure.js'

// Lines as etcd 3.4 writes them when its port is taken, and when its backend database is corrupt.
const zap = (level: string, msg: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ level, ts: '2026-01-01T00:00:00.000Z', caller: 'x.go:1', msg, ...extra })
const IN_USE = [
  zap('info', 'configuring peer listeners', { 'listen-peer-urls': ['http://127.0.0.1:40002'] }),
  zap('info', 'closing etcd server', { name: 'm2' }),
  zap('warn', 'failed to start etcd', { error: 'listen tcp 127.0.0.1:40001: bind: address already in use' }),
  zap('fatal', 'discovery failed', {
    error: 'listen tcp 127.0.0.1:40001: bind: address already in use',
    stacktrace: 'go.etcd.io/etcd/etcdmain.startEtcdOrProxyV2\n\tetcd.go:271',
  }),
].join('\n')
const CORRUPT = [
  zap('info', 'starting an etcd server', { name: 'm2' }),
  zap('panic', 'failed to open database', { path: '/h/runs/r/m2/member/snap/db', error: 'file size too small' }),
  'panic: failed to open database',
  '',
  'goroutine 142 [running]:',
  'go.uber.org/zap/zapcore.CheckWriteAction.OnWrite(0x2?)',
].join('\n')

describe('decisive log lines', () => {
  it('are the warnings and errors, rendered as msg: error, the fatal one last', () => {
    expect(decisiveLines(IN_USE)).toEqual([
      'failed to start etcd: listen tcp 127.0.0.1:40001: bind: address already in use',
      'discovery failed: listen tcp 127.0.0.1:40001: bind: address already in use',
    ])
    expect(decisiveLines(CORRUPT)).toEqual([
      'failed to open database (/h/runs/r/m2/member/snap/db): file size too small',
    ])
  })

  it('fall back to the last line when nothing is a warning, and are empty for an empty log', () => {
    expect(decisiveLines(`${zap('info', 'ready to serve client requests')}\nplain last words\n`)).toEqual([
      'plain last words',
    ])
    expect(decisiveLines('\n \n')).toEqual([])
  })

  it('keep at most the last few, truncated and redacted', () => {
    const many = Array.from({ length: 6 }, (_, i) => zap('error', `failure ${i}`)).join('\n')
    expect(decisiveLines(many)).toEqual(['failure 3', 'failure 4', 'failure 5'])
    expect(decisiveLines(zap('error', 'x'.repeat(500)))[0]).toHaveLength(240)
    const secret = decisiveLines(zap('error', 'auth failed', { error: 'password=hunter2 rejected' }))
    expect(secret.join(' ')).not.toContain('hunter2')
  })

  it('parse lines that are not zap JSON as they are', () => {
    expect(parseLogLine('panic: failed to open database')).toEqual({
      level: null,
      text: 'panic: failed to open database',
    })
  })
})

describe('start failure causes', () => {
  it('name an address held by another process, with the address', () => {
    const lines = decisiveLines(IN_USE)
    expect(startFailureCause(lines)).toBe('address_in_use')
    expect(addressInUse(lines)).toBe('127.0.0.1:40001')
  })

  it('name a lost or corrupt data dir', () => {
    expect(startFailureCause(decisiveLines(CORRUPT))).toBe('data_dir')
    expect(startFailureCause(['failed to open WAL: wal: crc mismatch'])).toBe('data_dir')
    expect(startFailureCause(['member 8e9e05c52164694d has already been bootstrapped'])).toBe('data_dir')
    expect(startFailureCause(['something else went wrong'])).toBe('unknown')
    expect(addressInUse(['something else'])).toBeNull()
  })
})

describe('the log of one start', () => {
  it('is what the file holds past the offset taken before the start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'operator-log-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const file = join(dir, 'm2.log')
    expect(logSize(file)).toBe(0)
    writeFileSync(file, `${zap('fatal', 'an old failure')}\n`)
    const offset = logSize(file)
    writeFileSync(file, `${zap('fatal', 'an old failure')}\n${zap('fatal', 'this start failed')}\n`)
    expect(decisiveLines(logSince(file, offset))).toEqual(['this start failed'])
    expect(decisiveLines(logSince(file, offset + 10_000))).toEqual(['an old failure', 'this start failed'])
    expect(logSince(join(dir, 'missing.log'), 0)).toBe('')
  })
})
