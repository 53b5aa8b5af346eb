/**
 * The content script's own JS heap, from a V8 heap snapshot of the page's renderer. Chromium runs
 * content scripts in the page's isolate, whose heap CDP reports only as a whole, so the snapshot
 * is split: the JS objects reachable from the extension's native context (its isolated world,
 * named `system / NativeContext / chrome-extension://<id>` in the snapshot) over JS-to-JS edges,
 * and from no other world's, are the content script's: its code, closures, maps and caches, its
 * wrappers of page nodes, and the world's own built-ins. Blink objects met on the way (ranges,
 * observers) are counted apart; the DOM behind them is not entered.
 */
import type { CDPSession } from 'playwright-core'

interface Snapshot {
  snapshot: {
    meta: {
      node_fields: string[]
      node_types: [string[], ...unknown[]]
      edge_fields: string[]
      edge_types: [string[], ...unknown[]]
    }
  }
  nodes: number[]
  edges: number[]
  strings: string[]
}

/** The content script's share of the heap, in bytes. */
export interface ContentHeap {
  /** V8 objects (JS heap) of the extension's isolated world. */
  jsBytes: number
  /**
   * Of those, code: bytecode, feedback and what the JIT compiled, which grows as functions get
   * hot and is not data the content script keeps.
   */
  codeBytes: number
  /** Blink objects it references directly: ranges, highlights, observers, wrapped nodes. */
  nativeBytes: number
  /** Objects counted. */
  objects: number
}

/** Takes a heap snapshot (after a full GC) of the page behind `cdp`. */
async function takeSnapshot(cdp: CDPSession): Promise<Snapshot> {
  await cdp.send('HeapProfiler.enable')
  await cdp.send('HeapProfiler.collectGarbage')
  const chunks: string[] = []
  const onChunk = (event: { chunk: string }): void => {
    chunks.push(event.chunk)
  }
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk)
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk)
  }
  return JSON.parse(chunks.join('')) as Snapshot
}

/** Measures the heap retained only by `extensionId`'s isolated world in the page behind `cdp`. */
export async function contentScriptHeap(
  cdp: CDPSession,
  extensionId: string,
): Promise<ContentHeap> {
  const snap = await takeSnapshot(cdp)
  const { meta } = snap.snapshot
  const nodeFields = meta.node_fields.length
  const edgeFields = meta.edge_fields.length
  const nType = meta.node_fields.indexOf('type')
  const nName = meta.node_fields.indexOf('name')
  const nSize = meta.node_fields.indexOf('self_size')
  const nEdges = meta.node_fields.indexOf('edge_count')
  const eType = meta.edge_fields.indexOf('type')
  const eTo = meta.edge_fields.indexOf('to_node')
  const nodeTypes = meta.node_types[0]
  const edgeTypes = meta.edge_types[0]
  const NATIVE = nodeTypes.indexOf('native')
  const CODE = nodeTypes.indexOf('code')
  const WEAK = edgeTypes.indexOf('weak')
  const SHORTCUT = edgeTypes.indexOf('shortcut')
  const { nodes, edges, strings } = snap
  const count = nodes.length / nodeFields

  // Where each node's edges start.
  const firstEdge = new Uint32Array(count + 1)
  for (let i = 0; i < count; i++) {
    firstEdge[i + 1] =
      (firstEdge[i] as number) + (nodes[i * nodeFields + nEdges] as number) * edgeFields
  }
  const contextName = `system / NativeContext / chrome-extension://${extensionId}`
  let context = -1
  const otherContexts: number[] = []
  for (let i = 0; i < count; i++) {
    const name = strings[nodes[i * nodeFields + nName] as number] ?? ''
    if (name === contextName) context = i
    else if (name.startsWith('system / NativeContext')) otherContexts.push(i)
  }
  if (context < 0) throw new Error(`no ${contextName} in the heap snapshot`)

  /**
   * Marks every JS object reachable from `starts` over strong edges between JS objects. Paths
   * through the DOM (Blink objects) are not followed: through the document, every world reaches
   * every other world's observers and listeners.
   */
  const reach = (starts: number[]): Uint8Array => {
    const seen = new Uint8Array(count)
    const stack = [...starts]
    for (const s of starts) seen[s] = 1
    while (stack.length > 0) {
      const node = stack.pop() as number
      for (
        let e = firstEdge[node] as number;
        e < (firstEdge[node + 1] as number);
        e += edgeFields
      ) {
        const type = edges[e + eType]
        if (type === WEAK || type === SHORTCUT) continue
        const to = (edges[e + eTo] as number) / nodeFields
        if (seen[to]) continue
        seen[to] = 1
        if (nodes[to * nodeFields + nType] !== NATIVE) stack.push(to)
      }
    }
    return seen
  }
  const ours = reach([context])
  const others = reach(otherContexts)
  let jsBytes = 0
  let nativeBytes = 0
  let codeBytes = 0
  let objects = 0
  for (let i = 0; i < count; i++) {
    if (!ours[i] || others[i]) continue
    const size = nodes[i * nodeFields + nSize] as number
    if (nodes[i * nodeFields + nType] === CODE) codeBytes += size
    if (nodes[i * nodeFields + nType] === NATIVE) nativeBytes += size
    else jsBytes += size
    objects++
  }
  return { jsBytes, codeBytes, nativeBytes, objects }
}
