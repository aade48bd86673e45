/**
 * `operator replay` in a real terminal (tmux): a recording file played on the
 * five-panel screen with no cluster and no database — pause, step, speed up,
 * play to the end, restart, quit.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeRecordingFile } from '../../src/recording/export-file.js'
import { CLI, createOperatorEnv, waitFor } from '../fixtures/operator-env.js'
import { createRecording } from '../fixtures/recording.js'
import { openTerminal } from '../fixtures/tmux.js'

describe('operator replay on a real terminal', () => {
  it('plays a recording file on the five-panel screen and answers its keys', async () => {
    const op = createOperatorEnv()
    const file = join(op.home, 'story.ndjson')
    const recording = createRecording()
    const entries = recording.entries.length
    writeRecordingFile(file, recording)
    const term = await openTerminal([process.execPath, CLI, 'replay', file, '--speed', '1'], op.env, {
      cols: 120,
      rows: 40,
    })

    await term.waitForScreen(/REPLAY ▶ ×1/, 30_000)
    await term.send('Space')
    await term.waitForScreen(/REPLAY ❚❚ paused ×1/)
    await term.send('.', '.')
    await term.waitForScreen(new RegExp(`paused[\\s\\S]*\\b\\d+/${entries}\\b`))
    for (let i = 0; i < 7; i++) await term.send('+')
    await term.waitForScreen(/REPLAY ❚❚ paused ×128/)
    await term.send('Space')
    const end = await term.waitForScreen(/REPLAY ■ end ×128/, 20_000)
    expect(end).toMatch(/m3\s+leader/)
    expect(end).toContain('T-2')
    expect(end).toMatch(/workload ✘ dead \(exit 1\)/)
    // The scenario's narration is replayed as the band above the panels.
    expect(end).toContain('A follower dies without warning.')
    // Paused first: at ×128 the restarted replay would reach its end before the screen is read.
    await term.send('Space', 'g')
    await term.waitForScreen(new RegExp(`REPLAY ❚❚ paused ×128\\s+0:00/0:32\\s+\\S+\\s+0/${entries}`))
    await term.send('q')
    await waitFor('the replay to quit', () => term.ended(), 10_000)
  })
})
