/**
 * Finds the mark under the pointer without touching the page: one delegated, passive, capturing
 * pointermove listener on the document, and a rect index of the mark boxes drawn now
 * (mark-layer.ts), so the pointer hits exactly what the reader sees marked: a mark clipped by
 * its pane or covered by the page is not hovered. The index is rebuilt on the next move after
 * the boxes changed; no client rect is read per move.
 */
import type { HoverIntent } from './hover-intent.ts'
import type { DrawnBox } from './mark-layer.ts'
import { showsText } from './mark-layer.ts'
import type { Occurrence } from './occurrence.ts'
import { RectIndex } from './rect-index.ts'

/** What the hit test reads of the marks. */
export interface HitSource {
  /** The boxes drawn now, in client coordinates. */
  drawn(): DrawnBox[]
  /** Changes whenever the drawn boxes do. */
  readonly version: number
}

/** Options of {@link HitTester}. */
export interface HitTestOptions {
  doc: Document
  signal: AbortSignal
  marks: HitSource
  /** The event target is the card (with a closed shadow root the page sees only the host). */
  inCard: (target: EventTarget | null) => boolean
  intent: HoverIntent<Occurrence>
}

const asRect = (b: DrawnBox): DOMRectReadOnly =>
  new DOMRectReadOnly(b.left, b.top, b.right - b.left, b.bottom - b.top)

/** The pointer side of hover: hit-testing plus hand-off to the hover intent. */
export class HitTester {
  private readonly index = new RectIndex<Occurrence>()
  private readonly opts: HitTestOptions
  private builtVersion = -1
  private lastHit: Occurrence | null = null

  constructor(options: HitTestOptions) {
    this.opts = options
    const { doc, signal } = options
    doc.addEventListener('pointermove', this.onMove, { capture: true, passive: true, signal })
    // The pointer left the window: it is over neither mark nor card.
    doc.documentElement.addEventListener(
      'pointerleave',
      () => this.opts.intent.update(null, false),
      { passive: true, signal },
    )
  }

  /** The drawn occurrence at client point (x, y), if any. */
  hitAt(x: number, y: number): Occurrence | null {
    const { marks } = this.opts
    if (marks.version !== this.builtVersion) {
      const byOcc = new Map<Occurrence, DrawnBox[]>()
      for (const b of marks.drawn()) {
        const list = byOcc.get(b.occurrence)
        if (list) list.push(b)
        else byOcc.set(b.occurrence, [b])
      }
      this.index.build(byOcc.keys(), (o) => (byOcc.get(o) ?? []).map(asRect))
      this.builtVersion = marks.version
    }
    return this.index.hit(x, y)
  }

  private readonly onMove = (e: PointerEvent): void => {
    const { intent } = this.opts
    if (this.opts.inCard(e.target)) {
      this.lastHit = null
      intent.update(null, true)
      return
    }
    let hit = this.hitAt(e.clientX, e.clientY)
    // Once per newly hovered mark: something the page put over it since the marks were placed.
    if (hit !== null && hit !== this.lastHit && !showsText(hit.text, e.clientX, e.clientY))
      hit = null
    this.lastHit = hit
    intent.update(hit, false)
  }
}
