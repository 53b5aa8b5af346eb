/**
 * The flagged hashtags of one document (and its open shadow roots) and their marks. Our own
 * `Map<Text, …>` of live ranges is the source of truth; the marks are boxes drawn in the
 * extension's own layer (mark-layer.ts), never a change to the page's nodes or styles.
 * Only occurrences in or near the viewport are drawn (near-watch.ts), so the work of placing
 * marks follows what a reader can see, not the page's length; they are placed in an animation
 * frame whenever something may have moved them (motion.ts), a near element changed size, or the
 * page's DOM changed (relayout()).
 */
import type { MarkStyle } from '../shared/settings.ts'
import { sortComposed } from './doc-order.ts'
import { MarkLayer } from './mark-layer.ts'
import type { DrawnBox } from './mark-layer.ts'
import { Motion } from './motion.ts'
import { NearWatch, WATCH_MS } from './near-watch.ts'
import type { Occurrence } from './occurrence.ts'
import type { PageHost } from './page-host.ts'
import type { FoundTag } from './scanner.ts'

/** Options of {@link Marks}. */
export interface MarksOptions {
  doc: Document
  /** Aborting it removes every mark and stops every observer and timer. */
  signal: AbortSignal
  host: PageHost
  style: MarkStyle
}

interface TextMarks {
  /** The element observed for this text's visibility. */
  el: Element
  occs: Occurrence[]
}

function observedElement(text: Text): Element | null {
  const parent = text.parentNode
  if (parent instanceof Element) return parent
  if (parent instanceof ShadowRoot) return parent.host
  return null
}

function sameTags(occs: Occurrence[], found: FoundTag[], text: Text): boolean {
  return (
    occs.length === found.length &&
    occs.every((o, i) => {
      const f = found[i]
      const r = o.range
      return (
        f !== undefined &&
        o.entryId === f.entryId &&
        r.startContainer === text &&
        r.endContainer === text &&
        r.startOffset === f.start &&
        r.endOffset === f.end
      )
    })
  )
}

/** A range still marks its tag: both ends in its text node, not collapsed. */
function intact(o: Occurrence): boolean {
  const r = o.range
  return (
    !r.collapsed && r.startContainer === o.text && r.endContainer === o.text && o.text.isConnected
  )
}

/** The marks of one document; see the module comment. */
export class Marks {
  private readonly texts = new Map<Text, TextMarks>()
  /** The texts marked under each observed element. */
  private readonly watched = new Map<Element, Set<Text>>()
  private readonly nearWatch: NearWatch
  private readonly opts: MarksOptions
  private readonly layer: MarkLayer
  private readonly motion: Motion
  private drawnKey = ''
  private readonly listeners: (() => void)[] = []
  private drawnVersion = 0

  constructor(options: MarksOptions) {
    this.opts = options
    const { doc, signal, host } = options
    this.layer = new MarkLayer(host, options.style)
    this.nearWatch = new NearWatch({ signal, onChange: () => this.motion.request() })
    this.motion = new Motion({
      doc,
      signal,
      place: () => this.place(),
      wake: () => this.nearWatch.watch(WATCH_MS),
      holdsMarks: (el) => this.nearWatch.holds(el),
      visible: () => this.repair(),
    })
    signal.addEventListener(
      'abort',
      () => {
        this.layer.clear()
        this.texts.clear()
        this.watched.clear()
        this.opts.host.use('marks', false)
      },
      { once: true },
    )
  }

  /**
   * Calls `listener` (synchronously) whenever the occurrences change; not when they only come
   * near, go far or move, which changes what is drawn, not the page's flagged tags.
   */
  listen(listener: () => void): void {
    this.listeners.push(listener)
  }

  /** Changes whenever the drawn boxes do (the hit test rebuilds its index then). */
  get version(): number {
    return this.drawnVersion
  }

  /** Number of marked occurrences. */
  get size(): number {
    let n = 0
    for (const t of this.texts.values()) n += t.occs.length
    return n
  }

