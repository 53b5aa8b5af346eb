import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { HoverIntent } from './hover-intent.ts'

describe('HoverIntent', () => {
  let open: string | null
  let intent: HoverIntent<string>
  const opened: string[] = []
  const prepared: string[] = []

  beforeEach(() => {
    vi.useFakeTimers()
    open = null
    opened.length = 0
    prepared.length = 0
    intent = new HoverIntent<string>({
      signal: new AbortController().signal,
      delay: () => 300,
      graceMs: 300,
      open: (item) => {
        open = item
        opened.push(item)
      },
      prepare: (item) => prepared.push(item),
      close: () => {
        open = null
      },
      openByPointer: () => open,
    })
  })
  afterEach(() => vi.useRealTimers())

  it('opens after the pointer rests on one mark for the delay', () => {
    intent.update('a', false)
    vi.advanceTimersByTime(299)
    expect(opened).toEqual([])
    intent.update('a', false)
    vi.advanceTimersByTime(1)
    expect(opened).toEqual(['a'])
  })

  it('opens nothing when the pointer passes over a mark', () => {
    intent.update('a', false)
    vi.advanceTimersByTime(200)
    intent.update(null, false)
    vi.advanceTimersByTime(1000)
    expect(opened).toEqual([])
  })

  it('restarts the delay on another mark', () => {
    intent.update('a', false)
    vi.advanceTimersByTime(200)
    intent.update('b', false)
    vi.advanceTimersByTime(200)
    expect(opened).toEqual([])
    vi.advanceTimersByTime(100)
    expect(opened).toEqual(['b'])
  })

  it('stays open while the pointer crosses the gap into the card, and on the card', () => {
    intent.update('a', false)
    vi.advanceTimersByTime(300)
    intent.update(null, false)
    vi.advanceTimersByTime(250)
    intent.update(null, true)
    vi.advanceTimersByTime(5000)
    expect(open).toBe('a')
  })

  it('closes once the pointer has left both mark and card for the grace period', () => {
    intent.update('a', false)
    vi.advanceTimersByTime(300)
    intent.update(null, true)
    intent.update(null, false)
    vi.advanceTimersByTime(299)
    expect(open).toBe('a')
    vi.advanceTimersByTime(1)
    expect(open).toBeNull()
  })

  it('keeps the card when the pointer comes back to its mark in time', () => {
    intent.update('a', false)
    vi.advanceTimersByTime(300)
    intent.update(null, false)
    vi.advanceTimersByTime(200)
    intent.update('a', false)
    vi.advanceTimersByTime(1000)
    expect(open).toBe('a')
    expect(opened).toEqual(['a'])
  })

  it('asks for the card to be prepared as soon as the pointer rests on a mark, once per rest', () => {
    intent.update('a', false)
    expect(prepared).toEqual(['a'])
    intent.update('a', false)
    vi.advanceTimersByTime(100)
    intent.update('b', false)
    expect(prepared).toEqual(['a', 'b'])
    vi.advanceTimersByTime(300)
    expect(opened).toEqual(['b'])
    // On the mark of the open card, or on the card: nothing to prepare.
    intent.update('b', false)
    intent.update(null, true)
    expect(prepared).toEqual(['a', 'b'])
  })

  it('does not close a card the keyboard opened', () => {
    open = 'kbd'
    const keyboardIntent = new HoverIntent<string>({
      signal: new AbortController().signal,
      delay: () => 300,
      open: () => undefined,
      close: () => {
        open = null
      },
      openByPointer: () => null,
    })
    keyboardIntent.update(null, false)
    vi.advanceTimersByTime(5000)
    expect(open).toBe('kbd')
  })
})
