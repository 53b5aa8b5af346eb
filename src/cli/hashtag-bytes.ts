/**
 * HashtagStream's results from UTF-8 bytes, decoding only the few bytes around hash signs.
 *
 * Most of a large text holds no hash sign, and decoding all of it into JavaScript strings costs
 * more than everything else the scan does. So hash signs are found in the bytes (`#` is 0x23,
 * `＃` is EF BC 83; neither byte sequence occurs inside another character's UTF-8), and only the
 * run of text around each one is decoded and given to findHashtags. The run is cut at ASCII
 * space, tab or line-break bytes: those are break characters, and HashtagStream's comment says
 * why a window that starts and ends on break characters gets exactly the hashtags the whole text
 * has there (non-ASCII break characters may stay inside a window, which only makes it larger).
 * Offsets (UTF-16), lines and columns (code points) are counted from the bytes in between.
 *
 * A stretch of more than FALLBACK_BYTES without any ASCII break byte is handed, with everything
 * after it, to HashtagStream on decoded text, which looks for the other break characters and
 * enforces the limit on a run's length exactly as before.
 */
import { isAsciiLetter, isAsciiWord } from '../hashtags/char-classes.ts'
import { findHashtags, type HashtagMatch } from '../hashtags/tokenizer.ts'
import {
  HashtagStream,
  MAX_RUN,
  placeHashtags,
  type PlacedHashtag,
  type TextPosition,
} from './hashtag-stream.ts'
import { DECODE_PIECE } from './input.ts'
import {
  asBuffer,
  codePointsIn,
  decodeInPieces,
  isSpaceByte,
  joinBytes,
  NextIndex,
  utf16Units,
} from './utf8-bytes.ts'

const HASH = 0x23
const WIDE_HASH = Buffer.from('\uff03')
const LF = 0x0a

/** Longest stretch without an ASCII break byte kept as bytes before handing over to text. */
export const FALLBACK_BYTES = 1 << 20

/** Options of ByteHashtagStream. */
export interface ByteStreamOptions {
  /**
   * Give each hashtag its offsets, line and column (default true). Without, they are -1 and a
   * RunTooLongError has no offset: a summary needs only the tags, and counting offsets, lines
   * and columns is a pass over every byte, a quarter of the scan's time.
   */
  positions?: boolean
  /** Longest stretch without any break character (RunTooLongError beyond). */
  maxRun?: number
  /** Longest stretch without an ASCII break byte kept as bytes (tests lower it). */
  fallbackBytes?: number
}

/**
 * Incremental hashtag finder over UTF-8 bytes (checked to be valid, without a byte order mark):
 * push() chunks in order, then end(). Same results as HashtagStream on the decoded text.
 * Chunks may cut a UTF-8 sequence.
 */
export class ByteHashtagStream {
  /** Bytes not yet settled: from the last ASCII break byte on (it is shared, as in HashtagStream). */
  private carry: Buffer = Buffer.alloc(0)
  /** Position at carry[0] (with `positions`). */
  private readonly at: TextPosition = { offset: 0, line: 1, column0: 0 }
  private text: { stream: HashtagStream; decoder: TextDecoder } | null = null
  private readonly positions: boolean
  private readonly maxRun: number
  private readonly fallbackBytes: number

  constructor(options: ByteStreamOptions = {}) {
    this.positions = options.positions ?? true
    // unknown without positions: a RunTooLongError then has no offset (NaN)
    if (!this.positions) this.at.offset = Number.NaN
    this.maxRun = options.maxRun ?? MAX_RUN
    // a run longer than maxRun in UTF-16 units is longer in bytes: HashtagStream sees it first
    this.fallbackBytes = Math.min(options.fallbackBytes ?? FALLBACK_BYTES, this.maxRun)
  }

  /** Adds the next chunk; returns the hashtags it settles. */
  push(chunk: Uint8Array): PlacedHashtag[] {
    if (this.text) return this.pushText(chunk, true)
    const found: PlacedHashtag[] = []
    const bytes = asBuffer(chunk)
    let last = bytes.length - 1
    while (last >= 0 && !isSpaceByte(bytes[last]!)) last--
    if (last < 0) {
      if (bytes.length) this.carry = joinBytes(this.carry, bytes)
      return this.carry.length > this.fallbackBytes ? this.toText() : found
    }
    if (this.carry.length) {
      let first = 0
      while (!isSpaceByte(bytes[first]!)) first++
      const head = joinBytes(this.carry, bytes.subarray(0, first + 1))
      this.scan(head, head.length - 1, found)
      this.scan(bytes.subarray(first), last - first, found)
    } else this.scan(bytes, last, found)
    this.carry = Buffer.from(bytes.subarray(last))
    return found
  }