  /** Replaces the marks of `text` with `found` (empty: unmark it). */
  set(text: Text, found: FoundTag[]): void {
    if (this.opts.signal.aborted) return
    const old = this.texts.get(text)
    if (found.length === 0) {
      if (old) {
        this.remove(text, old)
        this.changed()
      }
      return
    }
    if (old && sameTags(old.occs, found, text) && old.occs.every(intact)) return
    if (old) this.remove(text, old)
    const el = observedElement(text)
    if (!el || !text.isConnected) {
      if (old) this.changed()
      return
    }
    const doc = text.ownerDocument
    const occs = found.map((f): Occurrence => {
      const range = doc.createRange()
      range.setStart(text, f.start)
      range.setEnd(text, f.end)
      return { ...f, text, range }
    })
    this.texts.set(text, { el, occs })
    let group = this.watched.get(el)
    if (!group) {
      this.watched.set(el, (group = new Set()))
      this.nearWatch.add(el)
    }
    group.add(text)
    this.changed()
  }

  /**
   * Drops marks whose text left the document or whose ranges broke (text replaced, node moved);
   * returns their texts so the scanner can forget and rescan them.
   */
  sweep(): Text[] {
    const dropped: Text[] = []
    for (const [text, marks] of this.texts) {
      if (marks.occs.every(intact) && observedElement(text) === marks.el) continue
      this.remove(text, marks)
      dropped.push(text)
    }
    if (dropped.length > 0) this.changed()
    return dropped
  }

  /** Every occurrence, in composed document order (for step and reveal). */
  ordered(): Occurrence[] {
    const texts = sortComposed([...this.texts.keys()])
    return texts.flatMap((t) => this.texts.get(t)?.occs ?? [])
  }

  /** The occurrences in or near the viewport (the ones drawn, where the reader can see them). */
  near(): Occurrence[] {
    const out: Occurrence[] = []
    for (const el of this.nearWatch.near) {
      for (const text of this.watched.get(el) ?? []) out.push(...(this.texts.get(text)?.occs ?? []))
    }
    return out
  }

  /** The boxes drawn now, in client coordinates as of the last placing. */
  drawn(): DrawnBox[] {
    return this.layer.drawn()
  }

  /** The occurrences in one text node. */
  of(text: Text): readonly Occurrence[] {
    return this.texts.get(text)?.occs ?? []
  }

  /** Draws `range` as the active tag (the open card's), or none. */
  setActive(range: Range | null): void {
    this.layer.setActive(range)
    // A card opening covers marks and one closing uncovers them: place them again.
    this.relayout()
  }

  /** Switches the mark style. */
  setStyle(style: MarkStyle): void {
    this.layer.setStyle(style)
  }

  /** The page's DOM changed (the scanner saw it): marks near the viewport may have moved. */
  relayout(): void {
    if (this.nearWatch.near.size > 0 && !this.opts.signal.aborted) this.motion.request()
  }

  /** Periodic check: host still in the page, lease renewed, marks where their text is. */
  repair(): void {
    if (this.opts.signal.aborted) return
    this.opts.host.ensure()
    // Not on every placing: a renewal restyles the host's content, and placing runs in every
    // frame while something moves.
    if (this.opts.host.attached) this.opts.host.renew()
    if (this.nearWatch.near.size > 0) this.motion.request()
  }

  /** Removes every mark (the scanner rescans to put them back). */
  clear(): void {
    for (const [text, marks] of this.texts) this.remove(text, marks)
    this.changed()
  }

  /** Occurrences changed: tell the app, and place the marks again. */
  private changed(): void {
    this.drawnVersion++
    for (const listener of this.listeners) listener()
    this.motion.request()
  }

  /** Places the near occurrences' marks (in an animation frame, from motion.ts). */
  private place(): void {
    const near = this.near()
    // In the page while marks are near, even if none is visible right now: a host put in and
    // taken out in every frame would be a change of the page's DOM in every frame.
    this.opts.host.use('marks', near.length > 0)
    if (near.length > 0) this.layer.draw(near)
    else this.layer.clear()
    // What the pointer can hit changed only if the boxes did.
    const key = this.layer
      .drawn()
      .map((b) => `${b.left},${b.top},${b.right},${b.bottom}`)
      .join(' ')
    if (key !== this.drawnKey) {
      this.drawnKey = key
      this.drawnVersion++
    }
  }

  private remove(text: Text, marks: TextMarks): void {
    this.texts.delete(text)
    const group = this.watched.get(marks.el)
    group?.delete(text)
    if (group?.size === 0) {
      this.watched.delete(marks.el)
      this.nearWatch.remove(marks.el)
    }
  }
}
