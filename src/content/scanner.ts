/**
 * Finds flagged hashtags in a document's text and keeps finding them as the page changes, at a
 * cost that grows with what changed, not with the page (the uBlock Origin / Dark Reader pattern):
 *
 * - One MutationObserver per root (the document and each open shadow root). Its callback only
 *   queues nodes; the queue is drained later in ~4 ms slices, so a burst of thousands of mutations
 *   becomes one deferred rescan of the affected subtrees (a node whose ancestor is queued is
 *   dropped; many queued siblings become their parent).
 * - The hot path is `mayContainHashtag(text.data)`: a text node without a hash sign costs one read.
 *   Text that was scanned and has not changed is skipped (WeakMap of the data scanned).
 * - Unknown lookup keys are collected per slice and resolved in one batch; answers are cached.
 *
 * Text split across nodes (`#Soft<b>Coup</b>`) is not joined: in practice a hashtag sits in one
 * text node (sites render it as one link), and joining would cost a walk over every sibling.
 * Frames are not entered: the content script runs in every frame (all_frames) and each scans itself.
 */
import { findHashtags, mayContainHashtag } from '../hashtags/tokenizer.ts'
import { normalizeTag } from '../hashtags/normalize.ts'
import { SLICE_MS, yieldToMain } from './schedule.ts'
import { HOST_TAG, isInSkippedRegion, isSkippedElement } from './skip.ts'

/** A flagged hashtag in one text node. */
export interface FoundTag {
  /** Offset of the hash sign in the text node's data. */
  start: number
  /** Offset just past the tag. */
  end: number
  /** As written, without the hash sign. */
  tag: string
  /** normalizeTag(tag). */
  key: string
  entryId: string
}

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
}

/** Counters for tests and benchmarks. */
export interface ScannerStats {
  /** Deferred drains started (each runs one or more slices). */
  drains: number
  slices: number
  resolveCalls: number
  /** Text nodes that contained a hash sign and were tokenised. */
  tokenised: number
}

/** Queued nodes beyond which siblings are coalesced into their parent. */
const BURST = 256
/** Queued children of one parent that make the parent cheaper to rescan whole. */
const SIBLINGS_TO_PARENT = 8
const MAX_CACHE = 50_000

const isTextOrElement = (n: Node): boolean =>
  (n.nodeType === Node.TEXT_NODE || n.nodeType === Node.ELEMENT_NODE) &&
  n.nodeName !== HOST_TAG.toUpperCase()

/** Drops queued nodes whose ancestor is queued too; coalesces large sibling groups first. */
function dedupe(queued: Set<Node>): Node[] {
  let nodes = [...queued]
  if (nodes.length > BURST) {
    const children = new Map<Node, number>()
    for (const n of nodes)
      if (n.parentNode) children.set(n.parentNode, (children.get(n.parentNode) ?? 0) + 1)
    const set = new Set<Node>()
    for (const n of nodes) {
      const p = n.parentNode
      set.add(p && (children.get(p) ?? 0) >= SIBLINGS_TO_PARENT ? p : n)
    }
    nodes = [...set]
  }
  const all = new Set(nodes)
  return nodes.filter((n) => {
    for (let p = n.parentNode; p; p = p.parentNode) if (all.has(p)) return false
    return true
  })
}

/** Scans a document and its open shadow roots; see the module comment. */
export class Scanner {
  /** Counters for tests and benchmarks. */
  readonly stats: ScannerStats = { drains: 0, slices: 0, resolveCalls: 0, tokenised: 0 }
  private readonly opts: ScannerOptions
  private readonly cache = new Map<string, string | null>()
  private readonly inflight = new Set<string>()
  private readonly waiting = new Map<string, Set<Text>>()
  private readonly observers = new Map<Document | ShadowRoot, MutationObserver>()
  private roots = new WeakSet<Node>()
  private lastPrune = -Infinity
  private scanned = new WeakMap<Text, string>()
  private queue = new Set<Node>()
  /** Texts whose data changed (or whose lookup returned): rescanned directly, never deduped away. */
  private changed = new Set<Text>()
  private batch: Node[] = []
  private batchIndex = 0
  private walker: TreeWalker | null = null
  private removals = false
  private draining = false
  private stopped = false
  private readonly filter: NodeFilter

