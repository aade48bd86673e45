import { describe, expect, it } from 'vitest'
import { createRecording } from '../../test/fixtures/recording.js'
import { SimulatedClock } from '../core/clock.js'
import { replayHeadless } from './replay-headless.js'

function run(speed: number | 'max', signal = new AbortController().signal) {
  const clock = new SimulatedClock(5_000_000)
  const printed: { line: string; at: number }[] = []
  const recording = createRecording()
  const done = replayHeadless({
    recording,
    speed,
    clock,
    signal,
    print: (line) => printed.push({ line, at: clock.now() - 5_000_000 }),
  })
  return { done, printed, recording }
}

describe('headless replay', () => {
  it('prints the tickets, the repair, notices and a dead child as the live headless demo did', async () => {
    const { done, printed } = run('max')
    const r = await done
    const text = printed.map((p) => p.line).join('\n')
    expect(text).toMatch(/monitor\s+OPEN\s+T-1 members_healthy:m2 \(critical\)/)
    expect(text).toMatch(/agent\s+EXECUTED P-1 restart_member/)
    expect(text).toMatch(/agent\s+VERIFIED P-1/)
    expect(text).toMatch(/monitor\s+RESOLVED T-1/)
    expect(text).toContain('P-1 restart_member approved by alice')
    expect(text).toContain('workload died (exit 1): workload: lost its connection')
    expect(text).toContain(
      '=== A follower crashes · step 1 of 1: A follower dies without warning. — kill_member → m2: SIGKILL sent to m2',
    )
    expect(r.lines).toBe(printed.length)
    expect(printed.every((p) => p.at === 0)).toBe(true)
  })

  it('paces lines by their recorded times at the chosen speed, against the clock it is given', async () => {
    const { done, printed, recording } = run(2)
    await done
    const first = recording.header.started_at
    const open = printed.find((p) => p.line.includes('OPEN     T-1'))
    const entry = recording.entries.find(
      (e) => e.kind === 'line' && e.text.includes('"ticket.opened"') && e.text.includes('T-1'),
    )
    expect(open?.at).toBe(((entry?.at ?? 0) - first) / 2)
    const times = printed.map((p) => p.at)
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  it('stops early when the signal aborts', async () => {
    const controller = new AbortController()
    controller.abort()
    const { done, printed } = run(1, controller.signal)
    expect((await done).entries).toBe(0)
    expect(printed).toEqual([])
  })
})
