/**
 * Draws marks as boxes in the extension's own layers (page-host.ts), from the client rects of
 * each occurrence's range, instead of styling the page's text: nothing the page does is restyled
 * or repainted because of a mark, and moving a mark repaints only the mark
 * (docs/browser-facts.md explains why the CSS Custom Highlight API was dropped).
 *
 * A box is drawn only where a reader sees the text: cut to the visible part of the text's
 * scrolling and clipping ancestors (clip.ts), and left out where something the page painted
 * covers the text (a sticky header, a modal, a cookie banner: the topmost element at the box's
 * centre is not the text's own). Boxes are reused and written only when what they show changed,
 * so placing marks that did not move costs reads and no style work.
 */
import type { MarkStyle } from '../shared/settings.ts'
import { clipChain, intersect, visibleBox } from './clip.ts'
import type { Box, ClipChain } from './clip.ts'
import type { Occurrence } from './occurrence.ts'
import type { PageHost } from './page-host.ts'

interface Painted {
  chain: ClipChain | null
  els: HTMLDivElement[]
  /** The last geometry written to each element (skips writes that would change nothing). */
  written: string[]
  /** Client boxes drawn, as the reader sees them. */
  boxes: Box[]
}

/** One box measured for an occurrence: its text's rect and the part of it a reader sees. */
interface Measured {
  rect: DOMRectReadOnly
  vis: Box
  fixed: boolean
}

/** A drawn mark box, for hit tests and tests: what the reader sees, in client coordinates. */
export interface DrawnBox extends Box {
  occurrence: Occurrence
}

/** Whether the point (x, y) shows `text`'s own element, not something painted over it. */
export function showsText(text: Text, x: number, y: number): boolean {
  const root = text.getRootNode() as Document | ShadowRoot
  const parent = text.parentElement ?? (root instanceof ShadowRoot ? root.host : null)
  const top = root.elementFromPoint?.(x, y)
  if (!parent || !top) return false
  return top === parent || parent.contains(top) || top.contains(parent)
}

const isEmpty = (b: Box): boolean => b.right <= b.left || b.bottom <= b.top

/** The mark boxes of one document; see the module comment. */
export class MarkLayer {
  private readonly host: PageHost
  private readonly painted = new Map<Occurrence, Painted>()
  private style: MarkStyle
  private active: Range | null = null

  constructor(host: PageHost, style: MarkStyle) {
    this.host = host
    this.style = style
  }

  /** Boxes drawn now. */
  get count(): number {
    let n = 0
    for (const p of this.painted.values()) n += p.boxes.length
    return n
  }

  /** Every box drawn now, in client coordinates as of the last draw. */
  drawn(): DrawnBox[] {
    const out: DrawnBox[] = []
    for (const [occurrence, p] of this.painted) {
      for (const b of p.boxes) out.push({ ...b, occurrence })
    }
    return out
  }

  setStyle(style: MarkStyle): void {
    this.style = style
    for (const [occ, p] of this.painted) for (const el of p.els) el.className = this.classOf(occ)
  }

  /** Draws `range`'s occurrence as the active one (the open card's), or none. */
  setActive(range: Range | null): void {
    this.active = range
    for (const [occ, p] of this.painted) for (const el of p.els) el.className = this.classOf(occ)
  }

