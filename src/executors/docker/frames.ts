/**
 * Docker's multiplexed stream format (a container without a TTY): frames of
 * an 8-byte header — stream type (1 stdout, 2 stderr), three zero bytes, a
 * big-endian length — then the payload. Parses chunks that split frames
 * anywhere, and whole buffers as `logs` returns them.
 */

export type StreamKind = 'stdout' | 'stderr'

export class FrameDemuxer {
  private pending: Buffer = Buffer.alloc(0)

  constructor(private readonly onFrame: (kind: StreamKind, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk
    while (buf.length >= 8) {
      const size = buf.readUInt32BE(4)
      if (buf.length < 8 + size) break
      const type = buf[0]
      // stdin (0) never comes back; anything else but 1 and 2 is treated as stdout.
      this.onFrame(type === 2 ? 'stderr' : 'stdout', buf.subarray(8, 8 + size))
      buf = buf.subarray(8 + size)
    }
    this.pending = Buffer.from(buf)
  }

  /** Bytes of an incomplete last frame (non-zero after the stream ended means it was cut). */
  get leftover(): number {
    return this.pending.length
  }
}

/** Splits a whole multiplexed buffer into stdout and stderr. */
export function demuxBuffer(buffer: Buffer): { stdout: Buffer; stderr: Buffer } {
  const out: Buffer[] = []
  const err: Buffer[] = []
  const d = new FrameDemuxer((kind, payload) => (kind === 'stderr' ? err : out).push(payload))
  d.push(buffer)
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err) }
}

/** Interleaves both streams of a multiplexed buffer in arrival order (as `docker logs` shows them). */
export function mergeFrames(buffer: Buffer): Buffer {
  const parts: Buffer[] = []
  new FrameDemuxer((_kind, payload) => parts.push(payload)).push(buffer)
  return Buffer.concat(parts)
}
