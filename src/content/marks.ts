/**
 * Draws flagged hashtags with the CSS Custom Highlight API: live Ranges in a Highlight registered
 * in `CSS.highlights`; no node, attribute or class of the page is touched.
 *
 * - Our own `Map<Text, ...>` is the source of truth: Firefox cannot iterate a Highlight or the
 *   registry from a content script.
 * - Only ranges in or near the viewport are registered (IntersectionObserver on each marked text's
 *   parent element, one viewport of margin): Chromium charges ~10 µs per registered range on every
 *   frame in which anything on the page changes.
 * - The observer watches only while things move: from a scroll, resize or load until WATCH_MS
 *   after the last one, and for one frame every SAMPLE_MS (a layout shift without any of those).
 *   Chromium recomputes every observed target on every frame, about 2-3 µs each: 500 marks
 *   watched all the time cost a page that animates 1-1.5 ms per frame (bench/README.md,
 *   measure 8). A new mark's element is observed alone until its first report: observing all
 *   500 again for every change the page makes cost each change 0.3-0.7 ms (measure 2), and a
 *   change that brings no mark moves the others as much, which the sample catches.
 * - The registry belongs to the page (`CSS.highlights.clear()` removes ours): repair() registers
 *   again, and re-adopts the style sheet into shadow roots whose page reassigned adoptedStyleSheets.
 */
import { MARK_STYLES, type MarkStyle } from '../shared/settings.ts'
import { sortComposed } from './doc-order.ts'
import marksCss from './marks.css?inline'
import type { FoundTag } from './scanner.ts'

/** Prefix of every highlight name the extension registers. */
export const HIGHLIGHT_PREFIX = 'hashtag-context'
/** The highlight of the tag whose card is open. */
export const ACTIVE_HIGHLIGHT = `${HIGHLIGHT_PREFIX}-active`

/** The highlight name for a mark style (one name per style; see marks.css). */
export function highlightName(style: MarkStyle): string {
  return `${HIGHLIGHT_PREFIX}-${style}`
}

/** How long the observer keeps watching after the last scroll, resize or load. */
const WATCH_MS = 500
/** How often it looks once while nothing moves. */
const SAMPLE_MS = 1000

/** One flagged hashtag on the page. */
export interface Occurrence extends FoundTag {
  text: Text
  /** A live range over the hash sign and the tag. */
  range: Range
}

/** Options of {@link Marks}. */
export interface MarksOptions {
  style: MarkStyle
  /** Called (synchronously) when occurrences change (registered ranges too). */
  onChange?: () => void
  /**
   * Called (synchronously) when only which ranges are registered changed (marks came near the
   * viewport or went far): what is drawn changed, what is on the page did not.
   */
  onRegisteredChange?: () => void
  /** IntersectionObserver rootMargin: how far beyond the viewport ranges stay registered. */
  rootMargin?: string
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

/** The marks of one document (and its open shadow roots); see the module comment. */
export class Marks {
  private readonly texts = new Map<Text, TextMarks>()
  private readonly watched = new Map<Element, Set<Text>>()
  private readonly near = new Set<Element>()
  private readonly io: IntersectionObserver
  private readonly sheetRoots = new Set<ShadowRoot>()
  private sheet: CSSStyleSheet | null = null
  private style: MarkStyle
  private highlight: Highlight
  private readonly active: Highlight
  private readonly onChange: () => void
  private readonly onRegisteredChange: () => void
  private readonly lifetime = new AbortController()
  /** The observer observes every watched element until this time (see the module comment). */
  private watchUntil = -Infinity
  private watching = false
  /** The observer has reported since it started watching. */
  private reported = false
  /** Elements of new marks observed that the observer has not reported yet. */
  private readonly unseen = new Set<Element>()
  private watchTimer: ReturnType<typeof setTimeout> | undefined
  private readonly sampleTimer: ReturnType<typeof setInterval>
  private destroyed = false

