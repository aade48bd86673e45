import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RingBuffer } from './ring-buffer.js'

describe('ring buffer', () => {
  it('keeps the newest items up to its capacity, oldest first', () => {
    const ring = new RingBuffer<number>(3)
    for (const n of [1, 2, 3, 4, 5]) ring.push(n)
    expect(ring.toArray()).toEqual([3, 4, 5])
    expect(ring.total).toBe(5)
    expect(ring.last(2)).toEqual([4, 5])
  })

  it('always equals the tail of everything pushed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer()), (capacity, items) => {
        const ring = new RingBuffer<number>(capacity)
        for (const i of items) ring.push(i)
        expect(ring.toArray()).toEqual(items.slice(Math.max(0, items.length - capacity)))
      }),
    )
  })

  it('replaces its newest item in place, and pushes when empty', () => {
    const b = new RingBuffer<string>(2)
    b.replaceLast('a')
    expect(b.toArray()).toEqual(['a'])
    b.push('b')
    b.push('c')
    b.replaceLast('C')
    expect(b.toArray()).toEqual(['b', 'C'])
    expect(b.peekLast()).toBe('C')
    expect(b.total).toBe(3)
  })
})
