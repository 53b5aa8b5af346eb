/**
 * Finds flagged hashtags in a document's text and keeps finding them as the page changes, at a
 * cost that grows with what changed, not with the page (the uBlock Origin / Dark Reader pattern):
 *
 * - One MutationObserver per root (the document and each open shadow root). Its callback queues
 *   nodes; the queue is drained later in ~4 ms slices, so a burst of thousands of mutations
 *   becomes one deferred rescan of the affected subtrees (a node whose ancestor is queued is
 *   dropped; many queued siblings become their parent). A callback with only a few records scans
 *   them at once, for at most two milliseconds, so their marks are drawn with the change.
 * - Cheap tests first. In a content script's isolated world every node handed to script costs a
 *   wrapper, so the scan touches as few nodes as it can: a subtree whose `textContent` (copied
 *   natively, no wrappers) has no hash sign is skipped whole; a small one that has one is walked
 *   text node by text node (a TreeWalker showing text only, no JS filter); a large one is split
 *   into its children, which are tested the same way. On a timeline where one post in ten holds a
 *   hash sign, most posts cost one wrapper and one string instead of a dozen of each. A text node
 *   costs `mayContainHashtag(text.data)`; only one with a hash sign is checked for a skipped region
 *   (closest()) and tokenised. Text that was scanned and has not changed is skipped (WeakMap).
 * - Open shadow roots are looked for afterwards, in a second walk over the same subtree's
 *   elements at background priority: marks in the light DOM do not wait for it, and it gives way
 *   to the page and to any text waiting to be scanned.
 * - Unknown lookup keys are collected per slice and resolved in one batch; answers are cached.
 *
 * Text split across nodes (`#Soft<b>Coup</b>`) is not joined: in practice a hashtag sits in one
 * text node (sites render it as one link), and joining would cost a walk over every sibling.
 * Frames are not entered: the content script runs in every frame (all_frames) and each scans itself.
 */
import { findHashtags, mayContainHashtag } from '../hashtags/tokenizer.ts'
import { normalizeTag } from '../hashtags/normalize.ts'
import { SLICE_MS, yieldToMain } from './schedule.ts'
import {
  HOST_TAG,
  isInSkippedRegion,
  isSkippedElement,
  isSkippedTag,
  SKIP_SELECTOR,
} from './skip.ts'

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
  /** performance.now() when a flagged tag was last marked. */
  foundAt: number
  /** Milliseconds spent in slices (both kinds). */
  busyMs: number
  /** Of those, in slices of the search for shadow roots. */
  searchMs: number
  /** performance.now() when the queue was last drained. */
  idleAt: number
}

/** Queued nodes beyond which siblings are coalesced into their parent. */
const BURST = 256
/** Queued children of one parent that make the parent cheaper to rescan whole. */
const SIBLINGS_TO_PARENT = 8
const MAX_CACHE = 50_000
/** Mutation records few enough to scan in the observer's callback (see onMutations). */
const SMALL_BATCH = 8
/**
 * Time for that scan; the rest waits for the deferred drain, which runs after the page's
 * rendering of the change (half a second on a page of 50,000 posts). 100 new posts take 0.5-1 ms
 * to scan: with 1 ms, 1 append in 10-20 had its mark drawn that much later (bench/README.md,
 * measure 2).
 */
const SYNC_SLICE_MS = 2
/** A subtree with at most this much text is walked text node by text node (if it has a `#`). */
const WALK_BELOW = 2048
/** textContent reads along one path before its subtree is simply walked (bounds re-reading). */
const MAX_READS = 12
/** A node with more children than this has its children read one by one. */
const FEW_CHILDREN = 8
/** Levels of few children split without reading their text before a subtree is read. */
const MAX_SPLITS = 3

/** A node waiting to be tested (see the module comment). */
interface Pending {
  node: Node
  /** textContent reads made by its ancestors in this scan. */
  reads: number
  /** Its text content, when already known. */
  text?: string
  /** Split into children without reading its text (it may be most of the page). */
  split?: boolean
  /** Levels split without reading above it. */
  splits?: number
  /**
   * One of many children: after it come its next siblings, one entry at a time (queuing 50,000
   * children at once took a long task). The parent it was found under.
   */
  siblingsOf?: Node
}

/** What a child adds to its parent's textContent. */
function textOf(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) {
    return (node as Text).data
  }
  return node.nodeType === Node.ELEMENT_NODE ? (node.textContent ?? '') : ''
}

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

/** The node a walk had reached was removed from under its root. */
function lostPlace(walker: TreeWalker): boolean {
  const at = walker.currentNode
  return at !== walker.root && !walker.root.contains(at)
}

