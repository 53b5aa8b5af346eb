/**
 * One text node -> its flagged hashtags. The walk hands over every text node it meets, so the
 * common case must stay one `mayContainHashtag(text.data)`; only a text with a hash sign is
 * checked for a skipped region (closest()) and tokenised, and text that was scanned and has not
 * changed is skipped (a WeakMap of the data scanned).
 *
 * A text whose keys are not known yet waits for the lookup with its tokens: when the answer
 * comes it is scanned again from those tokens, not tokenised a second time, unless its data
 * changed meanwhile. Scan costs: bench/README.md, measure 1.
 *
 * Text split across nodes (`#Soft<b>Coup</b>`) is not joined: in practice a hashtag sits in one
 * text node (sites render it as one link), and joining would cost a walk over every sibling.
 */
import { findHashtags, mayContainHashtag } from '../hashtags/tokenizer.ts'
import { normalizeTag } from '../hashtags/normalize.ts'
import { isInSkippedRegion, SKIP_SELECTOR } from './skip.ts'

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

/** A hashtag of a text, flagged or not. */
type Token = Omit<FoundTag, 'entryId'>

/** What the text scan needs from the rest of the scanner. */
export interface TextScanOptions {
  /** The lookup cache: an answer, or an unknown key to ask in the next batch. */
  lookups: {
    get: (key: string) => string | null | undefined
    ask: (key: string) => void
  }
  /** A text node's flagged tags now (empty: none, or no longer). */
  onText: (text: Text, found: FoundTag[]) => void
  /** Counters the scanner reports (ScannerStats). */
  stats: { tokenised: number; foundAt: number }
  /** Aborting forgets the texts waiting for lookups. */
  signal: AbortSignal
}

/** Scans text nodes for flagged hashtags; see the module comment. */
export class TextScan {
  private readonly opts: TextScanOptions
  /** The data each text had when it was last scanned with every key known. */
  private scanned = new WeakMap<Text, string>()
  /** Texts waiting for a lookup: their data and its tokens, kept for the answer. */
  private readonly tokens = new WeakMap<Text, { data: string; tokens: Token[] }>()
  /** Unknown key -> the texts waiting for it. */
  private readonly waiting = new Map<string, Set<Text>>()

  constructor(options: TextScanOptions) {
    this.opts = options
    options.signal.addEventListener('abort', () => this.waiting.clear(), { once: true })
  }

  /**
   * `direct`: the node was queued itself (new or changed), so a text that lost its hash sign must
   * lose its marks; texts met by a tree walk are unchanged or were queued as changed anyway, so the
   * hot path stays one `mayContainHashtag`. A walked text may sit in a skipped element below the
   * walk's root (the root itself was checked when it was queued).
   */
  scan(text: Text, direct: boolean): void {
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
    const tokens = this.tokensOf(text, data)
    const found: FoundTag[] = []
    let waiting = false
    for (const t of tokens) {
      const id = this.opts.lookups.get(t.key)
      if (id === undefined) {
        waiting = true
        this.opts.lookups.ask(t.key)
        let texts = this.waiting.get(t.key)
        if (!texts) this.waiting.set(t.key, (texts = new Set()))
        texts.add(text)
      } else if (id !== null) {
        found.push({ ...t, entryId: id })
      }
    }
    // A text waiting for a lookup is not recorded as scanned: the answer queues it again.
    if (waiting) this.tokens.set(text, { data, tokens })
    else {
      this.tokens.delete(text)
      this.scanned.set(text, data)
    }
    if (found.length > 0) this.opts.stats.foundAt = performance.now()
    this.opts.onText(text, found)
  }

  /** A text queued as changed: scanned if it is still in the page and not skipped, else unmarked. */
  rescan(text: Text): void {
    if (text.isConnected && !isInSkippedRegion(text)) this.scan(text, true)
    else this.opts.onText(text, [])
  }

  /** Scans `text` again even if its data is the same (its marks were dropped, or data replaced). */
  forget(text: Text): void {
    this.scanned.delete(text)
  }

  /** Scans every text again (the muted tags changed). */
  forgetAll(): void {
    this.scanned = new WeakMap()
  }

  /**
   * Lookups came back for `keys`: the texts that waited for them, to be rescanned (none if the
   * lookup failed: they are asked about again when they change).
   */
  answered(keys: string[], ok: boolean): Text[] {
    const texts = new Set<Text>()
    for (const k of keys) {
      const waiting = this.waiting.get(k)
      this.waiting.delete(k)
      if (ok && waiting) for (const t of waiting) texts.add(t)
    }
    return [...texts]
  }

  /** The tokens kept from the scan that found an unknown key, if the data is the same; else new. */
  private tokensOf(text: Text, data: string): Token[] {
    const kept = this.tokens.get(text)
    if (kept?.data === data) return kept.tokens
    this.opts.stats.tokenised++
    return findHashtags(data).map((m) => ({
      start: m.start,
      end: m.end,
      tag: m.tag,
      key: normalizeTag(m.tag),
    }))
  }
}
