import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../core/clock.js'
import { watchUntilGone } from './watch-gone.js'

/** Looks that answer from a script: true = the violation is gone at that look. */
function scripted(looks: boolean[]) {
  const clock = new SimulatedClock(0)
  const seen: number[] = []
  const look = async () => {
    seen.push(clock.now())
    return looks[seen.length - 1] ?? looks[looks.length - 1] ?? false
  }
  return { clock, seen, look }
}

const signal = new AbortController().signal

describe('adaptive verification', () => {
  it('settles as soon as the violation has stayed gone for the window over two looks', async () => {
    const { clock, seen, look } = scripted([false, false, true, true, true, true, true, true])
    const r = await watchUntilGone({ clock, signal, look, gone: (g) => g, settleMs: 300, deadline: 10_000 })
    expect(r).toEqual({ last: true, settled: true })
    // Gone from the look at 200 ms; settled at the first look 300 ms later.
    expect(seen.at(-1)).toBe(500)
  })

  it('starts the window over when the violation comes back (a member that flaps)', async () => {
    const { clock, seen, look } = scripted([true, true, false, true, true, true, true])
    await watchUntilGone({ clock, signal, look, gone: (g) => g, settleMs: 200, deadline: 10_000 })
    expect(seen.at(-1)).toBe(500)
  })

  it('needs two looks even with no settle window, stops when told, and gives up at the deadline', async () => {
    const once = scripted([true, true])
    await watchUntilGone({ ...once, signal, gone: (g) => g, settleMs: 0, deadline: 10_000 })
    expect(once.seen).toEqual([0, 100])
    const handedOn = scripted([false])
    const r = await watchUntilGone({ ...handedOn, signal, gone: (g) => g, done: () => true, settleMs: 0, deadline: 9 })
    expect(r).toEqual({ last: false, settled: false })
    expect(handedOn.seen).toEqual([0])
    const never = scripted([false])
    expect(await watchUntilGone({ ...never, signal, gone: (g) => g, settleMs: 0, deadline: 1000 })).toEqual({
      last: false,
      settled: false,
    })
    expect(never.seen.at(-1)).toBe(1000)
  })
})
