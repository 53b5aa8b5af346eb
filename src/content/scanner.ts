/**
 * Finds flagged hashtags in a document's text and keeps finding them as the page changes, at a
 * cost that grows with what changed, not with the page (the uBlock Origin / Dark Reader pattern).
 * This file schedules the work; each part has its own module:
 *
 * - root-observers.ts: a MutationObserver per root (the document, each open shadow root);
 * - mutation-queue.ts: their records as subtrees and texts to scan, deduped;
 * - subtree-walk.ts: the walk of a queued subtree down to its texts, touching few nodes;
 * - text-scan.ts: one text -> its flagged tags;
 * - lookup-cache.ts: which keys are in the index, asked in one batch per slice and cached;
 * - shadow-search.ts: the background search for open shadow roots in what was scanned.
 *
 * The work runs in time slices between yields to the page; a mutation callback with only a few
 * records scans them at once instead, so their marks are drawn with the change. Figures for both:
 * bench/README.md, measures 1 and 2.
 * Frames are not entered: the content script runs in every frame (all_frames) and each scans itself.
 */
import { LookupCache } from './lookup-cache.ts'
import { MutationQueue } from './mutation-queue.ts'
import { RootObservers, type ScanRoot } from './root-observers.ts'
import { SLICE_MS, yieldToMain } from './schedule.ts'
import { ShadowSearch } from './shadow-search.ts'
import { SubtreeWalk } from './subtree-walk.ts'
import { TextScan, type FoundTag } from './text-scan.ts'

export type { FoundTag } from './text-scan.ts'

/** What the scanner needs from the rest of the content script. */
export interface ScannerOptions {
  /** Which of these normalised keys are in the index: key -> entry id (absent: not flagged). */
  resolve: (keys: string[]) => Promise<Record<string, string>>
  /** A text node's flagged tags now (empty: none, or no longer). */
  onText: (text: Text, found: FoundTag[]) => void
  /**
   * Nodes were removed: drop marks whose text left the document or whose ranges broke, and
   * return those texts (they are rescanned if still in the document).
   */
  sweep: () => Text[]
  /** An open shadow root was found (its marks need a style sheet in Firefox). */
  onShadowRoot?: (root: ShadowRoot) => void
  /** The queue was drained. */
  onIdle?: () => void
  /** Keys the user muted are neither looked up nor marked. */
  isMuted?: (key: string) => boolean
  sliceMs?: number
  yieldToMain?: () => Promise<void>
  /** Aborting disconnects every observer and drops all queued work. */
  signal: AbortSignal
}

/** Counters for tests and benchmarks. */
export interface ScannerStats {
  /** Deferred drains started (each runs one or more slices). */
  drains: number
  slices: number
  /** Text nodes that contained a hash sign and were tokenised. */
  tokenised: number
  /** performance.now() when a flagged tag was last marked. */
  foundAt: number
  /** Milliseconds spent in slices (both kinds). */
  busyMs: number
  /** Of those, in slices of the search for shadow roots. */
  searchMs: number
  /** performance.now() when the queue was last drained. */
  idleAt: number
}

/** Mutation records few enough to scan in the observer's callback (see onMutations). */
const SMALL_BATCH = 8
/**
 * Time for that scan; the rest waits for the deferred drain, which runs after the page's
 * rendering of the change (half a second on a page of 50,000 posts). 100 new posts take 0.5-1 ms
 * to scan: with 1 ms, 1 append in 10-20 had its mark drawn that much later (bench/README.md,
 * measure 2).
 */
const SYNC_SLICE_MS = 2

/** Scans a document and its open shadow roots; see the module comment. */
export class Scanner {
  /** Counters for tests and benchmarks. */
  readonly stats: ScannerStats = {
    drains: 0,
    slices: 0,
    tokenised: 0,
    foundAt: 0,
    busyMs: 0,
    searchMs: 0,
    idleAt: 0,
  }
  private readonly opts: ScannerOptions
  private readonly signal: AbortSignal
  private readonly cache: LookupCache
  private readonly observers: RootObservers
  private readonly queue: MutationQueue
  private readonly texts: TextScan
  private readonly walk: SubtreeWalk
  private readonly search: ShadowSearch
  private draining = false
  /** Callers of settled() waiting for the scanner to go idle. */
  private waiters: (() => void)[] = []

  constructor(options: ScannerOptions) {
    const { signal } = options
    this.opts = options
    this.signal = signal
    this.cache = new LookupCache({
      resolve: options.resolve,
      isMuted: options.isMuted,
      onAnswer: (keys, ok) => this.answered(keys, ok),
      signal,
    })
    this.observers = new RootObservers({ onMutations: this.onMutations, signal })
    this.texts = new TextScan({
      lookups: this.cache,
      onText: options.onText,
      stats: this.stats,
      signal,
    })
    this.queue = new MutationQueue({ onData: (text) => this.texts.forget(text), signal })
    this.search = new ShadowSearch({
      onRoot: (root) => this.addRoot(root),
      paused: () => this.draining,
      onEnd: () => {
        if (!this.draining) this.stats.idleAt = performance.now()
        this.checkSettled()
      },
      stats: this.stats,
      sliceMs: options.sliceMs ?? SLICE_MS,
      yieldToMain: options.yieldToMain,
      signal,
    })
    this.walk = new SubtreeWalk({
      scanText: (text, direct) => this.texts.scan(text, direct),
      next: () => this.queue.takeSubtree(),
      requeue: (node) => this.queue.subtree(node),
      onSubtree: (node) => this.search.add(node),
      signal,
    })
    signal.addEventListener('abort', () => this.checkSettled(), { once: true })
  }