/** Scans a document and its open shadow roots; see the module comment. */
export class Scanner {
  /** Counters for tests and benchmarks. */
  readonly stats: ScannerStats = {
    drains: 0,
    slices: 0,
    resolveCalls: 0,
    tokenised: 0,
    foundAt: 0,
    busyMs: 0,
    searchMs: 0,
    idleAt: 0,
  }
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
  /** Nodes of queued subtrees still to be tested, last first. */
  private pending: Pending[] = []
  /** The text walk of one small subtree. */
  private walker: TreeWalker | null = null
  /** Subtrees whose text was walked and whose elements are still to be searched for shadow roots. */
  private hostSearch: Node[] = []
  /** The element walk of one of them. */
  private hostWalker: TreeWalker | null = null
  private removals = false
  private draining = false
  private searching = false
  private stopped = false

  constructor(options: ScannerOptions) {
    this.opts = options
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
      (this.draining ||
        this.searching ||
        this.inflight.size > 0 ||
        this.queue.size > 0 ||
        this.changed.size > 0)
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
    this.walker = this.hostWalker = null
    this.hostSearch = []
    this.pending = []
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
    if (this.draining || this.stopped) return
    // A few changes (a post added, a text re-rendered) are scanned at once, here: their marks are
    // drawn in the frame that first shows them, not after it, and a long page whose rendering of
    // the change takes half a second does not hold them back (bench/README.md, measure 2). A
    // burst, and whatever does not fit in SYNC_SLICE_MS, is left to the deferred drain.
    if (records.length <= SMALL_BATCH && !this.slice(SYNC_SLICE_MS)) this.idle()
    else this.schedule()
  }

  private schedule(): void {
    if (this.draining || this.stopped) return
    this.draining = true
    this.stats.drains++
    void this.drain()
  }

  private async drain(): Promise<void> {
    try {
      let more = true
      while (more && !this.stopped) {
        // Deferred even the first time: mutations of the same task all join this drain. While
        // lookups are out, their replies go first.
        await (this.opts.yieldToMain?.() ??
          yieldToMain(this.inflight.size === 0 ? 'keep' : 'normal'))
        if (this.stopped) return
        more = this.slice()
      }
    } finally {
      this.draining = false
    }
    if (!this.stopped) this.idle()
  }

  /** The queue was drained: tell the app, and search what was scanned for shadow roots. */
  private idle(): void {
    if (!this.searching) this.stats.idleAt = performance.now()
    this.opts.onIdle?.()
    if (this.hostSearch.length > 0 || this.hostWalker) void this.search()
  }

  /** The search for open shadow roots: background-priority slices until every subtree is done. */
  private async search(): Promise<void> {
    if (this.searching || this.stopped) return
    this.searching = true
    try {
      let more = true
      // While text is being scanned the search waits; the drain restarts it when done.
      while (more && !this.stopped && !this.draining) {
        await (this.opts.yieldToMain?.() ?? yieldToMain('background'))
        if (this.stopped) return
        more = this.searchSlice()
      }
    } finally {
      this.searching = false
    }
    if (!this.stopped && !this.draining) this.stats.idleAt = performance.now()
  }

