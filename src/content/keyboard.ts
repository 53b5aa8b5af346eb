/**
 * Keyboard access to flagged hashtags:
 * - FocusWatcher: when the page's focus lands on an element whose own text is a flagged hashtag
 *   (typically a link such as `<a href="/hashtag/SoftCoup">#SoftCoup</a>`), its card opens next to
 *   it; Tab from there moves into the card, Tab past the card's end (or Shift+Tab past its start)
 *   comes back to the link, and leaving the link elsewhere closes the card after the grace period.
 * - Stepper: the "next/previous hashtag" command and the popup's "reveal" walk the flagged
 *   occurrences in document order, scroll each into view and open its card with focus in it.
 * All listeners are capturing, passive where they can be, and tied to the caller's AbortSignal.
 */
import type { CardHost, CardRequest } from './card-host.ts'
import { compareComposed } from './doc-order.ts'
import { GRACE_MS } from './hover-intent.ts'
import type { Occurrence } from './marks.ts'

/** A flagged hashtag that an element's text is. */
export interface FocusTarget {
  entryId: string
  /** As written, with the hash sign. */
  written: string
  /** A range over the hashtag's text (a mark's range when there is one). */
  anchor: Range
  occurrence: Occurrence | null
}

/** Options of {@link FocusWatcher}. */
export interface FocusWatchOptions {
  doc: Document
  signal: AbortSignal
  card: CardHost
  /** The flagged hashtag `el`'s own text is, or null (a promise when the key must be looked up). */
  flaggedAt: (el: Element) => FocusTarget | null | Promise<FocusTarget | null>
  /** Opens a card (the app also draws the active mark). */
  open: (request: CardRequest, occurrence: Occurrence | null) => void
  graceMs?: number
}

/** The deepest target of an event, through open shadow roots. */
function deepTarget(e: Event): EventTarget | null {
  return e.composedPath()[0] ?? e.target
}

/** Opens cards for focused hashtag links; see the module comment. */
export class FocusWatcher {
  private readonly opts: FocusWatchOptions
  private anchorEl: HTMLElement | null = null
  private closeTimer: ReturnType<typeof setTimeout> | undefined

  constructor(options: FocusWatchOptions) {
    this.opts = options
    const { doc, signal } = options
    doc.addEventListener('focusin', this.onFocusIn, { capture: true, signal })
    doc.addEventListener('focusout', this.onFocusOut, { capture: true, signal })
    doc.addEventListener('keydown', this.onKeyDown, { capture: true, signal })
    signal.addEventListener('abort', () => clearTimeout(this.closeTimer))
  }

  /**
   * Tab left the card at either end: close it and put focus back on its hashtag (coming from the
   * card, that focus does not reopen it, so the next Tab goes on through the page).
   */
  tabOut(request: CardRequest): void {
    const back = request.returnFocus ?? null
    this.opts.card.close()
    if (back?.isConnected && this.opts.doc.activeElement !== back)
      back.focus({ preventScroll: true })
  }

  /** Focus left the card for elsewhere on the page: the card has done its job. */
  focusLeftCard(): void {
    // After the focus move completes, so closing does not fight it.
    setTimeout(() => {
      if (!this.opts.card.hasFocus() && this.opts.card.current?.trigger !== 'pointer')
        this.opts.card.close()
    }, 0)
  }

  private readonly onFocusIn = (e: FocusEvent): void => {
    const { card } = this.opts
    const el = deepTarget(e)
    if (card.owns(e.target) || el === this.anchorEl) clearTimeout(this.closeTimer)
    // Focus coming back out of the card is a return, not a new arrival: no card again.
    if (card.owns(e.target) || card.owns(e.relatedTarget)) return
    if (!(el instanceof HTMLElement)) return
    void Promise.resolve(this.opts.flaggedAt(el)).then((target) => {
      // The lookup may have taken a moment: only if focus is still there.
      if (!target || !el.matches(':focus')) return
      this.anchorEl = el
      this.opts.open(
        {
          entryId: target.entryId,
          written: target.written,
          anchor: target.anchor,
          trigger: 'focus',
          returnFocus: el,
        },
        target.occurrence,
      )
    })
  }

  private readonly onFocusOut = (e: FocusEvent): void => {
    const { card } = this.opts
    if (card.current?.trigger !== 'focus' || deepTarget(e) !== this.anchorEl) return
    if (card.owns(e.relatedTarget)) return
    clearTimeout(this.closeTimer)
    this.closeTimer = setTimeout(() => {
      if (card.current?.trigger === 'focus' && !card.hasFocus()) card.close()
    }, this.opts.graceMs ?? GRACE_MS)
  }

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    const { card } = this.opts
    if (e.key !== 'Tab' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return
    if (card.current?.trigger !== 'focus' || deepTarget(e) !== this.anchorEl) return
    e.preventDefault()
    card.focusCard(true)
  }
}

/** Options of {@link Stepper}. */
export interface StepperOptions {
  doc: Document
  /** Flagged occurrences in document order. */
  ordered: () => Occurrence[]
  /** The occurrence whose card is open, if any. */
  current: () => Occurrence | null
  open: (request: CardRequest, occurrence: Occurrence) => Promise<boolean>
}

function compareOccurrences(a: Occurrence, b: Occurrence): number {
  return compareComposed(a.text, b.text) || a.start - b.start
}

/** Walks flagged occurrences for the keyboard command and the popup; see the module comment. */
export class Stepper {
  private readonly opts: StepperOptions
  private last: Occurrence | null = null

  constructor(options: StepperOptions) {
    this.opts = options
  }

  /** Moves to the next (1) or previous (-1) occurrence, wrapping around; false if there is none. */
  step(direction: 1 | -1): Promise<boolean> {
    const all = this.opts.ordered()
    if (all.length === 0) return Promise.resolve(false)
    const from = this.opts.current() ?? this.last
    let index = from ? all.indexOf(from) : -1
    if (index >= 0) index += direction
    else if (!from) index = direction === 1 ? 0 : all.length - 1
    else if (direction === 1) index = all.findIndex((o) => compareOccurrences(o, from) > 0)
    else index = all.findLastIndex((o) => compareOccurrences(o, from) < 0)
    const n = all.length
    const target = all[index < 0 ? (direction === 1 ? 0 : n - 1) : ((index % n) + n) % n]
    return target ? this.go(target) : Promise.resolve(false)
  }

  /** Goes to the n-th occurrence (0-based, document order); false if there is none. */
  reveal(nth: number): Promise<boolean> {
    const target = this.opts.ordered()[nth]
    return target ? this.go(target) : Promise.resolve(false)
  }

  private go(occ: Occurrence): Promise<boolean> {
    this.last = occ
    const { doc } = this.opts
    const parent = occ.text.parentElement
    const reduce = doc.defaultView?.matchMedia('(prefers-reduced-motion: reduce)').matches ?? false
    parent?.scrollIntoView({
      block: 'center',
      inline: 'nearest',
      behavior: reduce ? 'instant' : 'smooth',
    })
    const focusable = parent?.closest<HTMLElement>('a[href], button, [tabindex]')
    const active = doc.activeElement
    return this.opts.open(
      {
        entryId: occ.entryId,
        written: occ.range.toString(),
        anchor: occ.range,
        trigger: 'command',
        focus: true,
        returnFocus:
          focusable ?? (active instanceof HTMLElement && active !== doc.body ? active : null),
      },
      occ,
    )
  }
}