  /** Starts observing and scanning `root` (a document; shadow roots are found on the way). */
  start(root: Document): void {
    this.addRoot(root)
  }

  /** The cached lookup of a normalised key: entry id, null (not in the index), undefined (not asked yet). */
  lookup(key: string): string | null | undefined {
    return this.cache.get(key)
  }

  /** Looks one key up (cached and batched like the scan's own lookups); null if it is not flagged. */
  resolveKey(key: string): Promise<string | null> {
    return this.cache.resolve(key)
  }

  /** Forgets what was scanned and rescans every root (e.g. the muted tags changed). */
  rescanAll(): void {
    this.texts.forgetAll()
    for (const root of this.observers.connected()) this.queue.subtree(root)
    this.schedule()
  }

  /** The index changed (packs): forgets every lookup answer and rescans every root. */
  reindex(): void {
    this.cache.forget()
    this.rescanAll()
  }

  /** Resolves when no scan, lookup or queued work is left (for tests and commands). */
  async settled(): Promise<void> {
    // First a macrotask: mutation records of the caller's task are delivered by then.
    await new Promise((resolve) => setTimeout(resolve, 0))
    if (!this.isSettled()) await new Promise<void>((resolve) => this.waiters.push(resolve))
  }

  private isSettled(): boolean {
    return (
      this.signal.aborted ||
      !(this.draining || this.search.running || this.cache.busy || this.hasWork())
    )
  }

  private checkSettled(): void {
    if (this.waiters.length > 0 && this.isSettled()) for (const w of this.waiters.splice(0)) w()
  }

  private addRoot(root: ScanRoot): void {
    if (!this.observers.add(root)) return
    if (root instanceof ShadowRoot) this.opts.onShadowRoot?.(root)
    this.queue.subtree(root)
    this.schedule()
  }

  /** Only queues, unless the records are few: the work happens in slices. */
  private readonly onMutations = (records: MutationRecord[]): void => {
    this.queue.add(records)
    if (this.draining || this.signal.aborted) return
    // A few changes (a post added, a text re-rendered) are scanned here, so their marks are drawn
    // in the frame that first shows them; a burst, and what does not fit, waits for the drain.
    if (records.length <= SMALL_BATCH && !this.slice(SYNC_SLICE_MS)) this.idle()
    else this.schedule()
  }

  /** A lookup came back: the texts that waited for it are rescanned (from their kept tokens). */
  private answered(keys: string[], ok: boolean): void {
    for (const text of this.texts.answered(keys, ok)) this.queue.text(text)
    this.schedule()
  }

  private schedule(): void {
    if (this.draining || this.signal.aborted) return
    this.draining = true
    this.stats.drains++
    void this.drain()
  }

  private async drain(): Promise<void> {
    try {
      let more = true
      while (more && !this.signal.aborted) {
        // Deferred even the first time: mutations of the same task all join this drain. While
        // lookups are out, their replies go first.
        await (this.opts.yieldToMain?.() ?? yieldToMain(this.cache.busy ? 'normal' : 'keep'))
        if (this.signal.aborted) return
        more = this.slice()
      }
    } finally {
      this.draining = false
    }
    if (!this.signal.aborted) this.idle()
  }

  /** The queue was drained: tell the app, and search what was scanned for shadow roots. */
  private idle(): void {
    if (!this.search.running) this.stats.idleAt = performance.now()
    this.opts.onIdle?.()
    this.search.start()
    this.checkSettled()
  }

  /** One time slice of work; true if work is left. */
  private slice(budgetMs = this.opts.sliceMs ?? SLICE_MS): boolean {
    const begin = performance.now()
    const deadline = begin + budgetMs
    this.stats.slices++
    if (this.queue.takeRemovals()) {
      for (const text of this.opts.sweep()) {
        this.texts.forget(text)
        if (text.isConnected) this.queue.text(text)
      }
      this.observers.prune()
    }
    for (let text = this.queue.takeText(); text; text = this.queue.takeText()) {
      this.texts.rescan(text)
      if (performance.now() >= deadline) break
    }
    if (!this.queue.hasTexts) this.walk.run(deadline)
    this.cache.flush()
    this.stats.busyMs += performance.now() - begin
    return this.hasWork()
  }

  /** Text is waiting to be scanned. */
  private hasWork(): boolean {
    return this.walk.busy || this.queue.hasWork
  }
}
