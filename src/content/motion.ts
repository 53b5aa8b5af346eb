/**
 * Tells the marks when the text they follow may have moved, so that they are placed again in the
 * next animation frame, and only then: no loop runs while the page is idle. Window scrolls need
 * nothing at all (the document layer scrolls with the page); what moves text relative to the
 * document comes from a few events:
 * - a scroll of any element (nested panes), a window resize, a load (images, fonts) and the
 *   font set finishing loading;
 * - changes of the page's DOM (the scanner's observer reports them: see Marks.changed());
 * - CSS transitions and animations: while one runs that can move marked text (on an ancestor of
 *   a mark near the viewport, or a transition of layout), marks are placed in every frame until
 *   it ends. The work per frame grows with the marks near the viewport, not with the
 *   page.
 * What no event announces (a script-driven animation, a class that shifts layout) is caught by
 * the app's periodic check and, for the pointer, by the hit test's own rebuild.
 */

/**
 * Transitioned properties that change layout, and so can move text anywhere on the page (a
 * colour, opacity or transform moves nothing but the element's own content).
 */
const LAYOUT =
  /^(?:width|height|(?:min|max)-(?:width|height)|top|right|bottom|left|inset|margin|padding|font|line-height|letter-spacing|border(?:-\w+)?-width|flex|grid|gap)/

/** Options of {@link Motion}. */
export interface MotionOptions {
  doc: Document
  signal: AbortSignal
  /** Place the marks (called in an animation frame). */
  place: () => void
  /** A scroll, resize or load: marks may have come near the viewport or gone far. */
  wake: () => void
  /** True if `el` holds marked text near the viewport. */
  holdsMarks: (el: Element) => boolean
  /** The document became visible again (timers may have been throttled while hidden). */
  visible: () => void
}

/** Schedules the placing of marks; see the module comment. */
export class Motion {
  private readonly opts: MotionOptions
  /** Transitions and animations running that can move marked text, by element. */
  private readonly running = new Map<Element, Set<string>>()
  private frame = 0

  constructor(options: MotionOptions) {
    this.opts = options
    const { doc, signal } = options
    const win = doc.defaultView
    const passive = { capture: true, passive: true, signal }
    const wake = (): void => {
      this.opts.wake()
      this.request()
    }
    // Capturing on the document: scrolls of any element, and loads, which do not bubble.
    doc.addEventListener('scroll', wake, passive)
    doc.addEventListener('load', wake, passive)
    win?.addEventListener('resize', wake, { passive: true, signal })
    doc.fonts?.addEventListener('loadingdone', wake, { signal })
    for (const type of ['transitionrun', 'animationstart'] as const) {
      doc.addEventListener(type, this.onStart, passive)
    }
    for (const type of [
      'transitionend',
      'transitioncancel',
      'animationend',
      'animationcancel',
    ] as const) {
      doc.addEventListener(type, this.onEnd, passive)
    }
    doc.addEventListener(
      'visibilitychange',
      () => {
        if (doc.visibilityState === 'visible') this.opts.visible()
      },
      { signal },
    )
    signal.addEventListener('abort', () => cancelAnimationFrame(this.frame), { once: true })
  }

  /** Places the marks in the next animation frame (once, however often it is asked). */
  request(): void {
    if (this.frame !== 0 || this.opts.signal.aborted) return
    this.frame = requestAnimationFrame(this.onFrame)
  }

  private readonly onFrame = (): void => {
    this.frame = 0
    if (this.opts.signal.aborted) return
    for (const el of this.running.keys()) if (!el.isConnected) this.running.delete(el)
    this.opts.place()
    if (this.running.size > 0) this.request()
  }

  private readonly onStart = (e: Event): void => {
    const el = e.target
    if (!(el instanceof Element)) return
    const name =
      e instanceof TransitionEvent
        ? `t:${e.propertyName}`
        : `a:${(e as AnimationEvent).animationName}`
    if (!this.mayMoveText(el, e)) return
    let names = this.running.get(el)
    if (!names) this.running.set(el, (names = new Set()))
    names.add(name)
    this.request()
  }

  private readonly onEnd = (e: Event): void => {
    const el = e.target
    if (!(el instanceof Element)) return
    const names = this.running.get(el)
    if (!names) return
    names.delete(
      e instanceof TransitionEvent
        ? `t:${e.propertyName}`
        : `a:${(e as AnimationEvent).animationName}`,
    )
    if (names.size === 0) this.running.delete(el)
    // Once more where it ended.
    this.request()
  }

  /**
   * Whether this transition or animation can move text that is marked: any on an element that
   * holds marks near the viewport, and a transition of layout elsewhere. A CSS animation
   * elsewhere is not followed: its properties are not in its event, and an endless spinner
   * would keep a loop running for as long as the page is open.
   */
  private mayMoveText(el: Element, e: Event): boolean {
    if (this.opts.holdsMarks(el)) return true
    return e instanceof TransitionEvent && LAYOUT.test(e.propertyName)
  }
}
