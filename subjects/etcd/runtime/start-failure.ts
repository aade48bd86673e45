/**
 * Why a member could not start, read from the decisive lines of its own
 * log: another process holds one of its addresses, or its data dir (WAL,
 * snapshot, backend database) is lost or corrupt. The cause travels in the
 * failed result's details, where the playbook's advice for a person reads it. Pure.
 */

/** What kept a member from starting, as far as its log says. */
export type StartFailureCause = 'address_in_use' | 'data_dir' | 'unknown'

const ADDRESS_IN_USE = /address already in use/i
const BOUND_ADDRESS = /listen tcp ([^\s:]+:\d+): bind: address already in use/i
const DATA_DIR = [
  /failed to open database/i,
  /invalid database/i,
  /file size too small/i,
  /\bwalpb\b|\bwal\b|write-ahead log/i,
  /crc mismatch/i,
  /\bsnap(?:shot)?\b.*(?:failed|corrupt|not found|missing)/i,
  /failed to recover/i,
  /data[- ]dir/i,
  /raft log (?:corrupted|truncated|lost)|is out of range \[lastIndex/i,
  /has already been bootstrapped/i,
  /corrupt/i,
]

/** The cause named by a member's decisive log lines. */
export function startFailureCause(lines: readonly string[]): StartFailureCause {
  if (lines.some((l) => ADDRESS_IN_USE.test(l))) return 'address_in_use'
  if (lines.some((l) => DATA_DIR.some((p) => p.test(l)))) return 'data_dir'
  return 'unknown'
}

/** The address another process holds (`127.0.0.1:2380`), when the log names it; null otherwise. */
export function addressInUse(lines: readonly string[]): string | null {
  for (const line of lines) {
    const m = BOUND_ADDRESS.exec(line)
    if (m?.[1] !== undefined) return m[1]
  }
  return null
}
