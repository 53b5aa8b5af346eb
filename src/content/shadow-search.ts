/**
 * The search for open shadow roots in subtrees whose text was scanned. It has to visit every
 * element (no native query finds shadow roots), so it runs after the text scan, in a second walk
 * at background priority: marks in the light DOM do not wait for it, and it gives way to the page
 * and to any text waiting to be scanned. Its cost, reported apart from the text scan
 * (`searchMs`): bench/README.md, measures 1 and 3.
 */
import { yieldToMain } from './schedule.ts'
import { lostPlace } from './subtree-walk.ts'

/** What the search needs from the scanner. */
export interface ShadowSearchOptions {
  /** An open shadow root was found (observed and scanned from then on). */
  onRoot: (root: ShadowRoot) => void
  /** True while text waits to be scanned: the search stops, to be started again after. */
  paused: () => boolean
  /** The search ended: every subtree done, or paused for text. */
  onEnd: () => void
  /** Time in the search's slices is added to both (ScannerStats). */
  stats: { busyMs: number; searchMs: number }
  sliceMs: number
  /** Waits before each slice (default: a background-priority task). */
  yieldToMain?: (() => Promise<void>) | undefined
  /** Aborting drops the subtrees still to search and ends the search at its next slice. */
  signal: AbortSignal
}

/** Searches scanned subtrees for open shadow roots; see the module comment. */
export class ShadowSearch {
  private readonly opts: ShadowSearchOptions
  /** Subtrees whose elements are still to be searched. */
  private subtrees: Node[] = []
  /** The element walk of one of them. */
  private walker: TreeWalker | null = null
  private searching = false

  constructor(options: ShadowSearchOptions) {
    this.opts = options
    options.signal.addEventListener('abort', () => this.clear(), { once: true })
  }

  /** Queues a subtree to search (its root included). */
  add(subtree: Node): void {
    if (!this.opts.signal.aborted) this.subtrees.push(subtree)
  }

  /** A search is running (between its slices). */
  get running(): boolean {
    return this.searching
  }

  /** Starts searching in background-priority slices, unless running or nothing is queued. */
  start(): void {
    if (this.subtrees.length > 0 || this.walker) void this.search()
  }

  private async search(): Promise<void> {
    if (this.searching || this.opts.signal.aborted) return
    this.searching = true
    try {
      let more = true
      while (more && !this.opts.signal.aborted && !this.opts.paused()) {
        await (this.opts.yieldToMain?.() ?? yieldToMain('background'))
        if (this.opts.signal.aborted) return
        more = this.slice()
      }
    } finally {
      this.searching = false
    }
    this.opts.onEnd()
  }

  /** One slice of the search; true if subtrees are left. */
  private slice(): boolean {
    const begin = performance.now()
    const deadline = begin + this.opts.sliceMs
    if (this.walker && lostPlace(this.walker)) {
      this.subtrees.push(this.walker.root)
      this.walker = null
    }
    let count = 0
    // Text first: a new shadow root (or the page's changes) queues text, which ends the slice.
    while (!this.opts.paused()) {
      if ((++count & 31) === 0 && performance.now() >= deadline) break
      const walker = this.walker
      if (walker) {
        const el = walker.nextNode() as Element | null
        if (!el) this.walker = null
        else if (el.shadowRoot) this.opts.onRoot(el.shadowRoot)
        continue
      }
      const root = this.subtrees.pop()
      if (!root) break
      if (!root.isConnected) continue
      if (root instanceof Element && root.shadowRoot) this.opts.onRoot(root.shadowRoot)
      const doc = root.ownerDocument ?? (root as Document)
      this.walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT)
    }
    const spent = performance.now() - begin
    this.opts.stats.busyMs += spent
    this.opts.stats.searchMs += spent
    return this.walker !== null || this.subtrees.length > 0
  }

  private clear(): void {
    this.subtrees = []
    this.walker = null
  }
}
