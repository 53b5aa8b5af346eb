/**
 * One MutationObserver per root the scanner looks at: the document and each open shadow root
 * (a document-wide observer does not see into shadow trees). Apps that mount a web component per
 * item would pile up observers as items come and go, so the observers of shadow roots whose host
 * left the document are pruned; a host that comes back is found again by the scan of its new
 * parent and observed anew.
 */

/** Roots observed before pruning is worth its walk over all of them. */
const PRUNE_FROM = 32
/** Least time between two prunings (each visits every root). */
const PRUNE_EVERY_MS = 1000

/** A root the scanner observes. */
export type ScanRoot = Document | ShadowRoot

/** What the observers need from the scanner. */
export interface RootObserversOptions {
  /** Records of any observed root (childList and characterData, whole subtree). */
  onMutations: (records: MutationRecord[]) => void
  /** Aborting disconnects every observer. */
  signal: AbortSignal
}

/** The observers of a document and its open shadow roots; see the module comment. */
export class RootObservers {
  private readonly opts: RootObserversOptions
  private readonly observers = new Map<ScanRoot, MutationObserver>()
  private lastPrune = -Infinity

  constructor(options: RootObserversOptions) {
    this.opts = options
    options.signal.addEventListener('abort', () => this.disconnect(), { once: true })
  }

  /** Starts observing `root`; false if it was observed already (or the signal aborted). */
  add(root: ScanRoot): boolean {
    if (this.opts.signal.aborted || this.observers.has(root)) return false
    const observer = new MutationObserver(this.opts.onMutations)
    observer.observe(root, { childList: true, characterData: true, subtree: true })
    this.observers.set(root, observer)
    return true
  }

  /** The observed roots still in the document. */
  connected(): ScanRoot[] {
    return [...this.observers.keys()].filter((root) => root.isConnected)
  }

  /**
   * Stops observing shadow roots whose host left the document; only once many roots are observed,
   * and at most once every PRUNE_EVERY_MS.
   */
  prune(): void {
    const now = performance.now()
    if (this.observers.size < PRUNE_FROM || now - this.lastPrune < PRUNE_EVERY_MS) return
    this.lastPrune = now
    for (const [root, observer] of this.observers) {
      if (root instanceof ShadowRoot && !root.host.isConnected) {
        observer.disconnect()
        this.observers.delete(root)
      }
    }
  }

  private disconnect(): void {
    for (const observer of this.observers.values()) observer.disconnect()
    this.observers.clear()
  }
}
