import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRecording } from '../../test/fixtures/recording.js'
import { tempDir } from '../../test/fixtures/temp-store.js'
import { readRecordingFile, recordingText, writeRecordingFile } from './export-file.js'

describe('recording files', () => {
  it('round-trips a recording through one NDJSON file whose first line describes it', () => {
    const recording = createRecording()
    const path = join(tempDir(), 'run.ndjson')
    writeRecordingFile(path, recording)
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(recording.entries.length + 1)
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      format: 'operator.recording',
      schema_version: 2,
      run: recording.header.run,
      subject: 'etcd',
      entries: recording.entries.length,
    })
    expect(readRecordingFile(path)).toEqual(recording)
  })

  it('reads a file of schema version 1, written before narration entries existed, as it is', () => {
    const recording = createRecording()
    const entries = recording.entries.filter((e) => e.kind !== 'narration').map((e, seq) => ({ ...e, seq }))
    const old = { header: { ...recording.header, schema_version: 1 as const, entries: entries.length }, entries }
    const path = join(tempDir(), 'v1.ndjson')
    writeFileSync(path, recordingText(old))
    expect(readRecordingFile(path)).toEqual(old)
    expect(recording.entries.some((e) => e.kind === 'narration')).toBe(true)
  })

  it('names the file and line of an entry that is wrong', () => {
    const path = join(tempDir(), 'bad.ndjson')
    const lines = recordingText(createRecording()).split('\n')
    lines[3] = JSON.stringify({ seq: 2, at: 5, kind: 'line', source: 'kubelet', stream: 'stdout', text: 'x' })
    writeFileSync(path, lines.join('\n'))
    expect(() => readRecordingFile(path)).toThrow(`${path}:4: source: `)
  })

  it('refuses a truncated file and a file that is not a recording', () => {
    const dir = tempDir()
    const truncated = join(dir, 'truncated.ndjson')
    writeFileSync(truncated, recordingText(createRecording()).split('\n').slice(0, 10).join('\n'))
    expect(() => readRecordingFile(truncated)).toThrow(/announces \d+ entries, the file has 9 \(truncated\?\)/)
    const other = join(dir, 'package.json')
    writeFileSync(other, '{"name":"x"}\n')
    expect(() => readRecordingFile(other)).toThrow(/:1: not a recording header: format: /)
  })
})
