/**
 * Turning what the user names into text: bytes in pieces checked to be UTF-8 (refusing binary
 * data with the file and byte where it shows) and left to the scanners to decode where they need
 * to, folders walked in a stable order, and HTML reduced to its visible text.
 *
 * Plain text, JSONL and CSV are streamed so memory does not grow with the input, and a file far
 * larger than a JavaScript string can hold is scanned like any other. HTML is the exception: the
 * visible text depends on the whole document's structure and offsets map back into the source,
 * so an HTML file is read whole, up to HTML_LIMIT bytes, and refused with that reason beyond.
 */
import { isUtf8 } from 'node:buffer'
import { sequenceLength, unfinishedAt } from './utf8-bytes.ts'

/** A user-facing input problem: printed as one line, exit code 2. */
export class InputError extends Error {}

/** Text to scan, with a way to report positions in the original file. */
export interface ScanInput {
  /** What the user named: a path, or <stdin>. */
  label: string
  text: string
  /** 1-based line and column (in characters) in the original input of a text offset. */
  position(offset: number): { line: number; column: number }
  isHtml: boolean
}

const HTML_NAME = /\.html?$/i

/** True for a file name read as HTML (.html, .htm). */
export function isHtmlName(name: string): boolean {
  return HTML_NAME.test(name)
}

/** Largest HTML file read (whole): its text and offset map take several times its size. */
export const HTML_LIMIT = 256 * 1024 * 1024

/**
 * Decodes bytes as UTF-8 text, refusing binary data: a NUL byte or invalid UTF-8 means the
 * input is not text, and guessing another encoding would give wrong offsets silently.
 */
export function decodeText(bytes: Uint8Array, label: string): string {
  if (bytes.includes(0)) throw new InputError(`${label}: binary data (a NUL byte), not text`)
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new InputError(`${label}: not valid UTF-8 text`)
  }
}

/** Offset of the first byte that does not continue a valid UTF-8 sequence, or -1. */
function invalidUtf8At(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!
    const n =
      b < 0x80
        ? 0
        : b >= 0xc2 && b < 0xe0
          ? 1
          : b >= 0xe0 && b < 0xf0
            ? 2
            : b >= 0xf0 && b < 0xf5
              ? 3
              : -1
    if (n < 0) return i
    for (let k = 1; k <= n; k++) {
      if (i + k >= bytes.length) return -1 // cut at the end of the piece: the next one decides
      if ((bytes[i + k]! & 0xc0) !== 0x80) return i
    }
    i += n + 1
  }
  return -1
}

/**
 * Bytes decoded at a time. V8 builds strings of up to about 128 kB in its young generation and
 * larger ones one by one in large-object space, which makes decoding (and everything after it)
 * several times slower per byte; 16 kB keeps every piece, even in UTF-16, well under that.
 */
export const DECODE_PIECE = 16 * 1024

/** The NUL check of every chunk: binary data is refused with the byte where it shows. */
export function refuseBinary(chunk: Uint8Array, offset: number, label: string): void {
  const nul = chunk.indexOf(0)
  if (nul >= 0)
    throw new InputError(`${label}: binary data (a NUL byte at byte ${offset + nul}), not text`)
}

/**
 * Decodes one chunk (at byte `offset` of the input) in DECODE_PIECE pieces with a streaming
 * decoder, naming the byte where it stops being UTF-8.
 */
export function decodeChunk(
  decoder: TextDecoder,
  chunk: Uint8Array,
  offset: number,
  label: string,
): string[] {
  const texts: string[] = []
  for (let at = 0; at < chunk.length; at += DECODE_PIECE) {
    const part = chunk.subarray(at, at + DECODE_PIECE)
    try {
      texts.push(decoder.decode(part, { stream: true }))
    } catch {
      const bad = invalidUtf8At(part)
      throw new InputError(
        `${label}: not valid UTF-8 text (at byte ${offset + at + Math.max(bad, 0)}); ` +
          'convert it to UTF-8 first',
      )
    }
  }
  return texts
}

export function cutAtEnd(label: string, offset: number): InputError {
  return new InputError(
    `${label}: not valid UTF-8 text (a sequence cut at the end, byte ${offset})`,
  )
}

const BOM = [0xef, 0xbb, 0xbf]

/** A checked chunk: its bytes to scan, and how many bytes of the input it stands for. */
export interface ByteChunk {
  data: Uint8Array
  bytes: number
}

/**
 * The input's bytes, checked to be UTF-8 text without decoding them: chunk by chunk, a NUL byte
 * or invalid UTF-8 is refused with the same message and byte offset as decoding it all with
 * decodeChunk (input.test.ts holds it to that), and
 * a leading byte order mark is dropped (as the decoder drops it). Chunks are passed on as read,
 * so a sequence may be cut between two of them. For scanners that decode only what they need.
 */
