/**
 * Which normalised hashtag keys are in the fact index, asked of the background in batches and
 * remembered. The index lives in the background, so every unknown key costs a message round trip:
 * the scan puts the unknown keys of a whole time slice into one message (`ask` then `flush`), and
 * the focus path (a focused element that is a hashtag the scan never saw) asks through `resolve`,
 * joining a batch already out for the same key. Costs of the round trip: bench/README.md,
 * measures 1 and 7.
 */

/** Answers kept before the cache starts over (a long session on an endless feed). */
const MAX_CACHE = 50_000

/** What the cache needs from the rest of the content script. */
export interface LookupCacheOptions {
  /** Which of these keys are in the index: key -> entry id (absent: not flagged). */
  resolve: (keys: string[]) => Promise<Record<string, string>>
  /** Keys the user muted: answered null, never asked. */
  isMuted?: ((key: string) => boolean) | undefined
  /**
   * A batch came back: its keys are cached (`ok`), or forgotten because the background did not
   * answer (it may be restarting; a later change asks again).
   */
  onAnswer?: (keys: string[], ok: boolean) => void
  /** Aborting drops the batch not yet sent and ignores replies still to come. */
  signal: AbortSignal
}

/** A batch of keys and the promise its reply settles. */
interface Batch {
  keys: string[]
  done: Promise<void>
  settle: () => void
}

function newBatch(): Batch {
  let settle = (): void => undefined
  const done = new Promise<void>((resolve) => (settle = resolve))
  return { keys: [], done, settle }
}

/** Lookups of normalised keys, batched and cached; see the module comment. */
export class LookupCache {
  private readonly opts: LookupCacheOptions
  private readonly cache = new Map<string, string | null>()
  /** Keys asked and not answered yet (sent, or in the batch): the reply that settles them. */
  private readonly inflight = new Map<string, Promise<void>>()
  private batch = newBatch()
  /** Batches sent and not answered yet. */
  private readonly sent = new Set<Batch>()

  constructor(options: LookupCacheOptions) {
    this.opts = options
    // Aborted: what waits for an answer gets none (resolve() gives null), replies are ignored.
    options.signal.addEventListener('abort', () => this.forget(), { once: true })
  }

  /** The cached answer: entry id, null (not in the index, or muted), undefined (not known yet). */
  get(key: string): string | null | undefined {
    if (this.opts.isMuted?.(key)) return null
    return this.cache.get(key)
  }

  /** Puts an unknown key in the batch the next flush() sends (nothing if known or asked already). */
  ask(key: string): void {
    if (this.opts.signal.aborted || this.get(key) !== undefined || this.inflight.has(key)) return
    this.batch.keys.push(key)
    this.inflight.set(key, this.batch.done)
  }

  /** Sends the keys asked since the last flush as one lookup. */
  flush(): void {
    const batch = this.batch
    if (batch.keys.length === 0) return
    this.batch = newBatch()
    this.sent.add(batch)
    this.opts.resolve(batch.keys).then(
      (found) => this.settle(batch, typeof found === 'object' && found !== null ? found : {}),
      () => this.settle(batch, null),
    )
  }

  /** One key's answer, asked now if it is not known (with the other keys of this task). */
  async resolve(key: string): Promise<string | null> {
    const known = this.get(key)
    if (known !== undefined) return known
    this.ask(key)
    queueMicrotask(() => this.flush())
    await this.inflight.get(key)
    return this.get(key) ?? null
  }

  /** Some key is asked and not answered yet. */
  get busy(): boolean {
    return this.inflight.size > 0
  }

  /**
   * The index changed (a pack was imported, turned on or off, or removed): every answer is
   * forgotten, and replies to batches already out are ignored when they come. Whatever waited
   * for them gets null at once; the caller rescans.
   */
  forget(): void {
    this.cache.clear()
    this.inflight.clear()
    for (const batch of [...this.sent, this.batch]) batch.settle()
    this.sent.clear()
    this.batch = newBatch()
  }

  private settle(batch: Batch, found: Record<string, string> | null): void {
    // A batch dropped (abort) or forgotten (the index changed) since it went out: stale.
    if (!this.sent.delete(batch)) return
    if (this.opts.signal.aborted) return
    if (this.cache.size > MAX_CACHE) this.cache.clear()
    for (const k of batch.keys) {
      this.inflight.delete(k)
      if (!found) continue
      const id = found[k]
      this.cache.set(k, typeof id === 'string' && Object.hasOwn(found, k) ? id : null)
    }
    batch.settle()
    this.opts.onAnswer?.(batch.keys, found !== null)
  }
}
