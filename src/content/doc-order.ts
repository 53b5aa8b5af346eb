/**
 * Order of nodes across shadow boundaries. `compareDocumentPosition` calls nodes of different
 * trees "disconnected", so each node is lifted to the tree it shares with the other through its
 * shadow hosts; content of a shadow root sorts where its host is (before the host's light children).
 */

/** The node and its shadow hosts, outermost (the one in the document tree) first. */
function hostChain(node: Node): Node[] {
  const chain = [node]
  for (let root = node.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) {
    chain.push(root.host)
  }
  return chain.reverse()
}

/** Negative if `a` comes before `b` in composed document order, positive if after, 0 if equal. */
export function compareComposed(a: Node, b: Node): number {
  if (a === b) return 0
  const ca = hostChain(a)
  const cb = hostChain(b)
  let i = 0
  while (i < ca.length && i < cb.length && ca[i] === cb[i]) i++
  const x = ca[i]
  const y = cb[i]
  // One chain ended: it ended at a host whose shadow content holds the other node.
  if (!x) return -1
  if (!y) return 1
  const pos = x.compareDocumentPosition(y)
  if (pos & Node.DOCUMENT_POSITION_FOLLOWING) return -1
  if (pos & Node.DOCUMENT_POSITION_PRECEDING) return 1
  return 0
}

/**
 * The positions each parent's children of interest were given last time. Finding positions by a
 * walk over the children hands every child to script, and in a content script's isolated world
 * each needs a wrapper: the 50,000 posts of a feed cost 15-40 ms and as much garbage again, for
 * every list of the marks (bench/README.md, measure 3). Cached positions are checked before they
 * are used, so a page that moved its children since costs more work, never a wrong order.
 */
const placed = new WeakMap<Node, Map<Node, number>>()

/** Children out of order (see placeAlong) beyond which all the children are walked instead. */
const MAX_OUTLIERS = 8
/** Time placeAlong may spend on them in all (each costs a native walk back to the first child). */
const OUTLIERS_MS = 2
/** Siblings placeAlong may step over, in all, before all the children are walked instead. */
const MAX_STEPS = 1024

/**
 * Positions for `list` (children of one parent) that sort in document order, without walking
 * their siblings when the list is nearly in order, or null. The children that follow one another
 * in the list make a spine: `a.compareDocumentPosition(b)` walks back natively from b until it
 * meets a (Chromium, about 0.1 µs a sibling and no wrapper), so checking a spine costs one walk
 * over the span it covers, and a child out of order one walk back to the first child. The few
 * others are placed by stepping forward to the next spine child: its position less the steps.
 */
function placeAlong(list: readonly Node[]): { found: Map<Node, number>; inOrder: boolean } | null {
  const spine: Node[] = []
  const outliers: Node[] = []
  let outlierMs = 0
  for (const child of list) {
    const last = spine.at(-1)
    const asked = performance.now()
    if (!last || last.compareDocumentPosition(child) & Node.DOCUMENT_POSITION_FOLLOWING) {
      spine.push(child)
      continue
    }
    outlierMs += performance.now() - asked
    if (outliers.push(child) > MAX_OUTLIERS || outlierMs > OUTLIERS_MS) return null
  }
  // Spine child i at (i + 1) * gap: room before each, and after all, for an outlier up to
  // MAX_STEPS + 1 siblings back.
  const gap = MAX_STEPS + 2
  const spineAt = new Map(spine.map((child, i) => [child, (i + 1) * gap]))
  const found = new Map(spineAt)
  let steps = 0
  for (const child of outliers) {
    let next = child.nextSibling
    let back = 1
    for (; next && !spineAt.has(next); next = next.nextSibling, back++) {
      if (++steps > MAX_STEPS) return null
    }
    found.set(child, (next ? (spineAt.get(next) as number) : (spine.length + 1) * gap) - back)
  }
  return { found, inOrder: outliers.length === 0 }
}

/**
 * `list` in the order of the positions kept for its parent's children. A child not placed last
 * time (the post of a new mark) goes just before the first placed sibling that follows it, found
 * by stepping forward (marks are rarely far apart); one not found that way goes last. Only an
 * estimate: placeAlong checks it.
 */
