/**
 * The walk of queued subtrees down to their text nodes, touching as few nodes as it can. In a
 * content script's isolated world every node handed to script costs a wrapper, so: a subtree
 * whose `textContent` (copied natively, no wrappers) has no hash sign is skipped whole; a small
 * one that has one is walked text node by text node (a TreeWalker showing text only, no JS
 * filter); a large one is split into its children, which are tested the same way. On a timeline
 * where one post in ten holds a hash sign, most posts cost one wrapper and one string instead of
 * a dozen of each. The walk runs in time slices and picks up where it was, or starts the subtree
 * over when the page removed the node it had reached. Figures: bench/README.md, measure 1.
 */
import { mayContainHashtag } from '../hashtags/tokenizer.ts'
import { isInSkippedRegion, isSkippedElement, isSkippedTag } from './skip.ts'

/** A subtree with at most this much text is walked text node by text node (if it has a `#`). */
const WALK_BELOW = 2048
/** textContent reads along one path before its subtree is simply walked (bounds re-reading). */
const MAX_READS = 12
/** A node with more children than this has its children read one by one. */
const FEW_CHILDREN = 8
/** Levels of few children split without reading their text before a subtree is read. */
const MAX_SPLITS = 3

/** What the walk needs from the rest of the scanner. */
export interface SubtreeWalkOptions {
  /** Each text node reached; `direct` if it was queued itself (see TextScan.scan). */
  scanText: (text: Text, direct: boolean) => void
  /** The next queued subtree (or text) to walk, null if none is left. */
  next: () => Node | null
  /** A subtree to walk again from its top: the page moved the node the walk had reached. */
  requeue: (node: Node) => void
  /** Each element subtree taken from the queue (its shadow roots are looked for after). */
  onSubtree?: (node: Node) => void
  /** Aborting drops the walk in progress. */
  signal: AbortSignal
}

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

/** The node a walk had reached was removed from under its root. */
export function lostPlace(walker: TreeWalker): boolean {
  const at = walker.currentNode
  return at !== walker.root && !walker.root.contains(at)
}

/** Walks queued subtrees to their text nodes, a time slice at a time; see the module comment. */
export class SubtreeWalk {
  private readonly opts: SubtreeWalkOptions
  /** Nodes of queued subtrees still to be tested, last first. */
  private pending: Pending[] = []
  /** The text walk of one small subtree. */
  private walker: TreeWalker | null = null

  constructor(options: SubtreeWalkOptions) {
    this.opts = options
    options.signal.addEventListener('abort', () => this.clear(), { once: true })
  }

  /** A subtree is part way through. */
  get busy(): boolean {
    return this.walker !== null || this.pending.length > 0
  }

  /**
   * Walks, taking subtrees from `next` as it goes, until none is left or performance.now() reaches
   * `deadline`; true if cut short (work is left).
   */
  run(deadline: number): boolean {
    if (this.walker && lostPlace(this.walker)) {
      // The page removed the node the walk had reached: the walk cannot climb back from there, so
      // its root is walked again (what was scanned already costs a WeakMap read).
      this.opts.requeue(this.walker.root)
      this.walker = null
    }
    let count = 0
    // No test of the signal here, on the hot path: aborting empties the walk and the queue.
    for (;;) {
      if ((++count & 15) === 0 && performance.now() >= deadline) return true
      if (this.walker) {
        const text = this.walker.nextNode() as Text | null
        if (text) this.opts.scanText(text, false)
        else this.walker = null
        continue
      }
      const next = this.pending.pop()
      if (next) {
        this.visit(next)
        // A visit can copy much text: the deadline is checked after each.
        if (performance.now() >= deadline) return true
        continue
      }
      const node = this.opts.next()
      if (!node) return false
      this.begin(node)
    }
  }

  /** Starts on a subtree taken from the queue. */
  private begin(node: Node): void {
    if (!node.isConnected || isInSkippedRegion(node)) return
    if (node.nodeType === Node.TEXT_NODE) {
      this.opts.scanText(node as Text, true)
      return
    }
    this.opts.onSubtree?.(node)
    // The whole page, or a shadow root, is split before anything is read: one read of a page
    // with megabytes of text would be a long task.
    const doc = node.ownerDocument
    const whole =
      !doc || node === doc.documentElement || node === doc.body || node instanceof ShadowRoot
    this.pending.push({ node, reads: 0, split: whole })
  }

  /**
   * Tests one node of a queued subtree: a text is scanned; an element, document or shadow root is
   * skipped if its text has no hash sign, walked if its text is small, else split into children.
   */
  private visit(p: Pending): void {
    const node = p.node
    if (p.siblingsOf) {
      // Below this node's own children on the stack, so the walk stays in document order.
      if (node.parentNode === p.siblingsOf) {
        const next = node.nextSibling
        if (next) this.pending.push({ node: next, reads: p.reads, siblingsOf: p.siblingsOf })
      } else {
        // The page moved or removed it: the rest of the siblings cannot be reached from here.
        this.opts.requeue(p.siblingsOf)
        return
      }
    }
    const type = node.nodeType
    if (type === Node.TEXT_NODE) {
      this.opts.scanText(node as Text, false)
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
    if (text !== undefined && (text.length <= WALK_BELOW || reads >= MAX_READS)) {
      const doc = node.ownerDocument ?? (node as Document)
      this.walker = doc.createTreeWalker(node, NodeFilter.SHOW_TEXT)
      return
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

  private clear(): void {
    this.pending = []
    this.walker = null
  }
}