  /** Settles the rest. */
  end(): PlacedHashtag[] {
    if (this.text) {
      const found = this.pushText(new Uint8Array(0), false)
      return this.fromText(this.text.stream.end(), found)
    }
    const found: PlacedHashtag[] = []
    this.scan(this.carry, this.carry.length, found)
    this.carry = Buffer.alloc(0)
    return found
  }

  /**
   * Finds the hashtags of bytes[0, stop] (stop: a break byte, or bytes.length at the end of the
   * input) and moves the position to `stop`. bytes[0] is a break byte or the input's start.
   */
  private scan(bytes: Buffer, stop: number, found: PlacedHashtag[]): void {
    // the chunk's buffer may be refilled by the reader: searches start afresh for each
    const { hashes, wides } = hashSearches()
    scan(bytes, 0, stop, bytes.length, this.at, this.positions, found, hashes, wides)
  }

  /** Hands the carry and all later input to HashtagStream on decoded text. */
  private toText(): PlacedHashtag[] {
    this.text = {
      stream: new HashtagStream(this.maxRun, { ...this.at }),
      decoder: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }),
    }
    const carry = this.carry
    this.carry = Buffer.alloc(0)
    return this.pushText(carry, true)
  }

  private pushText(chunk: Uint8Array, more: boolean): PlacedHashtag[] {
    const { stream, decoder } = this.text!
    const found: PlacedHashtag[] = []
    for (const piece of decodeInPieces(decoder, chunk, more, DECODE_PIECE))
      this.fromText(stream.push(piece), found)
    return found
  }

  /** Appends HashtagStream's hits to `found` (without their positions unless asked). */
  private fromText(hits: PlacedHashtag[], found: PlacedHashtag[]): PlacedHashtag[] {
    for (const h of hits)
      found.push(this.positions ? h : { tag: h.tag, start: -1, end: -1, line: -1, column: -1 })
    return found
  }
}

/**
 * The hashtags of a whole text given as UTF-8 (checked, no byte order mark), as findHashtags
 * finds them, each with its UTF-16 offsets, line and column (code points, 1-based) in the text,
 * or -1 for these without `positions`. Only the runs around hash signs are decoded.
 */
export function hashtagsInUtf8(text: Utf8Text, positions: boolean): PlacedHashtag[] {
  const found: PlacedHashtag[] = []
  const at = { offset: 0, line: 1, column0: 0 }
  scan(text.bytes, text.from, text.to, text.to, at, positions, found, text.hashes, text.wides)
  return found
}

/**
 * A text as UTF-8 (checked, no byte order mark): bytes[from, to), with the searches for hash
 * signs in those bytes (shared with whoever read the bytes before, so no sign is searched for
 * twice). Valid only as long as the bytes are.
 */
export interface Utf8Text {
  bytes: Buffer
  from: number
  to: number
  /** `#` and `＃` (EF BC 83) in `bytes`. */
  hashes: NextIndex
  wides: NextIndex
}

/** Searches for `#` and for `＃`, for a Utf8Text. */
export const hashSearches = (): { hashes: NextIndex; wides: NextIndex } => ({
  hashes: new NextIndex(HASH),
  wides: new NextIndex(WIDE_HASH),
})

/**
 * Finds the hashtags of bytes[base, stop] (stop: a break byte, or `limit` where the text ends),
 * appends them to `found` and, with `positions`, moves `at` from `base` to `stop`. bytes[base]
 * is a break byte or the text's start.
 */
