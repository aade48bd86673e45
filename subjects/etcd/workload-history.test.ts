import { describe, expect, it } from 'vitest'
import { createHistoryTrimmer } from './workload-history.js'

function trimmer(every: number, fail?: (revision: number) => Error | undefined) {
  const compacted: number[] = []
  const errors: number[] = []
  const pending: (() => void)[] = []
  const t = createHistoryTrimmer(
    every,
    (revision) =>
      new Promise<void>((resolve, reject) => {
        pending.push(() => {
          const err = fail?.(revision)
          if (err) reject(err)
          else {
            compacted.push(revision)
            resolve()
          }
        })
      }),
    (_err, revision) => errors.push(revision),
  )
  const finishAll = async () => {
    for (const f of pending.splice(0)) f()
    await t.idle()
  }
  return { t, compacted, errors, finishAll }
}

describe('createHistoryTrimmer', () => {
  it('compacts to the previous checkpoint, so one interval of history stays readable', async () => {
    const { t, compacted, finishAll } = trimmer(3)
    for (let rev = 1; rev <= 9; rev++) {
      t.recordPut(rev)
      await finishAll()
    }
    // Checkpoints at revisions 3, 6, 9: compactions to 3 (at 6) and 6 (at 9).
    expect(compacted).toEqual([3, 6])
  })

  it('runs one compaction at a time and folds a skipped one into the next', async () => {
    const { t, compacted, finishAll } = trimmer(2)
    for (let rev = 1; rev <= 8; rev++) t.recordPut(rev)
    await finishAll()
    expect(compacted).toEqual([2])
    for (let rev = 9; rev <= 10; rev++) t.recordPut(rev)
    await finishAll()
    expect(compacted).toEqual([2, 8])
  })

  it('reports a failed compaction and tries again at the next checkpoint', async () => {
    const { t, compacted, errors, finishAll } = trimmer(1, (rev) => (rev === 1 ? new Error('unavailable') : undefined))
    for (let rev = 1; rev <= 3; rev++) {
      t.recordPut(rev)
      await finishAll()
    }
    expect(errors).toEqual([1])
    expect(compacted).toEqual([2])
  })
})
