/**
 * What the page changed, waiting to be scanned. Mutation observers only queue (the scan runs
 * later, in time slices), so a burst of thousands of mutations becomes one deferred rescan of the
 * affected subtrees: a node whose ancestor is queued is dropped, and many queued siblings become
 * their parent. Texts whose data changed are kept apart and rescanned directly, never deduped
 * away: their old marks must go even if the new data has no hash sign. Burst figures:
 * bench/README.md, measure 2.
 */
import { HOST_TAG } from './skip.ts'

/** Queued nodes beyond which siblings are coalesced into their parent. */
const BURST = 256
/** Queued children of one parent that make the parent cheaper to rescan whole. */
const SIBLINGS_TO_PARENT = 8

/** What the queue tells the rest of the scanner. */
export interface MutationQueueOptions {
  /** A text's data changed: it must be scanned again even if the data is the same. */
  onData?: (text: Text) => void
  /** Aborting drops everything queued. */
  signal: AbortSignal
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

/** Subtrees and texts to scan, from mutation records; see the module comment. */
export class MutationQueue {
  private readonly opts: MutationQueueOptions
  private queued = new Set<Node>()
  /** Texts whose data changed (or whose lookup returned): rescanned directly, never deduped away. */
  private readonly changed = new Set<Text>()
  /** The deduped subtrees being taken, and how far. */
  private batch: Node[] = []
  private batchIndex = 0
  private removals = false

  constructor(options: MutationQueueOptions) {
    this.opts = options
    options.signal.addEventListener('abort', () => this.clear(), { once: true })
  }

  /** Queues what the records changed: added nodes, changed texts, and whether nodes left. */
  add(records: MutationRecord[]): void {
    if (this.opts.signal.aborted) return
    for (const r of records) {
      if (r.type === 'characterData') {
        const text = r.target as Text
        // Even identical data collapses live ranges (replaceData), so always rescan.
        this.opts.onData?.(text)
        this.changed.add(text)
      } else {
        for (const n of r.addedNodes) if (isTextOrElement(n)) this.queued.add(n)
        if (r.removedNodes.length > 0) this.removals = true
      }
    }
  }

  /** Queues a subtree (a new root, or one to walk again). */
  subtree(node: Node): void {
    if (!this.opts.signal.aborted) this.queued.add(node)
  }

  /** Queues a text to rescan directly. */
  text(text: Text): void {
    if (!this.opts.signal.aborted) this.changed.add(text)
  }

  /** Whether nodes were removed since the last call (their marks must be swept). */
  takeRemovals(): boolean {
    const removals = this.removals
    this.removals = false
    return removals
  }

  /** The next text to rescan directly, oldest first. */
  takeText(): Text | undefined {
    const [text] = this.changed
    if (text) this.changed.delete(text)
    return text
  }

  /** Texts are waiting to be rescanned directly (they go before any subtree). */
  get hasTexts(): boolean {
    return this.changed.size > 0
  }

  /** The next subtree to walk, outermost of what was queued; null if none. */
  takeSubtree(): Node | null {
    for (;;) {
      const next = this.batch[this.batchIndex]
      if (next) {
        this.batchIndex++
        return next
      }
      if (this.queued.size === 0) return null
      this.batch = dedupe(this.queued)
      this.batchIndex = 0
      this.queued = new Set()
    }
  }

  /** Anything is queued. */
  get hasWork(): boolean {
    return (
      this.batchIndex < this.batch.length ||
      this.queued.size > 0 ||
      this.changed.size > 0 ||
      this.removals
    )
  }

  private clear(): void {
    this.queued.clear()
    this.changed.clear()
    this.batch = []
    this.batchIndex = 0
    this.removals = false
  }
}