  /**
   * Places the marks of `occurrences` (those near the viewport) and removes every other box.
   * Reads layout (client rects), so it runs in an animation frame, where the page's layout is
   * about to be needed anyway. Returns the number of boxes drawn.
   */
  draw(occurrences: Iterable<Occurrence>): number {
    const doc = this.host.docLayer.ownerDocument
    const view = {
      width: doc.documentElement.clientWidth,
      height: doc.documentElement.clientHeight,
    }
    const origin = this.host.docOrigin()
    const seen = new Set<Occurrence>()
    // Every read (rects, hit tests) before any write: a write to a box between two hit tests
    // would make the second lay the page out again.
    const measured: [Occurrence, Painted, Measured[]][] = []
    for (const occ of occurrences) {
      seen.add(occ)
      let p = this.painted.get(occ)
      if (!p) this.painted.set(occ, (p = { chain: null, els: [], written: [], boxes: [] }))
      p.chain ??= clipChain(occ.text)
      measured.push([occ, p, this.measure(occ, p.chain, view)])
    }
    let count = 0
    for (const [occ, p, boxes] of measured) count += this.write(occ, p, boxes, origin)
    for (const [occ, p] of this.painted) {
      if (seen.has(occ)) continue
      for (const el of p.els) el.remove()
      this.painted.delete(occ)
    }
    return count
  }

  /** Removes every box. */
  clear(): void {
    for (const p of this.painted.values()) for (const el of p.els) el.remove()
    this.painted.clear()
  }

  /** The visible boxes of one occurrence (reads only). */
  private measure(
    occ: Occurrence,
    chain: ClipChain,
    view: { width: number; height: number },
  ): Measured[] {
    const clip = chain.clips.length > 0 ? visibleBox(chain.clips) : null
    const out: Measured[] = []
    for (const rect of occ.range.getClientRects()) {
      if (rect.width <= 0 || rect.height <= 0) continue
      const vis = clip ? intersect(rect, clip) : rect
      if (isEmpty(vis)) continue
      const cx = (vis.left + vis.right) / 2
      const cy = (vis.top + vis.bottom) / 2
      // Only on screen can the topmost element be asked; a box off screen is drawn ahead of a
      // scroll that brings it in (the page's scroll moves it with no work of ours).
      const onScreen = cx >= 0 && cy >= 0 && cx < view.width && cy < view.height
      if (onScreen && !showsText(occ.text, cx, cy)) continue
      out.push({ rect, vis, fixed: chain.fixed })
    }
    return out
  }

  /** Writes the measured boxes of one occurrence into its elements (writes only). */
  private write(
    occ: Occurrence,
    p: Painted,
    measured: Measured[],
    origin: { x: number; y: number },
  ): number {
    const boxes: Box[] = []
    let n = 0
    for (const { rect, vis, fixed } of measured) {
      const layer = fixed ? this.host.fixedLayer : this.host.docLayer
      const dx = fixed ? 0 : origin.x
      const dy = fixed ? 0 : origin.y
      const el = this.element(occ, p, n, layer)
      const inset =
        vis === rect
          ? ''
          : `inset(${vis.top - rect.top}px ${rect.right - vis.right}px ${rect.bottom - vis.bottom}px ${vis.left - rect.left}px)`
      const geometry = `${rect.left - dx} ${rect.top - dy} ${rect.width} ${rect.height} ${inset}`
      if (p.written[n] !== geometry) {
        p.written[n] = geometry
        const s = el.style
        s.transform = `translate(${rect.left - dx}px, ${rect.top - dy}px)`
        s.width = `${rect.width}px`
        s.height = `${rect.height}px`
        s.clipPath = inset
      }
      boxes.push({ left: vis.left, top: vis.top, right: vis.right, bottom: vis.bottom })
      n++
    }
    for (const el of p.els.splice(n)) el.remove()
    p.written.length = n
    p.boxes = boxes
    return n
  }

  /** The n-th box element of an occurrence, made (or moved to `layer`) as needed. */
  private element(occ: Occurrence, p: Painted, n: number, layer: HTMLElement): HTMLDivElement {
    let el = p.els[n]
    if (!el) {
      el = layer.ownerDocument.createElement('div')
      el.className = this.classOf(occ)
      el.dataset.tag = occ.range.toString()
      p.els[n] = el
    }
    if (el.parentNode !== layer) layer.append(el)
    return el
  }

  private classOf(occ: Occurrence): string {
    const active = this.active !== null && this.active === occ.range ? ' hc-active' : ''
    return `hc-mark hc-${this.style}${active}`
  }
}