  constructor(options: MarksOptions) {
    this.style = options.style
    this.onChange = options.onChange ?? (() => undefined)
    this.onRegisteredChange = options.onRegisteredChange ?? (() => undefined)
    this.highlight = new Highlight()
    this.active = new Highlight()
    this.active.priority = 1
    this.io = new IntersectionObserver(this.onIntersect, {
      rootMargin: options.rootMargin ?? '100% 0px 100% 0px',
    })
    const passive = { capture: true, passive: true, signal: this.lifetime.signal }
    // Capturing on the document: scrolls of any element, and loads (images, fonts) that move
    // layout; load events do not reach the window.
    for (const type of ['scroll', 'load']) document.addEventListener(type, this.wake, passive)
    addEventListener('resize', this.wake, passive)
    this.sampleTimer = setInterval(() => this.watch(0), SAMPLE_MS)
    // An instance whose extension was removed may have left its highlights registered: Firefox
    // runs no code of a removed add-on, so it could not take them away. Start from none.
    for (const name of [...MARK_STYLES.map(highlightName), ACTIVE_HIGHLIGHT]) {
      CSS.highlights.delete(name)
    }
    this.repair()
  }

  /** Number of marked occurrences. */
  get size(): number {
    let n = 0
    for (const t of this.texts.values()) n += t.occs.length
    return n
  }

  /** Number of ranges registered now (near the viewport). */
  get registeredCount(): number {
    return this.registered().length
  }

  /** Replaces the marks of `text` with `found` (empty: unmark it). */
  set(text: Text, found: FoundTag[]): void {
    if (this.destroyed) return
    const old = this.texts.get(text)
    if (found.length === 0) {
      if (old) {
        this.remove(text, old)
        this.onChange()
      }
      return
    }
    if (old && sameTags(old.occs, found, text) && old.occs.every(intact)) return
    if (old) this.remove(text, old)
    const el = observedElement(text)
    if (!el || !text.isConnected) {
      if (old) this.onChange()
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
      // Observed at once, alone if nothing else is watched: the observer reports where it is
      // after the next frame, and is let go once it has.
      this.io.observe(el)
      this.unseen.add(el)
      if (this.watchTimer === undefined && !this.destroyed) this.armWatch(50)
    }
    group.add(text)
    if (this.near.has(el)) for (const o of occs) this.highlight.add(o.range)
    const root = text.getRootNode()
    if (root instanceof ShadowRoot) this.adoptSheet(root)
    this.onChange()
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
    if (dropped.length > 0) this.onChange()
    return dropped
  }

  /** Every occurrence, in composed document order (for step and reveal). */
  ordered(): Occurrence[] {
    const texts = sortComposed([...this.texts.keys()])
    return texts.flatMap((t) => this.texts.get(t)?.occs ?? [])
  }

  /** The occurrences whose ranges are registered now (in or near the viewport). */
  registered(): Occurrence[] {
    const out: Occurrence[] = []
    for (const el of this.near) {
      for (const text of this.watched.get(el) ?? []) out.push(...(this.texts.get(text)?.occs ?? []))
    }
    return out
  }

  /** The occurrences in one text node. */
  of(text: Text): readonly Occurrence[] {
    return this.texts.get(text)?.occs ?? []
  }

  /** Draws `range` as the active tag (the open card's), or none. */
  setActive(range: Range | null): void {
    this.active.clear()
    if (range && !this.destroyed) this.active.add(range)
    this.repair()
  }

  /** Switches the mark style: the same ranges move to the style's highlight name. */
  setStyle(style: MarkStyle): void {
    if (style === this.style || this.destroyed) return
    CSS.highlights.delete(highlightName(this.style))
    this.style = style
    // From our own list: Firefox cannot iterate a Highlight from a content script.
    this.highlight = new Highlight(...this.registered().map((o) => o.range))
    this.repair()
  }

  /**
   * Registers our highlights again if the page removed them (`CSS.highlights.clear()`), and our
   * sheet in shadow roots whose page replaced adoptedStyleSheets. Cheap: a few `has` calls.
   */
  repair(): void {
    if (this.destroyed) return
    const name = highlightName(this.style)
    if (!CSS.highlights.has(name)) CSS.highlights.set(name, this.highlight)
    if (this.active.size > 0 && !CSS.highlights.has(ACTIVE_HIGHLIGHT)) {
      CSS.highlights.set(ACTIVE_HIGHLIGHT, this.active)
    }
    for (const root of this.sheetRoots) {
      if (!root.host.isConnected) this.sheetRoots.delete(root)
      else if (this.sheet && !this.hasSheet(root)) this.appendSheet(root)
    }
  }

  /** Removes every mark (the scanner rescans to put them back). */
  clear(): void {
    for (const [text, marks] of this.texts) this.remove(text, marks)
    this.active.clear()
    this.onChange()
  }

