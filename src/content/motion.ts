/**
 * Tells the marks when the text they follow may have moved, so that they are placed again in the
 * next animation frame, and only then: no loop runs while the page is idle. Window scrolls need
 * nothing at all (the document layer scrolls with the page); what moves text relative to the
 * document comes from a few events:
 * - a scroll of any element (nested panes), a window resize, a load (images, fonts) and the
 *   font set finishing loading;
 * - changes of the page's DOM (the scanner's observer reports them: see Marks.changed());
 * - CSS transitions and animations: while one runs that can move marked text (on an ancestor of
 *   a mark near the viewport, or of a property that changes layout), marks are placed in every
 *   frame until it ends. The work per frame grows with the marks near the viewport, not with the
 *   page.
 * What no event announces (a script-driven animation, a class that shifts layout) is caught by
 * the app's periodic check and, for the pointer, by the hit test's own rebuild.
 */

/** Properties whose change cannot move any text but the animated element's own. */
const STILL_PROPERTIES = new Set([
  'color',
  'background',
  'background-color',
  'background-position',
  'background-size',
  'border-color',
  'outline',
  'outline-color',
  'outline-offset',
  'box-shadow',
  'text-shadow',
  'opacity',
  'filter',
  'backdrop-filter',
  'fill',
  'stroke',
  'visibility',
  'text-decoration-color',
  'caret-color',
  'transform',
  'translate',
  'rotate',
  'scale',
  'clip-path',
])

/** Of those, the ones that move or cut the animated element's own text. */
const MOVING_PROPERTIES = new Set(['transform', 'translate', 'rotate', 'scale', 'clip-path'])

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

/** Keyframe properties of the running CSS animation `name` on `el`, or null if unknown. */
function animatedProperties(el: Element, name: string): string[] | null {
  try {
    for (const a of el.getAnimations()) {
      if ((a as CSSAnimation).animationName !== name || !a.effect) continue
      const frames = (a.effect as KeyframeEffect).getKeyframes()
      const props = new Set<string>()
      for (const f of frames) {
        for (const k of Object.keys(f)) {
          if (k !== 'offset' && k !== 'easing' && k !== 'composite' && k !== 'computedOffset')
            props.add(k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))
        }
      }
      return [...props]
    }
  } catch {
    // Not readable here: treat it as one that may move text.
  }
  return null
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
   * Whether this transition or animation can move text that is marked: one that changes layout
   * anywhere, or moves (transform, clip) an element holding marks near the viewport. A colour or
   * opacity change moves nothing; an animation whose properties cannot be read is followed only
   * on an element holding marks (an endless spinner elsewhere would keep a loop running for as
   * long as the page is open).
   */
  private mayMoveText(el: Element, e: Event): boolean {
    const props =
      e instanceof TransitionEvent
        ? [e.propertyName]
        : animatedProperties(el, (e as AnimationEvent).animationName)
    if (props === null) return this.opts.holdsMarks(el)
    if (props.some((p) => !STILL_PROPERTIES.has(p))) return true
    return props.some((p) => MOVING_PROPERTIES.has(p)) && this.opts.holdsMarks(el)
  }
}
