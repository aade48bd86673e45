import { describe, expect, it } from 'vitest'
import { demuxLogFrames } from './container-logs.js'

function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text, 'utf8')
  const header = Buffer.alloc(8)
  header[0] = stream
  header.writeUInt32BE(body.length, 4)
  return Buffer.concat([header, body])
}

describe('demuxLogFrames', () => {
  it('joins stdout and stderr frames in order, without their headers', () => {
    expect(demuxLogFrames(Buffer.concat([frame(2, '{"msg":"a"}\n'), frame(1, 'b\n'), frame(2, '{"msg":"c"}\n')]))).toBe(
      '{"msg":"a"}\nb\n{"msg":"c"}\n',
    )
  })

  it('returns unframed text (a TTY container) as it is', () => {
    expect(demuxLogFrames(Buffer.from('plain log line\n'))).toBe('plain log line\n')
  })

  it('is empty for an empty log', () => {
    expect(demuxLogFrames(Buffer.alloc(0))).toBe('')
  })
})
