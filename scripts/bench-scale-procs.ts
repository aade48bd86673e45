/**
 * Process helpers of the scale bench: bounded parallel work, a process's CPU
 * time from /proc, and the net that kills what `cluster down` left behind.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** `work` on every item, `limit` at a time; after a failure no new item starts, and it is thrown once all have settled. */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items]
  let failure: { error: unknown } | undefined
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined && failure === undefined; item = queue.shift()) {
      try {
        await work(item)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failure) throw failure.error
}

/** utime + stime of a live process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
export function cpuTicks(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const rest = text
    .slice(text.lastIndexOf(')') + 1)
    .trim()
    .split(/\s+/)
  // rest[0] is field 3, so field N is rest[N - 3].
  return Number(rest[14 - 3]) + Number(rest[15 - 3])
}

/**
 * The safety net after `cluster down`: any process still running from this home's run directories (a member
 * `down` did not know of) is killed by its pid and named on stderr, for a leak is a bug to see.
 */
export function killLeftovers(home: string): void {
  const mark = join(home, 'runs')
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid) || pid === process.pid) continue
    let cmdline: string
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
    } catch {
      continue
    }
    if (!cmdline.includes(mark)) continue
    const run = cmdline.slice(cmdline.indexOf(mark) + mark.length + 1).split('/')[0] ?? ''
    const records = existsSync(join(mark, run, 'members')) ? readdirSync(join(mark, run, 'members')) : []
    const recorded = records.map((f) => readFileSync(join(mark, run, 'members', f), 'utf8').trim()).join(' ')
    process.stderr.write(
      `bench: scale: run ${run}: pid ${pid} still running after cluster down, killed; member records left: ${recorded || 'none'}\n`,
    )
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Gone meanwhile.
    }
  }
}
