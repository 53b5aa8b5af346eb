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

/** Builds the scan input: HTML (by file name) becomes its visible text. */
export function toScanInput(bytes: Uint8Array, label: string, forceHtml = false): ScanInput {
  const source = decodeText(bytes, label)
  const isHtml = forceHtml || HTML_NAME.test(label)
  const where = lineIndex(source)
  if (!isHtml) return { label, text: source, position: where, isHtml }
  const html = htmlToText(source)
  return { label, text: html.text, position: (offset) => where(html.sourceOffset(offset)), isHtml }
}
