import { describe, expect, it } from 'vitest'
import { Presenter } from './presenter.js'

describe('the presenter', () => {
  it('fires nothing while no step waits', () => {
    const p = new Presenter()
    expect(p.fire()).toBe(false)
    expect(p.waiting).toBeNull()
  })

  it('holds a step until it is fired, once', async () => {
    const p = new Presenter()
    let fired = false
    const next = p.next(2, new AbortController().signal).then(() => {
      fired = true
    })
    await Promise.resolve()
    expect(fired).toBe(false)
    expect(p.waiting).toBe(2)
    expect(p.fire()).toBe(true)
    await next
    expect(fired).toBe(true)
    expect(p.waiting).toBeNull()
    expect(p.fire()).toBe(false)
  })

  it('lets go of a waiting step when the run is aborted, and refuses to wait on an aborted run', async () => {
    const p = new Presenter()
    const abort = new AbortController()
    const next = p.next(1, abort.signal)
    abort.abort(new Error('the presenter quit'))
    await expect(next).rejects.toThrow('the presenter quit')
    expect(p.waiting).toBeNull()
    expect(p.fire()).toBe(false)
    await expect(p.next(1, abort.signal)).rejects.toThrow('the presenter quit')
  })
})