  /** Unregisters everything: highlights, observer, adopted sheets. */
  destroy(): void {
    if (this.destroyed) return
    this.clear()
    this.destroyed = true
    this.io.disconnect()
    this.lifetime.abort()
    clearTimeout(this.watchTimer)
    clearInterval(this.sampleTimer)
    CSS.highlights.delete(highlightName(this.style))
    CSS.highlights.delete(ACTIVE_HIGHLIGHT)
    for (const root of this.sheetRoots) {
      try {
        const sheets = root.adoptedStyleSheets
        const i = this.sheet ? sheets.indexOf(this.sheet) : -1
        // Remove only ours, in place: the page's own sheets stay as they are.
        if (i >= 0) sheets.splice(i, 1)
      } catch {
        // A root we cannot edit any more keeps a sheet of inert rules (no highlight is registered).
      }
    }
    this.sheetRoots.clear()
  }

  private remove(text: Text, marks: TextMarks): void {
    for (const o of marks.occs) {
      this.highlight.delete(o.range)
      this.active.delete(o.range)
    }
    this.texts.delete(text)
    const group = this.watched.get(marks.el)
    group?.delete(text)
    if (group?.size === 0) {
      this.watched.delete(marks.el)
      this.near.delete(marks.el)
      this.unseen.delete(marks.el)
      this.io.unobserve(marks.el)
    }
  }

  /** Something may have moved: watch for WATCH_MS from now. */
  private readonly wake = (): void => {
    this.watch(WATCH_MS)
  }

  /**
   * Observes every watched element until `forMs` from now (0: one look, after the next frame).
   * One timer per watching period, re-armed when it fires early, not one per scroll event.
   */
  private watch(forMs: number): void {
    if (this.destroyed) return
    this.watchUntil = Math.max(this.watchUntil, performance.now() + forMs)
    if (!this.watching) {
      this.watching = true
      this.reported = false
      for (const el of this.watched.keys()) this.io.observe(el)
    }
    if (this.watchTimer === undefined) this.armWatch(Math.max(forMs, 50))
  }

  private armWatch(ms: number): void {
    this.watchTimer = setTimeout(() => {
      this.watchTimer = undefined
      const left = this.watchUntil - performance.now()
      if (left > 0) this.armWatch(left)
      // Not before the observer has reported where everything is (a slow page renders late),
      // new marks included.
      else if ((this.watching && !this.reported && this.watched.size > 0) || this.unseen.size > 0)
        this.armWatch(50)
      else {
        this.watching = false
        this.io.disconnect()
      }
    }, ms)
  }

  private readonly onIntersect = (entries: IntersectionObserverEntry[]): void => {
    this.reported = true
    let changed = false
    for (const e of entries) {
      const el = e.target
      this.unseen.delete(el)
      const group = this.watched.get(el)
      if (!group) continue
      const box = e.boundingClientRect
      // A display:contents parent has no box, so it never intersects: treat its text as near.
      const isNear =
        e.isIntersecting ||
        (box.width === 0 && box.height === 0 && getComputedStyle(el).display === 'contents')
      if (isNear === this.near.has(el)) continue
      changed = true
      if (isNear) this.near.add(el)
      else this.near.delete(el)
      for (const text of group) {
        for (const o of this.texts.get(text)?.occs ?? []) {
          if (isNear) this.highlight.add(o.range)
          else this.highlight.delete(o.range)
        }
      }
    }
    if (changed) {
      this.repair()
      this.onRegisteredChange()
    }
  }

  /**
   * Firefox paints document-level ::highlight rules only in the document tree, so a shadow root
   * with marks gets our one constructed sheet appended to its adoptedStyleSheets (Chromium does
   * not need it; it is harmless there). The only case where we add to what the page owns.
   */
  private adoptSheet(root: ShadowRoot): void {
    if (this.sheetRoots.has(root)) return
    if (!this.sheet) {
      this.sheet = new CSSStyleSheet()
      this.sheet.replaceSync(marksCss)
    }
    this.sheetRoots.add(root)
    this.appendSheet(root)
  }

  private hasSheet(root: ShadowRoot): boolean {
    try {
      return this.sheet !== null && root.adoptedStyleSheets.includes(this.sheet)
    } catch {
      return true
    }
  }

  private appendSheet(root: ShadowRoot): void {
    if (!this.sheet) return
    try {
      // In place (an ObservableArray), never a reassignment that could race the page's own.
      root.adoptedStyleSheets.push(this.sheet)
    } catch {
      try {
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.sheet]
      } catch {
        // Marks in this root stay unpainted in Firefox; nothing else breaks.
      }
    }
  }
}
