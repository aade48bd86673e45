/**
 * A container's log as text: the engine multiplexes stdout and stderr of a
 * container without a TTY into frames (8-byte header: stream, 3 zero bytes,
 * big-endian length), which are joined here in order.
 */
import type Docker from 'dockerode'

export function demuxLogFrames(buffer: Buffer): string {
  const parts: string[] = []
  let at = 0
  while (at + 8 <= buffer.length) {
    const stream = buffer[at]
    const length = buffer.readUInt32BE(at + 4)
    if ((stream !== 0 && stream !== 1 && stream !== 2) || at + 8 + length > buffer.length) {
      // Not framed (a TTY container): the bytes are the log itself.
      return at === 0 ? buffer.toString('utf8') : parts.join('')
    }
    parts.push(buffer.toString('utf8', at + 8, at + 8 + length))
    at += 8 + length
  }
  return parts.join('')
}

/** The log a container wrote since `since` (unix seconds; its last 200 lines at most); '' when the engine cannot say. */
export async function containerLogSince(container: Docker.Container, since: number): Promise<string> {
  try {
    return demuxLogFrames(await container.logs({ stdout: true, stderr: true, since, tail: 200, follow: false }))
  } catch {
    return ''
  }
}
