import { describe, expect, it } from 'vitest'
import { RectIndex } from './rect-index.ts'

const rect = (left: number, top: number, width: number, height: number): DOMRectReadOnly =>
  ({ left, top, width, height, right: left + width, bottom: top + height }) as DOMRectReadOnly

describe('RectIndex', () => {
  const index = new RectIndex<string>()
  index.build(['a', 'b', 'wrapped', 'empty'], (item) => {
    switch (item) {
      case 'a':
        return [rect(10, 100, 50, 20)]
      case 'b':
        return [rect(200, 100, 50, 20)]
      case 'wrapped':
        return [rect(300, 300, 40, 20), rect(0, 320, 30, 20)]
      default:
        return [rect(500, 500, 0, 0)]
    }
  })

  it('finds the item under a point', () => {
    expect(index.hit(30, 110)).toBe('a')
    expect(index.hit(220, 119)).toBe('b')
  })

  it('finds both rectangles of an item that wraps across lines', () => {
    expect(index.hit(320, 310)).toBe('wrapped')
    expect(index.hit(10, 330)).toBe('wrapped')
  })

  it('misses between items, beside a line and below the last row', () => {
    expect(index.hit(100, 110)).toBeNull()
    expect(index.hit(5, 110)).toBeNull()
    expect(index.hit(30, 125)).toBeNull()
    expect(index.hit(30, 99)).toBeNull()
    expect(index.hit(500, 500)).toBeNull()
  })

  it('treats right and bottom edges as outside, left and top as inside', () => {
    expect(index.hit(10, 100)).toBe('a')
    expect(index.hit(60, 110)).toBeNull()
    expect(index.hit(30, 120)).toBeNull()
  })

  it('drops empty rectangles', () => {
    expect(index.size).toBe(4)
  })

  it('finds an item among many rows by binary search', () => {
    const many = new RectIndex<number>()
    many.build(
      Array.from({ length: 1000 }, (_, i) => i),
      (i) => [rect((i % 7) * 100, Math.floor(i / 7) * 24, 60, 18)],
    )
    expect(many.hit(3 * 100 + 5, 50 * 24 + 5)).toBe(50 * 7 + 3)
    expect(many.hit(3 * 100 + 5, 50 * 24 + 20)).toBeNull()
  })
})
