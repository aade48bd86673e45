/**
 * The five-panel controller: renders the view model on a throttle (at most
 * every 100 ms, so a burst of lines never starves key handling) whenever it
 * changed, and turns key presses into the person's decisions. The supervisor
 * feeds the view model (lines, children, database snapshots) and records the
 * notices shown here, so a replay shows them too.
 */
import { errorMessage } from '../core/errors.js'
import { describeKillReport } from '../core/kill-report.js'
import type { SubjectModule } from '../core/subject.js'
import type { RunControls } from './controls.js'
import { type Command, handleKey, type KeyPress } from './keys.js'
import { createScreen, type OperatorScreen } from './screen.js'
import type { Tone, ViewModel } from './view-model.js'

export const RENDER_INTERVAL_MS = 100

export interface TuiOptions {
  vm: ViewModel
  module: SubjectModule
  /** Null in unit tests and benches that drive the screen without a cluster, and until `attach` when the cluster comes up later. */
  supervisor: RunControls | null
  input: NodeJS.ReadableStream
  output: NodeJS.WritableStream
  /** Who approves from this screen (`--as`, or the OS user). */
  actor: string
  signal: AbortSignal
  /** Terminal window title; `operator demo — <subject>` by default. */
  title?: string
  /** Sees each key first while no overlay is open; returning true consumes it (the replay's keys, a presenter's space). */
  onKey?: (key: KeyPress) => boolean
  /** `q` or Ctrl-C: returning true keeps the screen open (a scenario stops first, then closes it). */
  onQuit?: () => boolean
}

export interface TuiHandle {
  screen: OperatorScreen
  /** Marks the view dirty; the next tick renders it. */
  invalidate(): void
  /** Resolves when the person quits or the signal aborts. */
  done: Promise<void>
  /** Runs a key as if typed (for tests and the bench). */
  press(key: KeyPress): Promise<void>
  /** The cluster the keys act on from now on; null: none (not up yet, or going down). */
  attach(supervisor: RunControls | null): void
  close(): void
}

export function startTui(o: TuiOptions): TuiHandle {
  const { vm } = o
  let supervisor = o.supervisor
  const screen = createScreen({
    input: o.input,
    output: o.output,
    subjectName: o.module.name,
    title: o.title ?? `operator demo — ${o.module.name}`,
  })
  let dirty = true
  let rendered = -1
  let closed = false
  let resolveDone: () => void = () => undefined
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve
  })

  const renderNow = () => {
    if (closed) return
    dirty = false
    rendered = vm.revision
    screen.render(vm)
  }
  // Streams render on a throttle; a key press renders at once, so keys feel immediate under any load.
  const renderTimer = setInterval(() => {
    if (dirty || vm.revision !== rendered) renderNow()
  }, RENDER_INTERVAL_MS)

  /** Shows a notice and has the supervisor record it, so a replay shows it at the same moment. */
  const notify = (text: string, tone: Tone) => {
    const at = Date.now()
    vm.notice(text, tone, at)
    supervisor?.recordNotice(text, tone, at)
  }

  const close = () => {
    if (closed) return
    closed = true
    clearInterval(renderTimer)
    screen.destroy()
    resolveDone()
  }

  const run = async (command: Command): Promise<void> => {
    const sup = supervisor
    if (command.kind === 'quit') {
      if (!o.onQuit?.()) close()
      return
    }
    if (!sup) {
      vm.flash = { text: 'no cluster to act on: it is not up, or it is going down', tone: 'info', at: Date.now() }
      return
    }
    try {
      switch (command.kind) {
        case 'approve':
        case 'reject': {
          const p = sup.decide(command.proposalId, o.actor, command.kind, command.contentHash)
          notify(`${p.id} ${p.action} ${p.status} by ${o.actor}`, command.kind === 'approve' ? 'good' : 'warn')
          break
        }
        case 'toggle_safety': {
          const next = vm.modes?.safety === 'execute' ? 'observe' : 'execute'
          vm.modes = sup.setModes({ safety: next }, o.actor)
          notify(`safety mode: ${next}`, next === 'execute' ? 'warn' : 'good')
          break
        }
        case 'toggle_approval': {
          const next = vm.modes?.approval === 'auto' ? 'manual' : 'auto'
          vm.modes = sup.setModes({ approval: next }, o.actor)
          notify(`approval mode: ${next}`, 'info')
          break
        }
        case 'fault': {
          // With several runs the notices say which one; with one they read as they always did.
          const where = command.run !== null && vm.runs.length > 1 ? ` on ${command.run}` : ''
          notify(`injecting ${command.fault}${command.target ? ` → ${command.target}` : ''}${where}…`, 'warn')
          dirty = true
          const r = await sup.injectFault(command.fault, command.target, command.run)
          notify(`fault ${r.fault} → ${r.targets.join(', ') || 'cluster'}${where}: ${r.summary}`, 'warn')
          break
        }
        case 'kill': {
          const report = await sup.kill(o.actor)
          vm.modes = sup.snapshot().modes
          vm.overlay = {
            kind: 'message',
            title: 'Kill switch engaged',
            lines: [
              'safety mode: observe (latched: `m` or `operator mode execute` brings execute back)',
              `proposals cancelled: ${report.proposals_cancelled}`,
              `tasks aborted: ${report.tasks_aborted}`,
              `agents acknowledged: ${report.agents_acknowledged}/${report.agents_signalled}`,
              `tickets escalated: ${report.tickets_escalated}`,
              `took ${report.elapsed_ms} ms`,
            ],
          }
          notify(describeKillReport(report), 'bad')
          break
        }
        case 'restart_children': {
          const dead = [...vm.children.values()].filter((c) => c.status === 'dead').map((c) => c.name)
          if (dead.length === 0) notify('no child is dead', 'info')
          for (const name of dead) await sup.restart(name)
          if (dead.length) notify(`restarted ${dead.join(', ')}`, 'good')
          break
        }
      }
    } catch (err) {
      notify(errorMessage(err), 'bad')
    }
    dirty = true
  }

  const press = async (key: KeyPress): Promise<void> => {
    if (!vm.overlay && o.onKey?.(key)) return renderNow()
    const command = handleKey(vm, key, o.module.faultMenu, (run) => supervisor?.faultRefusal(run) ?? null)
    renderNow()
    if (command) await run(command)
    renderNow()
  }

  screen.screen.on(
    'keypress',
    (ch: string | undefined, key: { name?: string; shift?: boolean; ctrl?: boolean } | undefined) => {
      const name = key?.name ?? ch ?? ''
      void press({
        name,
        ...(ch !== undefined ? { ch } : {}),
        ...(key?.shift ? { shift: true } : {}),
        ...(key?.ctrl ? { ctrl: true } : {}),
      })
    },
  )
  screen.screen.on('resize', () => {
    dirty = true
  })
  o.signal.addEventListener('abort', close, { once: true })
  screen.render(vm)

  return {
    screen,
    invalidate: () => {
      dirty = true
    },
    done,
    press,
    attach: (next) => {
      supervisor = next
      dirty = true
    },
    close,
  }
}
