/**
 * A fixed number of slots shared by loops that must not all work at once
 * (many runs under one monitor or agent): `take` waits for a free slot, in
 * arrival order, and gives back the function that frees it. Waiting ends
 * early, with the signal's reason, when the signal aborts.
 */
export interface Slots {
  take(signal?: AbortSignal): Promise<() => void>
  /** Slots in use now. */
  readonly busy: number
  readonly waiting: number
}

export function createSlots(size: number): Slots {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`slots: size ${size} is not a positive integer`)
  let busy = 0
  const queue: (() => void)[] = []
  const releaser = (): (() => void) => {
    let freed = false
    return () => {
      if (freed) return
      freed = true
      const next = queue.shift()
      if (next) next()
      else busy--
    }
  }
  return {
    get busy() {
      return busy
    },
    get waiting() {
      return queue.length
    },
    take(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason)
      if (busy < size) {
        busy++
        return Promise.resolve(releaser())
      }
      return new Promise((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener('abort', onAbort)
          resolve(releaser())
        }
        const onAbort = () => {
          const i = queue.indexOf(grant)
          if (i >= 0) queue.splice(i, 1)
          reject(signal?.reason)
        }
        queue.push(grant)
        signal?.addEventListener('abort', onAbort, { once: true })
      })
    },
  }
}
