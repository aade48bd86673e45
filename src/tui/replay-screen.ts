/**
 * `operator replay` on the five-panel screen: the live app with no
 * supervisor (no cluster, no agent), its view model fed from the recording
 * by a Playback. The replay's keys — space, `.`/→, `+`/`-`, `g`, ← — come
 * first; the view keys (tab, scroll, filter, help, q) work as live. A
 * realtime driver ticks the playback on timers; a manual one leaves the
 * ticks to the caller (tests), so two replays ticked alike show the same
 * screens.
 */
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises'
import type { RecordingEntry } from '../core/recording-entry.js'
import type { SubjectModule } from '../core/subject.js'
import { Playback, type Speed } from '../replay/playback.js'
import { Replayer } from '../replay/replayer.js'
import { startTui, type TuiHandle } from './app.js'
import { applyEntry } from './apply-entry.js'
import type { KeyPress } from './keys.js'
import { ViewModel } from './view-model.js'

export const REPLAY_TICK_MS = 50

export interface ReplayScreenOptions {
  /** What is replayed: the run's id and start, and its entries in order (an exported or stored recording). */
  recording: { header: { run: string; started_at: number }; entries: RecordingEntry[] }
  module: SubjectModule
  input: NodeJS.ReadableStream
  output: NodeJS.WritableStream
  signal: AbortSignal
  speed: Speed
  /** `realtime` (default): timers drive the playback. `manual`: the caller calls `tick`. */
  driver?: 'realtime' | 'manual'
  /** Real ms between ticks of the realtime driver. */
  tickMs?: number
}

export interface ReplayScreen {
  vm: ViewModel
  tui: TuiHandle
  playback: Playback
  /** Real time passed: plays on by realMs × speed (a chunk of entries at max speed). */
  tick(realMs: number): void
  /** Renders the screen now. */
  render(): void
  /** Resolves when the last entry has been applied (the screen stays until quit). */
  finished: Promise<void>
  /** Resolves when the person quits or the signal aborts. */
  done: Promise<void>
  close(): void
}

/** Keys of the live screen that act on a cluster: a replay only watches. */
const LIVE_ONLY = new Set(['a', 'r', 'm', 'A', 'K', 'R', 'f'])

export function startReplayScreen(o: ReplayScreenOptions): ReplayScreen {
  const { header, entries } = o.recording
  const vm = new ViewModel({ invariants: o.module.invariants, clusterTable: (obs) => o.module.clusterTable(obs) })
  const replayer = new Replayer(
    entries,
    { apply: (e) => applyEntry(vm, e), reset: () => vm.reset() },
    header.started_at,
  )
  const playback = new Playback(replayer, o.speed)
  let markFinished: () => void = () => undefined
  const finished = new Promise<void>((resolve) => {
    markFinished = resolve
  })

  const sync = () => {
    vm.replay = playback.status()
    if (replayer.done) markFinished()
  }

  const onKey = (key: KeyPress): boolean => {
    const ch = key.ch ?? ''
    if (key.ctrl) return false
    if (key.name === 'space' || ch === ' ') playback.togglePause()
    else if (ch === '.' || key.name === 'right') playback.step()
    else if (ch === '+' || ch === '=') playback.faster()
    else if (ch === '-' || ch === '_') playback.slower()
    else if (ch === 'g') playback.restart()
    else if (key.name === 'left') playback.back()
    else if (LIVE_ONLY.has(ch))
      vm.flash = {
        text: 'a replay only watches: approvals, modes, faults and the kill switch are live-only',
        tone: 'info',
        at: replayer.now(),
      }
    else return false
    sync()
    return true
  }

  const tui = startTui({
    vm,
    module: o.module,
    supervisor: null,
    input: o.input,
    output: o.output,
    actor: 'replay',
    signal: o.signal,
    title: `operator replay — ${header.run}`,
    onKey,
  })

  let shown = ''
  const tick = (realMs: number) => {
    playback.tick(realMs)
    sync()
    // Redraw when the replay moved (entries applied bump the view model's revision themselves).
    const now = JSON.stringify(vm.replay)
    if (now !== shown) tui.invalidate()
    shown = now
  }
  sync()

  let closed = false
  void tui.done.then(() => {
    closed = true
  })
  if (o.driver !== 'manual') void drive(o.tickMs ?? REPLAY_TICK_MS)

  async function drive(tickMs: number): Promise<void> {
    let last = performance.now()
    while (!closed) {
      const now = performance.now()
      tick(now - last)
      last = now
      // At maximum speed, the next chunk as soon as timers (renders) and keys have had their turn.
      if (playback.speed === 'max' && !playback.paused && !playback.done) await nextTurn()
      else await sleep(tickMs)
    }
  }

  return {
    vm,
    tui,
    playback,
    tick,
    render: () => {
      sync()
      tui.screen.render(vm)
    },
    finished,
    done: tui.done,
    close: () => tui.close(),
  }
}
