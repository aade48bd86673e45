import { describe, expect, it } from 'vitest'
import type { RecordingEntry } from '../core/recording-entry.js'
import { MAX_SPEED_CHUNK, Playback, parseSpeed } from './playback.js'
import { Replayer } from './replayer.js'

/** Notices at the given times (ms after 10 000), numbered in order. */
function entries(...offsets: number[]): RecordingEntry[] {
  return offsets.map((o, seq) => ({ seq, at: 10_000 + o, kind: 'notice', text: `n${seq}`, tone: 'info' }))
}

/** A replayer whose target keeps the texts applied. */
function replayer(list: RecordingEntry[], startAt?: number) {
  const applied: string[] = []
  const target = {
    apply: (e: RecordingEntry) => applied.push(e.kind === 'notice' ? e.text : e.kind),
    reset: () => applied.splice(0),
  }
  return { r: new Replayer(list, target, startAt), applied }
}

describe('the replayer', () => {
  it('starts at the run’s start with nothing applied, and applies each entry once its recorded time is reached', () => {
    const { r, applied } = replayer(entries(0, 400, 400, 1000), 9_500)
    expect(r.now()).toBe(9_500)
    expect(applied).toEqual([])
    expect(r.advance(499)).toBe(0)
    expect(r.advance(1)).toBe(1)
    expect(applied).toEqual(['n0'])
    r.advance(399)
    expect(applied).toEqual(['n0'])
    r.advance(1)
    expect(applied).toEqual(['n0', 'n1', 'n2'])
    expect(r.now()).toBe(10_400)
    expect(r.done).toBe(false)
  })

  it('never moves recorded time past the last entry', () => {
    const { r } = replayer(entries(0, 1000))
    r.advance(60_000)
    expect(r.done).toBe(true)
    expect(r.now()).toBe(11_000)
    expect(r.position).toBe(2)
  })

  it('steps one entry at a time, moving the clock to it, whatever the gap', () => {
    const { r, applied } = replayer(entries(0, 5000, 5000))
    expect(r.step()?.seq).toBe(0)
    expect(r.step()?.seq).toBe(1)
    expect(r.now()).toBe(15_000)
    expect(applied).toEqual(['n0', 'n1'])
    r.step()
    expect(r.step()).toBeNull()
  })

  it('seeks back by resetting the target and playing forward to the time asked', () => {
    const { r, applied } = replayer(entries(0, 100, 200, 300))
    r.advance(300)
    r.seek(10_150)
    expect(applied).toEqual(['n0', 'n1'])
    expect(r.now()).toBe(10_150)
    r.restart()
    expect(applied).toEqual([])
    expect(r.now()).toBe(10_000)
    expect(r.position).toBe(0)
  })

  it('treats an empty recording as already done', () => {
    const { r } = replayer([], 5)
    expect(r.done).toBe(true)
    expect(r.advance(100)).toBe(0)
    expect(r.now()).toBe(5)
  })
})

describe('playback', () => {
  it('moves recorded time by real time × speed on each tick, and not at all while paused', () => {
    const { r, applied } = replayer(entries(0, 1000, 2000, 3000), 10_000)
    const p = new Playback(r, 4)
    p.tick(250)
    expect(r.now()).toBe(11_000)
    expect(applied).toEqual(['n0', 'n1'])
    p.togglePause()
    p.tick(10_000)
    expect(r.now()).toBe(11_000)
    p.togglePause()
    p.tick(250)
    expect(applied).toEqual(['n0', 'n1', 'n2'])
    expect(p.status()).toMatchObject({
      at: 12_000,
      elapsed_ms: 2000,
      total_ms: 3000,
      position: 3,
      entries: 4,
      speed: 4,
      paused: false,
      ended: false,
    })
  })

  it('at maximum speed applies a fixed chunk of entries per tick, whatever real time passed', () => {
    const many = entries(...Array.from({ length: MAX_SPEED_CHUNK * 2 + 10 }, (_, i) => i * 500))
    const { r } = replayer(many)
    const p = new Playback(r, 'max')
    p.tick(0)
    expect(r.position).toBe(MAX_SPEED_CHUNK)
    p.tick(1_000_000)
    expect(r.position).toBe(MAX_SPEED_CHUNK * 2)
    p.tick(0)
    expect(p.status()).toMatchObject({ ended: true, position: many.length })
  })

  it('steps (pausing), changes speed through the steps and restarts', () => {
    const { r, applied } = replayer(entries(0, 60_000))
    const p = new Playback(r, 1)
    p.step()
    expect(p.paused).toBe(true)
    expect(applied).toEqual(['n0'])
    p.faster()
    expect(p.speed).toBe(2)
    for (let i = 0; i < 20; i++) p.faster()
    expect(p.speed).toBe('max')
    p.slower()
    expect(p.speed).toBe(128)
    p.speed = 3
    p.slower()
    expect(p.speed).toBe(2)
    for (let i = 0; i < 20; i++) p.slower()
    expect(p.speed).toBe(0.25)
    p.restart()
    expect(applied).toEqual([])
  })

  it('reads --speed as a positive factor, or max (0 means max too)', () => {
    expect(parseSpeed('2.5')).toBe(2.5)
    expect(parseSpeed('max')).toBe('max')
    expect(parseSpeed('0')).toBe('max')
    expect(parseSpeed('-1')).toBeNull()
    expect(parseSpeed('fast')).toBeNull()
  })
})
