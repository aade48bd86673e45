/**
 * Playback of a replay: pause, step, speed and restart over a Replayer. Each
 * `tick(realMs)` moves recorded time by realMs × speed, or at maximum speed
 * applies a fixed chunk of entries, so a driver on real timers and a test on
 * manual ticks see the same sequence for the same ticks.
 */
import type { ReplayStatus } from '../core/run-events.js'
import type { Replayer } from './replayer.js'

/** A factor of real time, or as fast as possible. */
export type Speed = number | 'max'

/** The speeds `+` and `-` move between. */
export const SPEEDS: readonly Speed[] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 'max']

/** Entries applied per tick at maximum speed: small enough that keys and renders get their turn. */
export const MAX_SPEED_CHUNK = 500

/** How far `←` seeks back, in recorded time. */
export const SEEK_BACK_MS = 10_000

export class Playback {
  paused = false

  constructor(
    readonly replayer: Replayer,
    public speed: Speed = 1,
  ) {}

  get done(): boolean {
    return this.replayer.done
  }

  /** Real time passed: plays on (unless paused); returns the entries applied. */
  tick(realMs: number): number {
    if (this.paused || this.replayer.done) return 0
    if (this.speed === 'max') return this.replayer.drain(MAX_SPEED_CHUNK)
    return this.replayer.advance(realMs * this.speed)
  }

  togglePause(): void {
    this.paused = !this.paused
  }

  /** Pauses and applies the next entry. */
  step(): void {
    this.paused = true
    this.replayer.step()
  }

  faster(): void {
    this.speed = SPEEDS.find((s) => rank(s) > rank(this.speed)) ?? 'max'
  }

  slower(): void {
    this.speed = [...SPEEDS].reverse().find((s) => rank(s) < rank(this.speed)) ?? SPEEDS[0] ?? 1
  }

  /** Back to the beginning (playing on unless paused). */
  restart(): void {
    this.replayer.restart()
  }

  /** Seeks back in recorded time (replays from the start up to there). */
  back(ms = SEEK_BACK_MS): void {
    this.replayer.seek(Math.max(this.replayer.startAt, this.replayer.now() - ms))
  }

  status(): ReplayStatus {
    const r = this.replayer
    return {
      at: r.now(),
      elapsed_ms: r.now() - r.startAt,
      total_ms: r.endAt - r.startAt,
      position: r.position,
      entries: r.entries.length,
      speed: this.speed,
      paused: this.paused,
      ended: r.done,
    }
  }
}

function rank(s: Speed): number {
  return s === 'max' ? Number.POSITIVE_INFINITY : s
}

/** `--speed`: a positive factor, or `max` (or 0) for as fast as possible. */
export function parseSpeed(text: string): Speed | null {
  if (text === 'max' || text === 'MAX') return 'max'
  const n = Number(text)
  if (!Number.isFinite(n) || n < 0) return null
  return n === 0 ? 'max' : n
}
