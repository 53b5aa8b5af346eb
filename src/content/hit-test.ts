/**
 * Finds the mark under the pointer without touching the page: one delegated, passive, capturing
 * pointermove listener on the document, and a rect index of the registered (near-viewport)
 * ranges. Client rects are read only when the index is rebuilt, lazily on the next move after a
 * scroll, resize, load, mark change or a second of age (layout can move without any event).
 * Works for text in open shadow roots too: ranges there have client rects like any other.
 */
import type { HoverIntent } from './hover-intent.ts'
import type { Occurrence } from './marks.ts'
import { RectIndex } from './rect-index.ts'

/** Options of {@link HitTester}. */
export interface HitTestOptions {
  doc: Document
  signal: AbortSignal
  /** The registered occurrences. */
  registered: () => Occurrence[]
  /** The event target is the card (with a closed shadow root the page sees only the host). */
  inCard: (target: EventTarget | null) => boolean
  intent: HoverIntent<Occurrence>
  /** Rebuild the index if it is older than this when the pointer moves. */
  maxAgeMs?: number
}

/**
 * Whether the point really shows this occurrence's text, not something painted over it (a menu, a
 * modal). Asked once per newly hovered mark, never per move.
 */
function isTopmost(occ: Occurrence, x: number, y: number): boolean {
  const root = occ.text.getRootNode() as Document | ShadowRoot
  const parent = occ.text.parentElement ?? (root instanceof ShadowRoot ? root.host : null)
  const top = root.elementFromPoint?.(x, y)
  if (!parent || !top) return false
  return top === parent || parent.contains(top) || top.contains(parent)
}

/** The pointer side of hover: hit-testing plus hand-off to the hover intent. */
export class HitTester {
  /** Counters for tests and benchmarks. */
  readonly stats = { rebuilds: 0, moves: 0 }
  private readonly index = new RectIndex<Occurrence>()
  private readonly opts: HitTestOptions
  private dirty = true
  private builtAt = 0
  private lastHit: Occurrence | null = null

  constructor(options: HitTestOptions) {
    this.opts = options
    const { doc, signal } = options
    const win = doc.defaultView
    const passive = { capture: true, passive: true, signal }
    doc.addEventListener('pointermove', this.onMove, passive)
    doc.addEventListener('scroll', this.invalidate, passive)
    // Images and fonts that finish loading move text without any mutation.
    doc.addEventListener('load', this.invalidate, passive)
    win?.addEventListener('resize', this.invalidate, { passive: true, signal })
    // The pointer left the window: it is over neither mark nor card.
    doc.documentElement.addEventListener(
      'pointerleave',
      () => this.opts.intent.update(null, false),
      { passive: true, signal },
    )
  }

  /** Layout or the set of registered marks changed: rebuild before the next hit test. */
  readonly invalidate = (): void => {
    this.dirty = true
  }

  /** The registered occurrence whose text is at client point (x, y), if any. */
  hitAt(x: number, y: number): Occurrence | null {
    const now = performance.now()
    if (this.dirty || now - this.builtAt > (this.opts.maxAgeMs ?? 1000)) {
      this.index.build(this.opts.registered(), (o) => o.range.getClientRects())
      this.dirty = false
      this.builtAt = now
      this.stats.rebuilds++
    }
    return this.index.hit(x, y)
  }

  private readonly onMove = (e: PointerEvent): void => {
    this.stats.moves++
    const { intent } = this.opts
    if (this.opts.inCard(e.target)) {
      this.lastHit = null
      intent.update(null, true)
      return
    }
    let hit = this.hitAt(e.clientX, e.clientY)
    if (hit !== null && hit !== this.lastHit && !isTopmost(hit, e.clientX, e.clientY)) hit = null
    this.lastHit = hit
    intent.update(hit, false)
  }
}
