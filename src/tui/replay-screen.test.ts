import { describe, expect, it, onTestFinished } from 'vitest'
import { etcdSubject } from '../../subjects/etcd/index.js'
import { createFakeTty, screenText } from '../../test/fixtures/fake-tty.js'
import { createRecording, recordedEntries } from '../../test/fixtures/recording.js'
import { brainLines, LLM_MODEL } from '../../test/fixtures/tui-events.js'
import type { Recording } from '../recording/export-file.js'
import type { Speed } from '../replay/playback.js'
import { applyEntry } from './apply-entry.js'
import { type ReplayScreen, startReplayScreen } from './replay-screen.js'
import { createScreen } from './screen.js'
import { ViewModel } from './view-model.js'

/** A replay on its own 120×40 fake terminal, ticked by hand. */
function open(recording: Recording, speed: Speed): ReplayScreen {
  const tty = createFakeTty(120, 40)
  const stop = new AbortController()
  const replay = startReplayScreen({
    recording,
    module: etcdSubject,
    input: tty.input,
    output: tty.output,
    signal: stop.signal,
    speed,
    driver: 'manual',
  })
  onTestFinished(() => replay.close())
  return replay
}

/** The screen's rows after each of `ticks` ticks of `ms` real milliseconds. */
function frames(replay: ReplayScreen, ticks: number, ms: number): string[][] {
  const out: string[][] = []
  for (let i = 0; i < ticks; i++) {
    replay.tick(ms)
    replay.render()
    out.push(screenText(replay.tui.screen.screen))
  }
  return out
}

const text = (replay: ReplayScreen) => {
  replay.render()
  return screenText(replay.tui.screen.screen).join('\n')
}

describe('replay on the five-panel screen', () => {
  it('gives identical screens at the same ticks, every time the same recording is replayed', () => {
    const recording = createRecording()
    const first = frames(open(recording, 4), 100, 100)
    const second = frames(open(recording, 4), 100, 100)
    expect(second).toEqual(first)
    // The screens did change along the way: the comparison is not of blank frames.
    expect(new Set(first.map((f) => f.join('\n'))).size).toBeGreaterThan(20)
    const last = first.at(-1)?.join('\n') ?? ''
    expect(last).toMatch(/REPLAY ■ end ×4/)
    expect(last).toContain('T-2')
    expect(last).toMatch(/workload ✘ dead \(exit 1\)/)
    // The scenario's narration is replayed as a band above the panels, from its recorded moment on.
    expect(first[0]?.join('\n')).not.toContain('A follower dies without warning.')
    expect(last).toMatch(/Scenario · A follower crashes · step 1 of 1/)
    expect(last).toContain('A follower dies without warning.')
  })

  it('gives identical screens at maximum speed, and with the same keys pressed at the same ticks', async () => {
    const recording = createRecording()
    const run = async () => {
      const replay = open(recording, 'max')
      const shots: string[] = []
      await replay.tui.press({ name: 'space', ch: ' ' })
      shots.push(text(replay))
      for (let i = 0; i < 5; i++) await replay.tui.press({ name: '.', ch: '.' })
      shots.push(text(replay))
      await replay.tui.press({ name: 'space', ch: ' ' })
      replay.tick(16)
      shots.push(text(replay))
      await replay.tui.press({ name: 'g', ch: 'g' })
      shots.push(text(replay))
      return shots
    }
    const a = await run()
    expect(await run()).toEqual(a)
    expect(a[0]).toMatch(/REPLAY ❚❚ paused max\s+0:00\/0:32/)
    expect(a[1]).toMatch(/ 5\/\d+/)
    expect(a[2]).toMatch(/REPLAY ■ end max/)
    expect(a[3]).toMatch(/REPLAY ▶ max\s+0:00\/0:32/)
  })

  it('shows at each moment what the live screen showed, fed the same inputs at the same times', () => {
    const recording = createRecording()
    const replay = open(recording, 1)
    const liveTty = createFakeTty(120, 40)
    const live = createScreen({ input: liveTty.input, output: liveTty.output, subjectName: 'etcd' })
    onTestFinished(() => live.destroy())
    const vm = new ViewModel({ invariants: etcdSubject.invariants, clusterTable: etcdSubject.clusterTable })
    let fed = 0
    for (const moment of [1500, 5200, 10_000, 13_500, 31_500]) {
      const until = recording.header.started_at + moment
      for (let e = recording.entries[fed]; e && e.at <= until; e = recording.entries[++fed]) applyEntry(vm, e)
      replay.tick(until - (replay.vm.replay?.at ?? 0))
      replay.render()
      live.render(vm)
      // All but the last row: there the replay says where it is instead of the live key hints.
      expect(screenText(replay.tui.screen.screen).slice(0, -1)).toEqual(screenText(live.screen).slice(0, -1))
    }
  })

  it('steps one entry with . or →, changes speed with + and -, and keeps the live-only keys from acting', async () => {
    const replay = open(createRecording(), 1)
    await replay.tui.press({ name: 'right' })
    await replay.tui.press({ name: '.', ch: '.' })
    expect(replay.playback.status()).toMatchObject({ position: 2, paused: true })
    await replay.tui.press({ name: '+', ch: '+' })
    await replay.tui.press({ name: '+', ch: '+' })
    await replay.tui.press({ name: '-', ch: '-' })
    expect(replay.playback.speed).toBe(2)
    await replay.tui.press({ name: 'f', ch: 'f' })
    expect(replay.vm.overlay).toBeNull()
    expect(text(replay)).toContain('a replay only watches')
  })

  it('shows the brain the recorded agent said, and the playbook again once it restarts from before that', async () => {
    const [started, ...brain] = brainLines(0)
    if (!started) throw new Error('no agent.started in the fixture')
    // The story told by an agent planning with a model: its start line says so, its brain's lines follow.
    const entries = recordedEntries().flatMap((e) => {
      if (e.kind !== 'line' || !e.text.includes('"agent.started"')) return [e]
      return [{ ...e, text: started.text }, ...brain.map((l, i) => ({ ...e, at: e.at + i + 1, text: l.text }))]
    })
    const replay = open(createRecording({ entries: entries.map((e, seq) => ({ ...e, seq })) }), 4)
    // Two recorded seconds in: the agent has started, nothing has flashed yet to take the status line's room.
    replay.tick(500)
    const early = text(replay)
    expect(early).toContain(`Agent · llm ${LLM_MODEL}`)
    expect(early).toContain(`│ brain llm (${LLM_MODEL})`)
    expect(early).toContain('T-1 → read_member_logs')
    expect(early).toContain('T-1 model: m2 exited with code 137')
    replay.tick(20_000)
    const end = text(replay)
    expect(end).toMatch(/REPLAY ■ end ×4/)
    expect(end).toContain(`Agent · llm ${LLM_MODEL}`)
    await replay.tui.press({ name: 'g', ch: 'g' })
    expect(replay.vm.brain).toEqual({ name: 'playbook', model: null })
    expect(text(replay)).toContain('Agent · playbook')
  })
})