function keptOrder(list: readonly Node[], kept: Map<Node, number>): Node[] {
  let last = -Infinity
  for (const position of kept.values()) last = Math.max(last, position)
  let steps = 0
  const placedAt = list.map((child): [number, Node] => {
    const position = kept.get(child)
    if (position !== undefined) return [position, child]
    let next = child.nextSibling
    let back = 1
    for (; next && !kept.has(next) && steps <= MAX_STEPS; next = next.nextSibling, back++) steps++
    // Kept positions are at least 1 apart: new children fit below the next one, in their order.
    const before = next ? kept.get(next) : last + 1
    return [before === undefined ? Infinity : before - back / (MAX_STEPS + 3), child]
  })
  placedAt.sort((a, b) => a[0] - b[0])
  return placedAt.map(([, child]) => child)
}

/**
 * Positions of `children` among `parent`'s children that sort in document order: from the order
 * they had last time (new children placed by keptOrder) or were given in (marks are mostly found
 * in document order) when that holds nearly, else from a walk over all the children.
 */
function positions(parent: Node, children: Set<Node>): Map<Node, number> {
  const cached = placed.get(parent)
  const list = cached ? keptOrder([...children], cached) : [...children]
  const known = cached !== undefined && list.every((c) => cached.has(c))
  const along = placeAlong(list)
  // Still in the kept order: the kept positions serve as they are (they may place more children).
  if (known && along?.inOrder) return cached
  let found = along?.found
  if (!found) {
    found = new Map()
    let i = 0
    for (let c = parent.firstChild; c && found.size < children.size; c = c.nextSibling, i++) {
      if (children.has(c)) found.set(c, i)
    }
  }
  placed.set(parent, found)
  return found
}

/**
 * `nodes` sorted into composed document order, as compareComposed would sort them, at a cost that
 * grows with the children of their ancestors rather than with the comparisons: one
 * compareDocumentPosition between two of 20,000 sibling paragraphs walks the siblings between
 * them (about 30 µs in Chromium), so sorting 2,000 marks that way took 70 ms when already in
 * order and half a second when not. Each node gets a key instead, its position in each ancestor
 * from the root down, and keys sort as numbers. A parent with one child on the nodes' paths gives
 * it position 0; the children of one with several are ordered by positions() (a walk at most).
 */
export function sortComposed<T extends Node>(nodes: readonly T[]): T[] {
  // Each node's path to the root, as (parent, child) steps from the node up.
  const paths = nodes.map((node) => {
    const steps: [Node, Node][] = []
    for (let n: Node | null = node; n;) {
      const parent: Node | null = n.parentNode
      if (!parent) break
      steps.push([parent, n])
      n = parent instanceof ShadowRoot ? parent.host : parent
    }
    return steps
  })
  const interest = new Map<Node, Set<Node>>()
  for (const steps of paths) {
    for (const [parent, child] of steps) {
      let set = interest.get(parent)
      if (!set) interest.set(parent, (set = new Set()))
      set.add(child)
    }
  }
  const ranks = new Map<Node, Map<Node, number>>()
  for (const [parent, children] of interest) {
    if (children.size > 1) ranks.set(parent, positions(parent, children))
  }
  const keyed = nodes.map((node, k) => {
    const key: number[] = []
    for (const [parent, child] of paths[k] as [Node, Node][]) {
      key.push(ranks.get(parent)?.get(child) ?? 0)
      // A shadow root's content sorts where its host is, before the host's light children.
      if (parent instanceof ShadowRoot) key.push(-1)
    }
    return { node, key: key.reverse() }
  })
  keyed.sort((a, b) => {
    const n = Math.min(a.key.length, b.key.length)
    for (let i = 0; i < n; i++) {
      const d = (a.key[i] ?? 0) - (b.key[i] ?? 0)
      if (d !== 0) return d
    }
    return a.key.length - b.key.length
  })
  return keyed.map((k) => k.node)
}
