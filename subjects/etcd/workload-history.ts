/**
 * Keeps the workload's key history bounded. Bounded keys alone do not bound
 * the database: etcd keeps every revision until it is compacted, and the
 * runs have no auto-compaction, so 200 puts/s would grow the backend by about
 * 16 KB/s and fill a 16 MiB quota in a quarter of an hour. Every `every`
 * puts, the history is compacted (logically; no defragment) up to the
 * revision of the previous checkpoint, so the last `every`–`2·every` workload
 * revisions stay readable and the freed pages are reused.
 */

/** Compacts the cluster's history up to a revision. */
export type CompactFn = (revision: number) => Promise<void>

export interface HistoryTrimmer {
  /** Called with the revision of every successful workload put. */
  recordPut(revision: number): void
  /** Resolves when no compaction is running. */
  idle(): Promise<void>
}

export function createHistoryTrimmer(
  every: number,
  compact: CompactFn,
  onError: (err: unknown, revision: number) => void,
): HistoryTrimmer {
  let puts = 0
  let checkpoint: number | null = null
  let compacted = 0
  let running: Promise<void> | null = null

  return {
    recordPut(revision) {
      puts++
      if (puts < every) return
      puts = 0
      const target = checkpoint
      checkpoint = revision
      // One compaction at a time; a skipped one is folded into the next.
      if (target === null || target <= compacted || running !== null) return
      running = compact(target)
        .then(
          () => {
            compacted = target
          },
          (err: unknown) => onError(err, target),
        )
        .finally(() => {
          running = null
        })
    },
    async idle() {
      await running
    },
  }
}
