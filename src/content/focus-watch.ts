/**
 * Keyboard access to flagged hashtags: when the page's focus lands on an element whose own text
 * is a flagged hashtag (typically a link such as `<a href="/hashtag/SoftCoup">#SoftCoup</a>`),
 * its card opens next to it; Tab from there moves into the card, Tab past the card's end (or
 * Shift+Tab past its start) comes back to the link (card-host.ts), and leaving the link
 * elsewhere closes the card after the grace period. Listeners are capturing and tied to the
 * caller's AbortSignal.
 */
import type { CardHost, CardRequest } from './card-host.ts'
import { GRACE_MS } from './hover-intent.ts'
import type { Occurrence } from './occurrence.ts'

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
    }, GRACE_MS)
  }

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    const { card } = this.opts
    if (e.key !== 'Tab' || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return
    if (card.current?.trigger !== 'focus' || deepTarget(e) !== this.anchorEl) return
    e.preventDefault()
    card.focusCard(true)
  }
}
