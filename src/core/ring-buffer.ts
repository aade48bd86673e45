/**
 * A fixed-capacity buffer that drops its oldest items: what every panel and
 * log keeps, so long output never grows memory without bound.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[]
  private start = 0
  private count = 0
  /** How many items were ever pushed (dropped ones included). */
  total = 0

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer')
    this.items = new Array<T | undefined>(capacity)
  }

  get length(): number {
    return this.count
  }

  push(item: T): void {
    const end = (this.start + this.count) % this.capacity
    this.items[end] = item
    if (this.count < this.capacity) this.count++
    else this.start = (this.start + 1) % this.capacity
    this.total++
  }

  /** Replaces the newest item (a line still being written); pushes when empty. */
  replaceLast(item: T): void {
    if (this.count === 0) {
      this.push(item)
      return
    }
    this.items[(this.start + this.count - 1) % this.capacity] = item
  }

  /** The newest item, if any. */
  peekLast(): T | undefined {
    return this.count === 0 ? undefined : this.items[(this.start + this.count - 1) % this.capacity]
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = []
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.start + i) % this.capacity] as T)
    return out
  }

  last(n: number): T[] {
    return this.toArray().slice(Math.max(0, this.count - n))
  }

  clear(): void {
    this.start = 0
    this.count = 0
    this.items.fill(undefined)
  }
}
