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
