/**
 * Turning what the user names into text: bytes in pieces decoded as UTF-8 (refusing binary data
 * with the file and byte where it shows), folders walked in a stable order, and HTML reduced to
 * its visible text.
 *
 * Plain text, JSONL and CSV are streamed so memory does not grow with the input, and a file far
 * larger than a JavaScript string can hold is scanned like any other. HTML is the exception: the
 * visible text depends on the whole document's structure and offsets map back into the source,
 * so an HTML file is read whole, up to HTML_LIMIT bytes, and refused with that reason beyond.
 */
import { htmlToText } from './html-text.ts'

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
const DECODE_PIECE = 16 * 1024

/** The decoded text of one chunk of an input, in pieces, with the chunk's size in bytes. */
export interface TextChunk {
  texts: string[]
  bytes: number
}

/**
 * Decodes a stream of bytes as UTF-8 (a sequence cut between chunks is joined), and refuses
 * binary data with the byte offset where it shows.
 */
export async function* decodePieces(
  chunks: AsyncIterable<Uint8Array>,
  label: string,
): AsyncGenerator<TextChunk> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
  let offset = 0
  for await (const chunk of chunks) {
    const nul = chunk.indexOf(0)
    if (nul >= 0)
      throw new InputError(`${label}: binary data (a NUL byte at byte ${offset + nul}), not text`)
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
    offset += chunk.length
    yield { texts, bytes: chunk.length }
  }
  let rest: string
  try {
    rest = decoder.decode()
  } catch {
    throw new InputError(
      `${label}: not valid UTF-8 text (a sequence cut at the end, byte ${offset})`,
    )
  }
  if (rest) yield { texts: [rest], bytes: 0 }
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
    parts.push(chunk)
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
export function toScanInput(bytes: Uint8Array, label: string, forceHtml = false): ScanInput {
  const source = decodeText(bytes, label)
  const isHtml = forceHtml || isHtmlName(label)
  const where = lineIndex(source)
  if (!isHtml) return { label, text: source, position: where, isHtml }
  const html = htmlToText(source)
  return { label, text: html.text, position: (offset) => where(html.sourceOffset(offset)), isHtml }
}
