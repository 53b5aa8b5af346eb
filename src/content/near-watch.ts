/**
 * Which marked elements are in or near the viewport (one viewport of margin), for the marks to
 * draw only those. An IntersectionObserver decides it, and it watches only while things move:
 * from a scroll, resize or load until WATCH_MS after the last one, and for one frame every
 * SAMPLE_MS (a layout shift without any of those). An observed target costs the page a little in
 * every frame (bench/README.md, measure 8). A new element is observed alone until its first
 * report, not every marked element again. Near elements are also watched for size changes (a
 * font or width change reflows their text).
 */

/** How long the observer keeps watching after the last scroll, resize or load. */
export const WATCH_MS = 500
/** How often it looks once while nothing moves. */
const SAMPLE_MS = 1000

/** Options of {@link NearWatch}. */
export interface NearWatchOptions {
  signal: AbortSignal
  /** The near set changed, or a near element changed size: the marks should be placed again. */
  onChange: () => void
}

/** The near-viewport set of marked elements; see the module comment. */
export class NearWatch {
  /** The elements in or near the viewport now. */
  readonly near = new Set<Element>()
  private readonly watched = new Set<Element>()
  private readonly opts: NearWatchOptions
  private readonly io: IntersectionObserver
  private readonly ro: ResizeObserver
  /** The observer observes every watched element until this time (see the module comment). */
  private watchUntil = -Infinity
  private watching = false
  /** The observer has reported since it started watching. */
  private reported = false
  /** Elements added that the observer has not reported yet. */
  private readonly unseen = new Set<Element>()
  private watchTimer: ReturnType<typeof setTimeout> | undefined
  private readonly sampleTimer: ReturnType<typeof setInterval>

  constructor(options: NearWatchOptions) {
    this.opts = options
    this.io = new IntersectionObserver(this.onIntersect, { rootMargin: '100% 0px 100% 0px' })
    this.ro = new ResizeObserver(() => options.onChange())
    this.sampleTimer = setInterval(() => this.watch(0), SAMPLE_MS)
    options.signal.addEventListener(
      'abort',
      () => {
        this.io.disconnect()
        this.ro.disconnect()
        clearTimeout(this.watchTimer)
        clearInterval(this.sampleTimer)
        this.near.clear()
        this.watched.clear()
      },
      { once: true },
    )
  }

  /** Starts watching `el`: observed at once, alone if nothing else is watched. */
  add(el: Element): void {
    if (this.opts.signal.aborted || this.watched.has(el)) return
    this.watched.add(el)
    this.io.observe(el)
    this.unseen.add(el)
    if (this.watchTimer === undefined) this.armWatch(50)
  }

  /** Stops watching `el`. */
  remove(el: Element): void {
    this.watched.delete(el)
    this.near.delete(el)
    this.unseen.delete(el)
    this.io.unobserve(el)
    this.ro.unobserve(el)
  }

  /** True if `el` contains a near element. */
  holds(el: Element): boolean {
    for (const near of this.near) if (el.contains(near)) return true
    return false
  }

  /**
   * Observes every watched element until `forMs` from now (0: one look, after the next frame).
   * One timer per watching period, re-armed when it fires early, not one per scroll event.
   */
  watch(forMs: number): void {
    if (this.opts.signal.aborted) return
    this.watchUntil = Math.max(this.watchUntil, performance.now() + forMs)
    if (!this.watching) {
      this.watching = true
      this.reported = false
      for (const el of this.watched) this.io.observe(el)
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
      if (!this.watched.has(el)) continue
      const box = e.boundingClientRect
      // A display:contents parent has no box, so it never intersects: treat its text as near.
      const isNear =
        e.isIntersecting ||
        (box.width === 0 && box.height === 0 && getComputedStyle(el).display === 'contents')
      if (isNear === this.near.has(el)) continue
      changed = true
      if (isNear) {
        this.near.add(el)
        this.ro.observe(el)
      } else {
        this.near.delete(el)
        this.ro.unobserve(el)
      }
    }
    if (changed) this.opts.onChange()
  }
}