export async function* checkedBytes(
  chunks: AsyncIterable<Uint8Array>,
  label: string,
): AsyncGenerator<ByteChunk> {
  let offset = 0
  /** An unfinished sequence at the end of the chunks so far. */
  let tail: Uint8Array = new Uint8Array(0)
  /** Bytes of the byte order mark still to compare (0 once past it). */
  let bomLeft = 3
  for await (const raw of chunks) {
    refuseBinary(raw, offset, label)
    const before = tail
    let start = 0 // raw[start..] is not yet checked
    if (before.length) {
      const want = sequenceLength(before[0]!)
      start = Math.min(want - before.length, raw.length)
      const whole = concatBytes(before, raw.subarray(0, start))
      if (whole.length === want ? !isUtf8(whole) : unfinishedAt(whole) !== 0)
        refuseAsDecoder(before, raw, offset, label)
      tail = whole.length === want ? new Uint8Array(0) : whole
    }
    const end = start + unfinishedAt(raw.subarray(start))
    if (!isUtf8(raw.subarray(start, end))) refuseAsDecoder(before, raw, offset, label)
    if (end < raw.length) tail = Uint8Array.prototype.slice.call(raw, end) // a copy: raw is reused
    offset += raw.length
    let data = raw
    if (bomLeft) {
      // the mark may come over several chunks (standard input)
      let k = 0
      while (k < bomLeft && k < raw.length && raw[k] === BOM[3 - bomLeft + k]) k++
      if (k === raw.length && k < bomLeft) {
        bomLeft -= k
        yield { data: new Uint8Array(0), bytes: raw.length }
        continue
      }
      if (k === bomLeft) data = raw.subarray(k)
      else if (bomLeft < 3) data = concatBytes(Uint8Array.from(BOM.slice(0, 3 - bomLeft)), raw)
      bomLeft = 0
    }
    yield { data, bytes: raw.length }
  }
  if (tail.length) throw cutAtEnd(label, offset)
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

/**
 * Throws the error decodeChunk gives for this chunk: the same decoder, in the same state (the
 * unfinished sequence before it) and pieces, so the message names the same byte.
 */
function refuseAsDecoder(
  tail: Uint8Array,
  chunk: Uint8Array,
  offset: number,
  label: string,
): never {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
  decoder.decode(tail, { stream: true })
  decodeChunk(decoder, chunk, offset, label)
  throw new InputError(
    `${label}: not valid UTF-8 text (in the bytes from ${offset}); convert it to UTF-8 first`,
  )
}

/** Reads a whole input for HTML, refusing one larger than `limit` before it fills memory. */
export function readWhole(
  chunks: AsyncIterable<Uint8Array>,
  label: string,
  limit: number,
): Promise<Uint8Array> {
  return readAll(chunks, limit, () => htmlTooLarge(label, limit))
}

/** Reads a whole input, throwing `tooLarge()` once it passes `limit` bytes. */
export async function readAll(
  chunks: AsyncIterable<Uint8Array>,
  limit: number,
  tooLarge: () => Error,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  let size = 0
  for await (const chunk of chunks) {
    size += chunk.length
    if (size > limit) throw tooLarge()
    parts.push(chunk.slice()) // a copy: the reader may reuse its buffer
  }
  const whole = new Uint8Array(size)
  let at = 0
  for (const part of parts) {
    whole.set(part, at)
    at += part.length
  }
  return whole
}

/** The error for an HTML input over the limit, with what to do instead. */
export function htmlTooLarge(label: string, limit: number): InputError {
  const mb = Math.round(limit / (1024 * 1024))
  return new InputError(
    `${label}: HTML is read whole and this file is larger than the ${mb} MiB limit; ` +
      'extract its text first (plain text is streamed at any size)',
  )
}

/** Line starts of a string, for offset -> line:column. */
function lineIndex(source: string): (offset: number) => { line: number; column: number } {
  const starts = [0]
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1)
  return (offset) => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    const lineStart = starts[lo]!
    // Columns count characters (code points), as editors do, not UTF-16 units.
    return { line: lo + 1, column: [...source.slice(lineStart, offset)].length + 1 }
  }
}

/**
 * Builds the whole-file scan input: HTML (by file name or `forceHtml`) becomes its visible text.
 * The CLI uses it for HTML; for plain text it is the reference the streamed path is tested against.
 */
export async function toScanInput(
  bytes: Uint8Array,
  label: string,
  forceHtml = false,
): Promise<ScanInput> {
  const source = decodeText(bytes, label)
  const isHtml = forceHtml || isHtmlName(label)
  const where = lineIndex(source)
  if (!isHtml) return { label, text: source, position: where, isHtml }
  // the HTML parser (and its entity tables) is loaded only for HTML: most scans have none
  const { htmlToText } = await import('./html-text.ts')
  const html = htmlToText(source)
  return { label, text: html.text, position: (offset) => where(html.sourceOffset(offset)), isHtml }
}