  constructor(options: ScannerOptions) {
    this.opts = options
    this.filter = {
      acceptNode: (node: Node): number => {
        if (node.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT
        const el = node as Element
        if (isSkippedElement(el)) return NodeFilter.FILTER_REJECT
        const shadow = el.shadowRoot
        if (shadow) this.addRoot(shadow)
        return NodeFilter.FILTER_SKIP
      },
    }
  }

  /** Starts observing and scanning `root` (a document; shadow roots are found on the way). */
  start(root: Document): void {
    this.addRoot(root)
  }

  /** Roots observed now: the document and the open shadow roots still in it. */
  get observedRoots(): number {
    return this.observers.size
  }

  /** The cached lookup of a normalised key: entry id, null (not in the index), undefined (not asked yet). */
  lookup(key: string): string | null | undefined {
    if (this.opts.isMuted?.(key)) return null
    return this.cache.get(key)
  }

  /** Looks one key up (cached like the scan's own lookups); null if it is not flagged. */
  async resolveKey(key: string): Promise<string | null> {
    const cached = this.lookup(key)
    if (cached !== undefined) return cached
    const found = await this.opts.resolve([key]).catch(() => null)
    if (!found) return null
    const id = Object.hasOwn(found, key) && typeof found[key] === 'string' ? found[key] : null
    this.cache.set(key, id)
    return id
  }

  /** Forgets what was scanned and rescans every root (e.g. the muted tags changed). */
  rescanAll(): void {
    this.scanned = new WeakMap()
    for (const root of this.observers.keys()) if (root.isConnected) this.queue.add(root)
    this.schedule()
  }

  /** Resolves when no scan, lookup or queued work is left (for tests and commands). */
  async settled(): Promise<void> {
    const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 4))
    // First a macrotask: mutation records of the caller's task are delivered by then.
    do await pause()
    while (
      !this.stopped &&
      (this.draining || this.inflight.size > 0 || this.queue.size > 0 || this.changed.size > 0)
    )
  }

  /** Disconnects every observer and drops all queued work. */
  stop(): void {
    this.stopped = true
    for (const o of this.observers.values()) o.disconnect()
    this.observers.clear()
    this.queue.clear()
    this.changed.clear()
    this.waiting.clear()
    this.batch = []
    this.walker = null
  }

  private addRoot(root: Document | ShadowRoot): void {
    if (this.stopped || this.roots.has(root)) return
    this.roots.add(root)
    const observer = new MutationObserver(this.onMutations)
    observer.observe(root, { childList: true, characterData: true, subtree: true })
    this.observers.set(root, observer)
    if (root instanceof ShadowRoot) this.opts.onShadowRoot?.(root)
    this.queue.add(root)
    this.schedule()
  }

  /**
   * Stops observing shadow roots whose host left the document (apps that mount a web component
   * per item would otherwise pile up observers). A host that comes back is found again by the
   * walk of its new parent. At most once a second: it visits every root.
   */
  private pruneRoots(): void {
    const now = performance.now()
    if (this.observers.size < 32 || now - this.lastPrune < 1000) return
    this.lastPrune = now
    let pruned = false
    for (const [root, observer] of this.observers) {
      if (root instanceof ShadowRoot && !root.host.isConnected) {
        observer.disconnect()
        this.observers.delete(root)
        pruned = true
      }
    }
    if (pruned) {
      this.roots = new WeakSet(this.observers.keys())
    }
  }

  /** Only queues: the work happens in drain(). */
  private readonly onMutations = (records: MutationRecord[]): void => {
    for (const r of records) {
      if (r.type === 'characterData') {
        const text = r.target as Text
        // Even identical data collapses live ranges (replaceData), so always rescan.
        this.scanned.delete(text)
        this.changed.add(text)
      } else {
        for (const n of r.addedNodes) if (isTextOrElement(n)) this.queue.add(n)
        if (r.removedNodes.length > 0) this.removals = true
      }
    }
    this.schedule()
  }

  private schedule(): void {
    if (this.draining || this.stopped) return
    this.draining = true
    this.stats.drains++
    void this.drain()
  }

  private async drain(): Promise<void> {
    const yieldNow = this.opts.yieldToMain ?? yieldToMain
    try {
      let more = true
      while (more && !this.stopped) {
        // Deferred even the first time: mutations of the same task all join this drain.
        await yieldNow()
        if (this.stopped) return
        more = this.slice()
      }
    } finally {
      this.draining = false
    }
    if (!this.stopped) this.opts.onIdle?.()
  }

  /** One time slice of work; true if work is left. */
  private slice(): boolean {
    const deadline = performance.now() + (this.opts.sliceMs ?? SLICE_MS)
    this.stats.slices++
    const unknown = new Set<string>()
    if (this.removals) {
      this.removals = false
      for (const text of this.opts.sweep()) {
        this.scanned.delete(text)
        if (text.isConnected) this.changed.add(text)
      }
      this.pruneRoots()
    }
    for (const text of this.changed) {
      this.changed.delete(text)
      if (text.isConnected && !isInSkippedRegion(text)) this.scanText(text, unknown, true)
      else this.opts.onText(text, [])
      if (performance.now() >= deadline) break
    }
    const walker = this.walker
    if (walker && walker.currentNode !== walker.root && !walker.root.contains(walker.currentNode)) {
      // The page removed the node the walk had reached: the walk cannot climb back from there, so
      // its root is walked again (what was scanned already costs a WeakMap read).
      this.queue.add(walker.root)
      this.walker = null
    }
    let count = 0
    while (this.changed.size === 0) {
      if ((++count & 15) === 0 && performance.now() >= deadline) break
      if (this.walker) {
        const text = this.walker.nextNode() as Text | null
        if (text) this.scanText(text, unknown, false)
        else this.walker = null
        continue
      }
      const node = this.takeNext()
      if (!node) break
      if (!node.isConnected || isInSkippedRegion(node)) continue
      if (node.nodeType === Node.TEXT_NODE) {
        this.scanText(node as Text, unknown, true)
        continue
      }
      const shadow = (node as Element).shadowRoot
      if (shadow) this.addRoot(shadow)
      const doc = node.ownerDocument ?? (node as Document)
      this.walker = doc.createTreeWalker(
        node,
        NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT,
        this.filter,
      )
    }
    if (unknown.size > 0) this.request([...unknown])
    return (
      this.walker !== null ||
      this.batchIndex < this.batch.length ||
      this.queue.size > 0 ||
      this.changed.size > 0 ||
      this.removals
    )
  }

  private takeNext(): Node | null {
    for (;;) {
      const next = this.batch[this.batchIndex]
      if (next) {
        this.batchIndex++
        return next
      }
      if (this.queue.size === 0) return null
      this.batch = dedupe(this.queue)
      this.batchIndex = 0
      this.queue = new Set()
    }
  }

  /**
   * `direct`: the node was queued itself (new or changed), so a text that lost its hash sign must
   * lose its marks; texts met by a tree walk are unchanged or were queued as changed anyway, so the
   * hot path stays one `mayContainHashtag`.
   */
  private scanText(text: Text, unknown: Set<string>, direct: boolean): void {
    const data = text.data
    if (!mayContainHashtag(data)) {
      if (direct) this.opts.onText(text, [])
      return
    }
    if (this.scanned.get(text) === data) return
    this.stats.tokenised++
    const found: FoundTag[] = []
    let waiting = false
    for (const m of findHashtags(data)) {
      const key = normalizeTag(m.tag)
      if (this.opts.isMuted?.(key)) continue
      const id = this.cache.get(key)
      if (id === undefined) {
        waiting = true
        if (!this.inflight.has(key)) unknown.add(key)
        let texts = this.waiting.get(key)
        if (!texts) this.waiting.set(key, (texts = new Set()))
        texts.add(text)
      } else if (id !== null) {
        found.push({ start: m.start, end: m.end, tag: m.tag, key, entryId: id })
      }
    }
    // A text waiting for a lookup is not recorded: the answer queues it again.
    if (!waiting) this.scanned.set(text, data)
    this.opts.onText(text, found)
  }

  private request(keys: string[]): void {
    this.stats.resolveCalls++
    for (const k of keys) this.inflight.add(k)
    const settle = (found: Record<string, string> | null): void => {
      if (this.cache.size > MAX_CACHE) this.cache.clear()
      for (const k of keys) {
        this.inflight.delete(k)
        const texts = this.waiting.get(k)
        this.waiting.delete(k)
        if (!found) continue
        const id = found[k]
        this.cache.set(k, typeof id === 'string' && Object.hasOwn(found, k) ? id : null)
        if (texts) for (const t of texts) this.changed.add(t)
      }
      this.schedule()
    }
    this.opts.resolve(keys).then(
      (found) => !this.stopped && settle(typeof found === 'object' && found !== null ? found : {}),
      // The background did not answer (it may be restarting): forget the keys; a later change asks again.
      () => !this.stopped && settle(null),
    )
  }
}
