import { describe, expect, it } from 'vitest'
import { placement } from './place-card.ts'

/** A tag's box at (left, top), 80 × 20. */
const tag = (left: number, top: number): DOMRectReadOnly =>
  ({
    left,
    top,
    right: left + 80,
    bottom: top + 20,
    width: 80,
    height: 20,
    x: left,
    y: top,
  }) as DOMRectReadOnly

const view = { width: 1000, height: 800 }
const card = { width: 400, height: 300 }

describe('card placement', () => {
  it('goes below the tag, 6 px under it, aligned with its start, when it fits', () => {
    expect(placement(tag(100, 100), card, view)).toEqual({ x: 100, y: 126, maxHeight: 666 })
  })

  it('flips above the tag when it does not fit below and fits above', () => {
    expect(placement(tag(100, 600), card, view)).toEqual({ x: 100, y: 294, maxHeight: 586 })
  })

  it('stays below, made shorter, when neither side fits and below has more room', () => {
    const tall = { width: 400, height: 900 }
    expect(placement(tag(100, 200), tall, view)).toEqual({ x: 100, y: 226, maxHeight: 566 })
  })

  it('goes above, made shorter, when neither side fits and above has more room', () => {
    const tall = { width: 400, height: 900 }
    const { y, maxHeight } = placement(tag(100, 500), tall, view)
    expect(maxHeight).toBe(486)
    // Its top at the viewport's padding, its bottom 6 px above the tag.
    expect(y).toBe(8)
    expect(y + maxHeight).toBe(500 - 6)
  })

  it('moves left to stay inside the viewport, and never past its left edge', () => {
    expect(placement(tag(900, 100), card, view).x).toBe(1000 - 8 - 400)
    expect(placement(tag(-50, 100), card, view).x).toBe(8)
    // Wider than the viewport: kept at the left padding.
    expect(placement(tag(300, 100), { width: 1200, height: 300 }, view).x).toBe(8)
  })

  it('never makes the card shorter than 120 px, even with a tag at the very bottom', () => {
    expect(placement(tag(100, 790), card, { width: 1000, height: 800 }).maxHeight).toBe(776)
    expect(placement(tag(100, 50), card, { width: 1000, height: 150 }).maxHeight).toBe(120)
  })
})