  /** One slice of the search for shadow roots; true if subtrees are left. */
  private searchSlice(): boolean {
    const begin = performance.now()
    const deadline = begin + (this.opts.sliceMs ?? SLICE_MS)
    if (this.hostWalker && lostPlace(this.hostWalker)) {
      this.hostSearch.push(this.hostWalker.root)
      this.hostWalker = null
    }
    let count = 0
    // Text first: a new shadow root (or the page's changes) queues text, which ends the slice.
    while (!this.draining) {
      if ((++count & 31) === 0 && performance.now() >= deadline) break
      const walker = this.hostWalker
      if (walker) {
        const el = walker.nextNode() as Element | null
        if (!el) this.hostWalker = null
        else if (el.shadowRoot) this.addRoot(el.shadowRoot)
        continue
      }
      const root = this.hostSearch.pop()
      if (!root) break
      if (!root.isConnected) continue
      if (root instanceof Element && root.shadowRoot) this.addRoot(root.shadowRoot)
      const doc = root.ownerDocument ?? (root as Document)
      this.hostWalker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT)
    }
    const spent = performance.now() - begin
    this.stats.busyMs += spent
    this.stats.searchMs += spent
    return this.hostWalker !== null || this.hostSearch.length > 0
  }

  /** One time slice of work; true if work is left. */
  private slice(budgetMs = this.opts.sliceMs ?? SLICE_MS): boolean {
    const begin = performance.now()
    const deadline = begin + budgetMs
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
    if (this.walker && lostPlace(this.walker)) {
      // The page removed the node the walk had reached: the walk cannot climb back from there, so
      // its root is walked again (what was scanned already costs a WeakMap read).
      this.queue.add(this.walker.root)
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
      const next = this.pending.pop()
      if (next) {
        this.visit(next, unknown)
        // A visit can copy much text: the deadline is checked after each.
        if (performance.now() >= deadline) break
        continue
      }
      const node = this.takeNext()
      if (!node) break
      if (!node.isConnected || isInSkippedRegion(node)) continue
      if (node.nodeType === Node.TEXT_NODE) {
        this.scanText(node as Text, unknown, true)
        continue
      }
      this.hostSearch.push(node)
      // The whole page, or a shadow root, is split before anything is read: one read of a page
      // with megabytes of text would be a long task.
      const doc = node.ownerDocument
      const whole =
        !doc || node === doc.documentElement || node === doc.body || node instanceof ShadowRoot
      this.pending.push({ node, reads: 0, split: whole })
    }
    if (unknown.size > 0) this.request([...unknown])
    this.stats.busyMs += performance.now() - begin
    return this.hasWork()
  }

  /** Text is waiting to be scanned. */
  private hasWork(): boolean {
    return (
      this.walker !== null ||
      this.pending.length > 0 ||
      this.batchIndex < this.batch.length ||
      this.queue.size > 0 ||
      this.changed.size > 0 ||
      this.removals
    )
  }

  /**
   * Tests one node of a queued subtree: a text is scanned; an element, document or shadow root is
   * skipped if its text has no hash sign, walked if its text is small, else split into children.
   */
  private visit(p: Pending, unknown: Set<string>): void {
    const node = p.node
    if (p.siblingsOf) {
      // Below this node's own children on the stack, so the walk stays in document order.
      if (node.parentNode === p.siblingsOf) {
        const next = node.nextSibling
        if (next) this.pending.push({ node: next, reads: p.reads, siblingsOf: p.siblingsOf })
      } else {
        // The page moved or removed it: the rest of the siblings cannot be reached from here.
        this.queue.add(p.siblingsOf)
        return
      }
    }
    const type = node.nodeType
    if (type === Node.TEXT_NODE) {
      this.scanText(node as Text, unknown, false)
      return
    }
    const isDocument = type === Node.DOCUMENT_NODE
    const isElement = type === Node.ELEMENT_NODE
    if (!isElement && !isDocument && type !== Node.DOCUMENT_FRAGMENT_NODE) return
    // By name before reading (a page's JSON in a <script> can be megabytes); an attribute read,
    // which costs more than the test of the text on a page of many elements, after.
    if ((isElement && isSkippedTag(node as Element)) || !node.isConnected) return
    let { text, reads } = p
    if (text === undefined && !p.split && !isDocument) {
      text = node.textContent ?? ''
      reads++
    }
    if (
      (text !== undefined && !mayContainHashtag(text)) ||
      (isElement && isSkippedElement(node as Element))
    ) {
      return
    }
    if (text !== undefined) {
      if (text.length <= WALK_BELOW || reads >= MAX_READS) {
        const doc = node.ownerDocument ?? (node as Document)
        this.walker = doc.createTreeWalker(node, NodeFilter.SHOW_TEXT)
        return
      }
    }
    this.split(node, text, reads, p.splits ?? 0)
  }

  /**
   * Queues the children of a node too large to walk, or not read. Many children are read one by
   * one. Few children of a node whose text is known: the one that looks largest (most element
   * children) gets the rest of the parent's text, a slice that copies nothing. Few children of a
   * node not read are split in turn (an only child costs no level: the wrapper chains of apps
   * nest a dozen deep), until MAX_SPLITS levels.
   */
  private split(node: Node, text: string | undefined, reads: number, splits: number): void {
    const children: ChildNode[] = []
    for (let c = node.firstChild; c && children.length <= FEW_CHILDREN; c = c.nextSibling) {
      children.push(c)
    }
    if (children.length > FEW_CHILDREN) {
      this.pending.push({ node: children[0] as ChildNode, reads, siblingsOf: node })
      return
    }
    if (text === undefined) {
      const next = (node as ParentNode).childElementCount === 1 ? splits : splits + 1
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i] as ChildNode
        this.pending.push({ node: child, reads, split: next < MAX_SPLITS, splits: next })
      }
      return
    }
    let largest = -1
    let most = -1
    children.forEach((c, i) => {
      if (c.nodeType !== Node.ELEMENT_NODE) return
      const count = (c as Element).childElementCount
      if (count >= most) [largest, most] = [i, count]
    })
    const texts = children.map((c, i) => (i === largest ? '' : textOf(c)))
    if (largest >= 0) {
      let before = 0
      let after = 0
      texts.forEach((t, i) => {
        if (i < largest) before += t.length
        else if (i > largest) after += t.length
      })
      texts[largest] = text.slice(before, text.length - after)
    }
    for (let i = children.length - 1; i >= 0; i--) {
      this.pending.push({ node: children[i] as ChildNode, reads, text: texts[i] })
    }
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
   * hot path stays one `mayContainHashtag`. A walked text may sit in a skipped element below the
   * walk's root (the root itself was checked when it was queued).
   */
  private scanText(text: Text, unknown: Set<string>, direct: boolean): void {
    const data = text.data
    if (!mayContainHashtag(data)) {
      if (direct) this.opts.onText(text, [])
      return
    }
    if (this.scanned.get(text) === data) return
    if (!direct && text.parentElement?.closest(SKIP_SELECTOR)) {
      this.scanned.set(text, data)
      return
    }
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
    if (found.length > 0) this.stats.foundAt = performance.now()
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
