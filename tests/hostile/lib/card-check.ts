/**
 * What a reader sees of the open card, measured from outside the page: its box against the
 * viewport, its computed font size, colours and effective opacity (through the closed shadow root,
 * by the automation protocol), whether it is the topmost element where it is drawn (the page's
 * own elementFromPoint), and how legible its pixels are (a screenshot of its box).
 */
import { expect } from 'vitest'
import type { Box } from '../../e2e/lib/browsers.ts'
import { legibility, type Legibility } from './png.ts'
import { HOST_TAG, type Session } from './session.ts'

/** The card as a reader sees it. */
export interface CardLook {
  box: Box
  viewport: { width: number; height: number }
  fontSize: number
  color: string
  background: string
  /** Product of the opacity of the dialog and its ancestors up to the host. */
  opacity: number
  /** Non-`none` filters on the dialog or its ancestors up to the host. */
  filters: string[]
  /** Of five points inside the card, how many hit it (page-world elementFromPoint). */
  topmostHits: number
  legibility: Legibility
}

interface InCard {
  box: [number, number, number, number]
  viewport: [number, number]
  fontSize: number
  color: string
  background: string
  opacity: number
  filters: string[]
}

/** Runs with `this` = the dialog (see Session.inCard). */
const MEASURE = `function () {
  const style = getComputedStyle(this)
  let opacity = 1
  const filters = []
  // Up to the host: what the page does to <html> shows in the pixels, not here.
  for (let el = this; el; ) {
    const s = getComputedStyle(el)
    opacity *= Number(s.opacity)
    if (s.filter !== 'none') filters[filters.length] = s.filter
    const root = el.getRootNode()
    el = el.parentElement || (root instanceof ShadowRoot ? root.host : null)
    if (el && el.localName === ${JSON.stringify(HOST_TAG)}) {
      const h = getComputedStyle(el)
      opacity *= Number(h.opacity)
      if (h.filter !== 'none') filters[filters.length] = h.filter
      break
    }
  }
  const r = this.getBoundingClientRect()
  const vv = window.visualViewport
  return {
    box: [r.left, r.top, r.width, r.height],
    viewport: [vv ? vv.width : innerWidth, vv ? vv.height : innerHeight],
    fontSize: parseFloat(style.fontSize),
    color: style.color,
    background: style.backgroundColor,
    opacity,
    filters,
  }
}`

/** Probe: how many of `points` ([[x, y], ...]) hit the host element (elementFromPoint). */
const HITS_OF_HOST = `(points) => {
  let hits = 0
  for (const [x, y] of points) {
    const el = document.elementFromPoint(x, y)
    if (el && el.localName === ${JSON.stringify(HOST_TAG)}) hits++
  }
  return hits
}`

/** Measures the open card; null if no card is open. */
export async function lookAtCard(session: Session): Promise<CardLook | null> {
  const m = await session.inCard<InCard>(MEASURE)
  if (!m) return null
  const [x, y, width, height] = m.box
  const box = { x, y, width, height }
  const inset = 12
  const points: [number, number][] = [
    [x + width / 2, y + height / 2],
    [x + inset, y + inset],
    [x + width - inset, y + inset],
    [x + inset, y + height - inset],
    [x + width - inset, y + height - inset],
  ]
  const topmostHits = await session.probe<number>(HITS_OF_HOST, points)
  // The visible part of the card, in whole pixels (a screenshot clip must be inside the page).
  const [vw, vh] = m.viewport
  const left = Math.max(0, Math.ceil(x))
  const top = Math.max(0, Math.ceil(y))
  const clip = {
    x: left,
    y: top,
    width: Math.max(1, Math.min(vw, Math.floor(x + width)) - left),
    height: Math.max(1, Math.min(vh, Math.floor(y + height)) - top),
  }
  return {
    box,
    viewport: { width: vw, height: vh },
    fontSize: m.fontSize,
    color: m.color,
    background: m.background,
    opacity: m.opacity,
    filters: m.filters,
    topmostHits,
    legibility: legibility(await session.shot(clip)),
  }
}

/**
 * The card is readable, on top, sized as designed and inside the viewport; compared with the same
 * card on a plain page (`control`) where given.
 */
export function expectReadable(
  look: CardLook | null,
  control?: CardLook,
): asserts look is CardLook {
  expect(look, 'a card is open').not.toBeNull()
  if (!look) return
  const { box, viewport } = look
  const where = JSON.stringify({ box, viewport })
  // Inside the viewport (the card keeps 8 px from its edges when it can).
  expect(box.x, where).toBeGreaterThanOrEqual(0)
  expect(box.y, where).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width, where).toBeLessThanOrEqual(viewport.width + 0.5)
  expect(box.y + box.height, where).toBeLessThanOrEqual(viewport.height + 0.5)
  // Sized as designed: 400 px wide (less only on a narrow viewport), 14 px text, not squashed.
  expect(box.width, where).toBeCloseTo(Math.min(400, viewport.width - 16), 0)
  expect(box.height, where).toBeGreaterThanOrEqual(100)
  expect(look.fontSize).toBe(14)
  // Not faded or filtered by anything around it.
  expect(look.opacity).toBeGreaterThan(0.99)
  expect(look.filters).toEqual([])
  // On top: every probe point inside the card hits the card.
  expect(look.topmostHits, 'probe points inside the card that hit the card').toBe(5)
  // Legible: text strokes in strong contrast with an even background. (Not "light": a page's
  // `html { filter: invert(1) }` dark-mode trick inverts the card too in Firefox, and inverted
  // text is still text.)
  expect(look.legibility.ink).toBeGreaterThan(0.015)
  if (control) {
    expect(look.color).toBe(control.color)
    expect(look.background).toBe(control.background)
    expect(look.legibility.ink).toBeGreaterThan(control.legibility.ink * 0.6)
    expect(look.legibility.ink).toBeLessThan(control.legibility.ink * 1.6)
  }
}
