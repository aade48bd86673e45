/**
 * `operator replay RUN|FILE [--speed N] [--headless]`: plays a recorded run
 * back on the five-panel screen (a TTY is needed) or, with `--headless`, as
 * lines — with no cluster and no agent. The recorded times drive the replay,
 * so the same recording always shows the same screens.
 */
import type { Command } from 'commander'
import { z } from 'zod'
import { systemClock } from '../core/clock.js'
import { OperatorError } from '../core/errors.js'
import { loadRecording } from '../replay/load-recording.js'
import { parseSpeed, type Speed } from '../replay/playback.js'
import { replayHeadless } from '../replay/replay-headless.js'
import { startReplayScreen } from '../tui/replay-screen.js'
import { abortOnSignals, openStore, parseOptions } from './context.js'
import { subject } from './subject.js'
import { guardTerminal } from './terminal-guard.js'

const ReplayOptions = z.object({
  target: z.string().min(1),
  speed: z.string().transform((s, ctx): Speed => {
    const speed = parseSpeed(s)
    if (speed === null) {
      ctx.addIssue({ code: 'custom', message: 'must be a positive number, or max (0 also means max)' })
      return z.NEVER
    }
    return speed
  }),
  headless: z.boolean().optional(),
})

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('play a recorded run back on the five-panel screen (or as lines) with no cluster and no agent')
    .argument('<run>', 'run id (see `operator runs list`), `last`, or a file from `operator runs export`')
    .option('--speed <n>', 'speed factor (0.25…128), or max (0) for as fast as possible', '1')
    .option('--headless', 'no screen: print the recording as lines')
    .action(async (target: string, raw: Record<string, unknown>) => {
      const o = parseOptions(ReplayOptions, { ...raw, target }, 'replay')
      if (!o.headless && !(process.stdout.isTTY && process.stdin.isTTY)) {
        throw new OperatorError(
          'usage',
          'operator replay needs a terminal for its screen (stdin/stdout is not a TTY)',
          `run \`operator replay ${target} --headless\` for the recording as lines`,
        )
      }
      const recording = loadRecording(o.target, () => openStore(), Date.now())
      const { signal, abort, dispose } = abortOnSignals()
      // A closed terminal (or a closed pipe) ends the replay quietly instead of in a crash on the next write.
      const guard = guardTerminal({ name: 'replay', abort, stopAll: () => Promise.resolve() })
      const print = (line: string) => {
        if (!guard.gone) process.stdout.write(`${line}\n`)
      }
      try {
        if (o.headless) {
          const { header, entries } = recording
          const span = (entries.at(-1)?.at ?? header.started_at) - header.started_at
          const source = `${header.run} (${header.kind}, ${header.subject})`
          const seconds = Math.round(span / 1000)
          const pace = o.speed === 'max' ? 'max speed' : `×${o.speed}`
          print(`replay ${source}: ${entries.length} entries over ${seconds} s at ${pace}`)
          const r = await replayHeadless({ recording, speed: o.speed, clock: systemClock, signal, print })
          print(
            `replay ${signal.aborted ? 'stopped' : 'done'}: ${r.entries} of ${entries.length} entries, ${r.lines} lines`,
          )
        } else {
          const screen = startReplayScreen({
            recording,
            module: subject(recording.header.subject),
            input: process.stdin,
            output: process.stdout,
            signal,
            speed: o.speed,
          })
          await screen.done
        }
      } finally {
        dispose()
        guard.finish()
        guard.dispose()
      }
    })
}
