/**
 * Which item's rectangle is under a point: rectangles sorted by top, a binary search for the
 * point's row, then a short scan back over rows that can still reach it (docs/browser-facts.md,
 * hit-testing); rebuilt only when the marks' boxes changed.
 */

interface Slot<T> {
  top: number
  bottom: number
  left: number
  right: number
  item: T
}

/** A point-in-rectangles index over items that have client rects. */
export class RectIndex<T> {
  private slots: Slot<T>[] = []
  private maxHeight = 0

  /** Number of rectangles indexed. */
  get size(): number {
    return this.slots.length
  }

  /** Indexes each item's rectangles (empty ones are dropped). */
  build(items: Iterable<T>, rectsOf: (item: T) => Iterable<DOMRectReadOnly>): void {
    const slots: Slot<T>[] = []
    let maxHeight = 0
    for (const item of items) {
      for (const r of rectsOf(item)) {
        if (r.width <= 0 || r.height <= 0) continue
        slots.push({ top: r.top, bottom: r.bottom, left: r.left, right: r.right, item })
        maxHeight = Math.max(maxHeight, r.height)
      }
    }
    slots.sort((a, b) => a.top - b.top)
    this.slots = slots
    this.maxHeight = maxHeight
  }

  /** The item whose rectangle contains (x, y), or null (half-open: right and bottom edges are outside). */
  hit(x: number, y: number): T | null {
    const slots = this.slots
    // First slot whose top is below y: every candidate lies before it.
    let lo = 0
    let hi = slots.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((slots[mid] as Slot<T>).top <= y) lo = mid + 1
      else hi = mid
    }
    for (let i = lo - 1; i >= 0; i--) {
      const s = slots[i] as Slot<T>
      if (s.top < y - this.maxHeight) break
      if (y < s.bottom && x >= s.left && x < s.right) return s.item
    }
    return null
  }
}
