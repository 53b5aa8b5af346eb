/**
 * Small helpers for scanning UTF-8 bytes without decoding them: the ASCII break characters, and
 * code point and UTF-16 counts of a byte range, read four bytes at a time (text that is mostly
 * ASCII costs one test per four bytes).
 */

/** ASCII space, tab, line feed, vertical tab, form feed, carriage return: break characters. */
export function isSpaceByte(b: number): boolean {
  return b === 0x20 || (b >= 9 && b <= 13)
}

/** A Buffer over the same memory (for its native indexOf and toString), without a copy. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
}

/**
 * Finds a byte or byte sequence in a buffer from positions that only grow, with one search per
 * occurrence however often it is asked (Buffer.indexOf has no end: a range's search may run
 * past it, and the answer is kept for the next range). Another buffer starts afresh; a buffer
 * whose contents change (a reused read buffer) needs reset().
 */
export class NextIndex {
  private bytes: Uint8Array | null = null
  /** The first index of the needle from `asked` on, or -1 for none. */
  private at = -1
  private asked = 0

  constructor(private readonly needle: number | Buffer) {}

  reset(): void {
    this.bytes = null
  }

  /** The first index >= from where the needle starts in bytes, or -1. */
  in(bytes: Buffer, from: number): number {
    if (bytes === this.bytes && this.asked <= from && (this.at < 0 || this.at >= from))
      return this.at
    this.bytes = bytes
    this.asked = from
    return (this.at = bytes.indexOf(this.needle, from))
  }
}

/** Joins two byte arrays into a new Buffer. */
export function joinBytes(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

const HIGH = 0x80808080 | 0

/** A view of a buffer's memory as 32-bit words, kept for the next call on the same memory. */
let words: Int32Array = new Int32Array(0)

/**
 * Counts in bytes[from, to) of valid UTF-8: code points (with `units` false) or UTF-16 code
 * units. Each continuation byte (10xxxxxx) takes one from the byte count; for units, each
 * four-byte lead (11110xxx) adds one (a surrogate pair). Reads four bytes at a time.
 */
function count(bytes: Uint8Array, from: number, to: number, units: boolean): number {
  let n = to - from
  let i = from
  const base = bytes.byteOffset
  for (; i < to && (base + i) & 3; i++) {
    const b = bytes[i]!
    if ((b & 0xc0) === 0x80) n--
    else if (units && b >= 0xf0) n++
  }
  const end = (base + to) >> 2
  let w = (base + i) >> 2
  if (end > w) {
    if (words.buffer !== bytes.buffer)
      words = new Int32Array(bytes.buffer, 0, bytes.buffer.byteLength >> 2)
    const view = words // a local: the loop reads it without going through the module binding
    for (; w < end; w++) {
      const x = view[w]!
      if ((x & HIGH) === 0) continue
      // bit 7 of each byte: set for 10xxxxxx, resp. for 1111xxxx
      n -= Math.imul((x & ~(x << 1) & HIGH) >>> 7, 0x01010101) >>> 24
      if (units)
        n += Math.imul((x & (x << 1) & (x << 2) & (x << 3) & HIGH) >>> 7, 0x01010101) >>> 24
    }
    i = end * 4 - base
  }
  for (; i < to; i++) {
    const b = bytes[i]!
    if ((b & 0xc0) === 0x80) n--
    else if (units && b >= 0xf0) n++
  }
  return n
}

/** Code points in bytes[from, to) (whole sequences of valid UTF-8). */
export function codePointsIn(bytes: Uint8Array, from: number, to: number): number {
  return count(bytes, from, to, false)
}

/** UTF-16 code units in bytes[from, to) (whole sequences of valid UTF-8). */
export function utf16Units(bytes: Uint8Array, from: number, to: number): number {
  return count(bytes, from, to, true)
}

/** Length of the UTF-8 sequence a lead byte starts (0 for a byte that cannot start one). */
export function sequenceLength(b: number): number {
  return b < 0x80 ? 1 : b < 0xc2 ? 0 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : b < 0xf5 ? 4 : 0
}

/**
 * Start of an unfinished sequence at the end of `bytes` that is a valid beginning of one (so
 * the next chunk may finish it), or bytes.length. Anything else is left for isUtf8 to refuse.
 */
export function unfinishedAt(bytes: Uint8Array): number {
  const n = bytes.length
  for (let i = n - 1; i >= 0 && i >= n - 3; i--) {
    const b = bytes[i]!
    if ((b & 0xc0) === 0x80) continue
    const want = sequenceLength(b)
    if (want <= n - i) return n
    // the second byte's range is narrower after E0, ED, F0 and F4 (WHATWG, "UTF-8 decoder")
    if (i + 1 < n) {
      const c = bytes[i + 1]!
      const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80
      const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf
      if (c < lo || c > hi) return n
    }
    return i
  }
  return n
}

/**
 * Decodes bytes (checked UTF-8) with a streaming decoder in pieces of `piece` bytes; `more`:
 * more bytes follow (a sequence cut at the end waits for them).
 */
export function decodeInPieces(
  decoder: TextDecoder,
  bytes: Uint8Array,
  more: boolean,
  piece: number,
): string[] {
  const texts: string[] = []
  for (let at = 0; at < bytes.length || (!more && at === 0); at += piece)
    texts.push(decoder.decode(bytes.subarray(at, at + piece), { stream: more }))
  return texts
}
