import { describe, expect, it } from 'vitest'
import { createSlots } from './slots.js'

describe('slots', () => {
  it('grants up to its size at once, then in arrival order as slots free', async () => {
    const slots = createSlots(2)
    const a = await slots.take()
    const b = await slots.take()
    const order: string[] = []
    const c = slots.take().then((free) => {
      order.push('c')
      return free
    })
    const d = slots.take().then((free) => {
      order.push('d')
      return free
    })
    expect(slots.busy).toBe(2)
    expect(slots.waiting).toBe(2)
    a()
    a() // freeing twice frees once
    const freeC = await c
    expect(order).toEqual(['c'])
    expect(slots.waiting).toBe(1)
    b()
    const freeD = await d
    expect(order).toEqual(['c', 'd'])
    freeC()
    freeD()
    expect(slots.busy).toBe(0)
  })

  it('lets a waiter give up when its signal aborts, without taking a slot', async () => {
    const slots = createSlots(1)
    const held = await slots.take()
    const stop = new AbortController()
    const waiting = slots.take(stop.signal)
    stop.abort(new Error('run ended'))
    await expect(waiting).rejects.toThrow('run ended')
    expect(slots.waiting).toBe(0)
    held()
    expect(slots.busy).toBe(0)
    await expect(slots.take(stop.signal)).rejects.toThrow('run ended')
  })

  it('refuses a size that is not a positive integer', () => {
    expect(() => createSlots(0)).toThrow(RangeError)
  })
})
