import { describe, expect, it } from 'vitest'
import { demuxBuffer, FrameDemuxer, mergeFrames } from './frames.js'

function frame(type: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text)
  const header = Buffer.alloc(8)
  header[0] = type
  header.writeUInt32BE(payload.length, 4)
  return Buffer.concat([header, payload])
}

describe('multiplexed stream frames', () => {
  it('splits stdout and stderr', () => {
    const buf = Buffer.concat([frame(1, 'out1\n'), frame(2, 'err1\n'), frame(1, 'out2\n')])
    expect(demuxBuffer(buf)).toEqual({ stdout: Buffer.from('out1\nout2\n'), stderr: Buffer.from('err1\n') })
    expect(mergeFrames(buf).toString()).toBe('out1\nerr1\nout2\n')
  })

  it('handles frames split anywhere across chunks', () => {
    const buf = Buffer.concat([frame(1, 'hello '), frame(2, 'oops'), frame(1, 'world')])
    for (let cut = 1; cut < buf.length; cut++) {
      const got: string[] = []
      const d = new FrameDemuxer((kind, p) => got.push(`${kind}:${p.toString()}`))
      d.push(buf.subarray(0, cut))
      d.push(buf.subarray(cut))
      expect(got).toEqual(['stdout:hello ', 'stderr:oops', 'stdout:world'])
      expect(d.leftover).toBe(0)
    }
  })
})
