/**
 * One kill-switch listener of the `store` bench section (bench-store-fanout.ts),
 * run as its own Node process: `node dist/scripts/bench-store-listener.js URL`.
 * LISTENs for the kill switch on the PostgreSQL database at URL the way an
 * agent does (listenForKill), prints `ready` once the LISTEN is in place, then
 * one line per notification: the wall-clock time it arrived (epoch ms with
 * sub-millisecond precision, comparable across processes), and keeps
 * listening. Any connection problem ends it with an error: a reconnect would
 * nudge without a kill and spoil the timings. It exits when stdin closes, so
 * it never outlives the bench.
 */
import { listenForKill } from '../src/store/pg/kill-channel.js'

const epochMs = () => performance.timeOrigin + performance.now()

async function main(): Promise<void> {
  const url = process.argv[2]
  if (url === undefined) throw new Error('usage: bench-store-listener POSTGRES_URL')
  let problem: string | null = null
  const listener = listenForKill(
    url,
    () => process.stdout.write(`${epochMs()}\n`),
    (why) => {
      problem ??= why
      process.stderr.write(`bench-store-listener: ${why}\n`)
      void listener.close().finally(() => process.exit(1))
    },
  )
  await listener.ready
  if (problem !== null) return // the problem handler is closing it and exiting
  process.stdout.write('ready\n')
  process.stdin.resume()
  process.stdin.on('close', () => void listener.close().finally(() => process.exit(0)))
}

main().catch((err: unknown) => {
  process.stderr.write(`bench-store-listener: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