function scan(
  bytes: Buffer,
  base: number,
  stop: number,
  limit: number,
  at: TextPosition,
  positions: boolean,
  found: PlacedHashtag[],
  hashes: NextIndex,
  wides: NextIndex,
): void {
  const end = Math.min(stop + 1, limit)
  let pos = base // with positions: bytes before pos are counted into `at`
  let nextLf = positions ? bytes.indexOf(LF, base) : -1
  /** Moves `at` to byte `to` (with positions). */
  const advance = (to: number): void => {
    if (nextLf >= 0 && nextLf < to) {
      let last = nextLf
      for (; nextLf >= 0 && nextLf < to; nextLf = bytes.indexOf(LF, nextLf + 1)) {
        at.line++
        last = nextLf
      }
      at.offset += utf16Units(bytes, pos, last + 1)
      pos = last + 1
      at.column0 = 0
    }
    at.offset += utf16Units(bytes, pos, to)
    at.column0 += codePointsIn(bytes, pos, to)
    pos = to
  }
  let covered = base // bytes before this index are scanned
  let hash = hashes.in(bytes, base)
  let wide = wides.in(bytes, base)
  for (;;) {
    if (hash >= 0 && hash < covered) hash = hashes.in(bytes, covered)
    if (wide >= 0 && wide < covered) wide = wides.in(bytes, covered)
    let h: number
    let width: number
    if (wide < 0 || (hash >= 0 && hash < wide)) {
      if ((h = hash) < 0) break
      width = 1
      if (h >= end) break
      hash = hashes.in(bytes, h + 1)
    } else {
      h = wide
      width = 3
      if (h >= end) break
      wide = wides.in(bytes, h + 1)
    }
    if (!mayStartHashtag(bytes, base, h, width, end)) continue
    const word = width === 1 ? asciiWordRun(bytes, base, h, end) : -1
    if (word >= 0) {
      // the whole run is `#` and ASCII letters, digits or `_`: findHashtags would take all of it
      covered = word
      if (!hasAsciiLetter(bytes, h + 1, word)) continue
      const tag = bytes.toString('latin1', h + 1, word)
      if (!positions) found.push({ tag, start: -1, end: -1, line: -1, column: -1 })
      else {
        advance(h)
        const start = at.offset
        found.push({ tag, start, end: start + word - h, line: at.line, column: at.column0 + 1 })
      }
      continue
    }
    let from = h
    while (from > base && !isSpaceByte(bytes[from - 1]!)) from--
    if (from > base) from--
    let to = h + width
    while (to < end && !isSpaceByte(bytes[to]!)) to++
    if (to < end) to++
    covered = to
    const text = bytes.toString('utf8', from, to)
    const hits = tokenize(text)
    if (hits.length === 0) continue
    if (!positions) {
      for (const { tag } of hits) found.push({ tag, start: -1, end: -1, line: -1, column: -1 })
      continue
    }
    advance(from)
    const last = hits[hits.length - 1]!.start
    for (const hit of placeHashtags(text, hits, { ...at }, last)) found.push(hit)
  }
  if (positions) advance(stop)
}

/** Windows remembered with their hashtags, and the longest one remembered (memory: ~4 MB). */
const REMEMBERED = 4096
const REMEMBERED_LENGTH = 512
const remembered = new Map<string, HashtagMatch[]>()
/** Hashes of windows met once (a slot each, by the hash's low bits; 0 is none): 256 KB. */
const metOnce = new Int32Array(1 << 16)

/** FNV-1a over the UTF-16 units, never 0. */
function hashOf(text: string): number {
  let h = 0x811c9dc5 | 0
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h | 1
}

/**
 * findHashtags on a window, remembering the answer for windows with a dot that come back: only
 * those need twitter-text's URL rules, which cost ten times the rest, and the same link with a
 * fragment (`example.org/#tag`) comes back many times in an archive (retweets copy it). A
 * window is remembered the second time it is met (its hash was kept the first time), so links
 * that never repeat cost a hash, not a place in the memo: filling the memo with them made such
 * text a quarter slower than without one. Exact, as findHashtags depends on the window's text
 * alone. (The benchmark's input repeats a 4 MB block, so there it answers nearly every such
 * window: the README gives the figures on text whose links do not repeat too.)
 */
function tokenize(text: string): HashtagMatch[] {
  if (text.length > REMEMBERED_LENGTH || text.indexOf('.') < 0) return findHashtags(text)
  let hits = remembered.get(text)
  if (hits !== undefined) return hits
  hits = findHashtags(text)
  const hash = hashOf(text)
  const slot = hash & (metOnce.length - 1)
  if (metOnce[slot] !== hash) metOnce[slot] = hash
  else {
    if (remembered.size >= REMEMBERED) remembered.clear()
    remembered.set(text, hits)
  }
  return hits
}

/**
 * When the run of the hash sign at bytes[h] is `#` and ASCII word characters only, between break
 * bytes (or the ends of the input): the index of the break after it; else -1.
 */
function asciiWordRun(bytes: Buffer, base: number, h: number, end: number): number {
  if (h > base && !isSpaceByte(bytes[h - 1]!)) return -1
  let e = h + 1
  while (e < end && isAsciiWord(bytes[e]!)) e++
  return e === end || isSpaceByte(bytes[e]!) ? e : -1
}

function hasAsciiLetter(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isAsciiLetter(bytes[i]!)) return true
  return false
}

/**
 * False when no hashtag can start at the hash sign at bytes[h] by its ASCII neighbours alone
 * (findHashtags would pass over it without effect): `C#`, `&#35;`, `# `, `#!`. Non-ASCII
 * neighbours are left to findHashtags.
 */
function mayStartHashtag(
  bytes: Buffer,
  base: number,
  h: number,
  width: number,
  end: number,
): boolean {
  if (h + width >= end) return false
  const next = bytes[h + width]!
  if (next < 0x80 && !isAsciiWord(next)) return false
  if (h === base) return true
  const before = bytes[h - 1]!
  return before >= 0x80 || (!isAsciiWord(before) && before !== 0x26)
}
