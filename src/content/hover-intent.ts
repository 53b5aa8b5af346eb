/**
 * When a hover opens and closes a card (WCAG 1.4.13): it opens after the pointer has rested on
 * one mark for the hover delay (passing over marks opens nothing); it stays while the pointer is
 * on the mark or on the card, and a grace period lets the pointer cross the gap between them; it
 * closes once the pointer has left both for that long. Cards opened from the keyboard are not
 * closed by the pointer.
 */

/** Options of {@link HoverIntent}. */
export interface HoverIntentOptions<T> {
  /** Aborting it drops pending opens and closes. */
  signal: AbortSignal
  /** Current hover delay in ms (the user's setting). */
  delay: () => number
  /** Grace period in ms before leaving mark and card closes the card. */
  graceMs?: number
  open: (item: T) => void
  /**
   * The pointer came to rest on `item`: its card opens when the delay runs out unless the
   * pointer moves on. Time to fetch and render what the card needs, so the delay hides it.
   */
  prepare?: (item: T) => void
  close: () => void
  /** The item whose card is open because of the pointer, if any. */
  openByPointer: () => T | null
}

/** Default grace period: long enough to cross the gap into the card. */
export const GRACE_MS = 300

/** Hover-intent state machine; feed it every pointer move. */
export class HoverIntent<T> {
  private candidate: T | null = null
  private openTimer: ReturnType<typeof setTimeout> | undefined
  private closeTimer: ReturnType<typeof setTimeout> | undefined
  private readonly opts: HoverIntentOptions<T>

  constructor(options: HoverIntentOptions<T>) {
    this.opts = options
    options.signal.addEventListener(
      'abort',
      () => {
        this.cancelOpen()
        this.cancelClose()
      },
      { once: true },
    )
  }

  /** The pointer is over `item` (null: over no mark), or over the card. */
  update(item: T | null, inCard: boolean): void {
    if (this.opts.signal.aborted) return
    const open = this.opts.openByPointer()
    if (inCard || (item !== null && item === open)) {
      this.cancelOpen()
      this.cancelClose()
      return
    }
    if (item === null) {
      this.cancelOpen()
      if (open !== null && this.closeTimer === undefined) {
        this.closeTimer = setTimeout(() => {
          this.closeTimer = undefined
          if (this.opts.openByPointer() !== null) this.opts.close()
        }, this.opts.graceMs ?? GRACE_MS)
      }
      return
    }
    if (item === this.candidate) return
    this.cancelOpen()
    this.candidate = item
    this.openTimer = setTimeout(() => {
      this.openTimer = undefined
      this.candidate = null
      this.cancelClose()
      this.opts.open(item)
    }, this.opts.delay())
    this.opts.prepare?.(item)
  }

  private cancelOpen(): void {
    clearTimeout(this.openTimer)
    this.openTimer = undefined
    this.candidate = null
  }

  private cancelClose(): void {
    clearTimeout(this.closeTimer)
    this.closeTimer = undefined
  }
}
