/**
 * Output captured from something the operator runs, bounded: the first
 * `limit` bytes are kept, the rest only counted, so a script that prints
 * forever costs a fixed amount of memory. Text is redacted when read.
 */
import { redactText } from '../core/redact.js'

/** 64 KiB per stream, as results and the audit log should stay small. */
export const DEFAULT_OUTPUT_LIMIT = 64 * 1024

/** What a bounded stream produced. */
export interface CapturedOutput {
  /** The kept bytes as UTF-8, secrets redacted. */
  text: string
  /** Every byte seen, kept or not. */
  bytes: number
  /** Whether bytes were dropped. */
  truncated: boolean
}

export class BoundedOutput {
  private readonly chunks: Buffer[] = []
  private kept = 0
  private seen = 0

  constructor(private readonly limit = DEFAULT_OUTPUT_LIMIT) {}

  push(chunk: Buffer): void {
    this.seen += chunk.length
    const room = this.limit - this.kept
    if (room <= 0) return
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room)
    this.chunks.push(part)
    this.kept += part.length
  }

  get bytes(): number {
    return this.seen
  }

  result(): CapturedOutput {
    return {
      text: redactText(Buffer.concat(this.chunks).toString('utf8')),
      bytes: this.seen,
      truncated: this.seen > this.kept,
    }
  }
}

/** The last `limit` bytes of a buffer (logs: the newest lines matter), redacted. */
export function tailOutput(buffer: Buffer, limit = DEFAULT_OUTPUT_LIMIT): CapturedOutput {
  if (buffer.length <= limit)
    return { text: redactText(buffer.toString('utf8')), bytes: buffer.length, truncated: false }
  let start = buffer.length - limit
  // Start on a line boundary when one is near, so the first line is whole.
  const newline = buffer.indexOf(0x0a, start)
  if (newline !== -1 && newline - start < 4096) start = newline + 1
  return { text: redactText(buffer.subarray(start).toString('utf8')), bytes: buffer.length, truncated: true }
}
