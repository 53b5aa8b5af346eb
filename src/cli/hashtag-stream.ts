/**
 * findHashtags over text that arrives in pieces, with the same result as one call on the whole
 * text, and memory bounded by the longest stretch without a space or line break (not by the
 * input).
 *
 * Why cutting at a break character is exact: twitter-text's rules only ever look past a hash
 * sign's own run of non-break characters by one character (the boundary before the hash sign, the
 * character a URL match may consume before itself). A URL never contains a break character
 * (isBreak), nor does a hashtag or the `://` that cancels one. So the text is scanned in windows
 * that end just after a break character, and the next window starts at that same break character:
 * both windows see it, every rule sees the context it would see in the whole text, and no hashtag
 * can start at the shared character, so none is found twice. The property test in
 * hashtag-stream.test.ts checks this on random texts cut at random places.
 */
import { isBreak } from '../hashtags/char-classes.ts'
import { findHashtags, type HashtagMatch } from '../hashtags/tokenizer.ts'

/** A hashtag with offsets in the whole text (UTF-16) and its 1-based line and column (code points). */
export interface PlacedHashtag extends HashtagMatch {
  line: number
  column: number
}

/** Raised when a stretch without any break character grows past the limit. */
export class RunTooLongError extends Error {
  constructor(
    /** UTF-16 offset in the whole text where the stretch starts (NaN when not counted). */
    readonly offset: number,
    readonly limit: number,
  ) {
    super(`more than ${limit} characters without a space or line break`)
  }
}

/** Default limit on a stretch without a break character: far beyond any prose, URL or tweet. */
export const MAX_RUN = 32 * 1024 * 1024

/** Code points in text[from, to), where neither end splits a surrogate pair. */
export function codePoints(text: string, from: number, to: number): number {
  let n = to - from
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff && i + 1 < to) n--
    }
  }
  return n
}

/**
 * Incremental hashtag finder: push() pieces of text in order, then end(). Each call returns the
 * hashtags it could settle, in order. Pieces may split surrogate pairs or anything else.
 */
export class HashtagStream {
  /** Text not yet settled; from the second window on it starts with the shared break character. */
  private carry = ''
  /** Offset in the whole text of carry[0]. */
  private base = 0
  /** carry[0, clean) is known to hold no break character after index 0. */
  private clean = 0
  /** Line number and code points since the line's start, at the start of carry. */
  private line = 1
  private column0 = 0

  /** `start`: where the text begins in a larger input (its offset, line and column there). */
  constructor(
    private readonly maxRun = MAX_RUN,
    start?: TextPosition,
  ) {
    if (start) {
      this.base = start.offset
      this.line = start.line
      this.column0 = start.column0
    }
  }

  /** Adds the next piece; returns the hashtags that end before its last break character. */
  push(piece: string): PlacedHashtag[] {
    if (piece === '') return []
    const text = this.carry + piece
    const cut = this.lastBreak(text)
    if (cut < 1) {
      this.carry = text
      this.clean = text.length
      if (text.length > this.maxRun) throw new RunTooLongError(this.base, this.maxRun)
      return []
    }
    // The window ends just after the break character at `cut`; the next one starts on it.
    const window = cut + 1 === text.length ? text : text.slice(0, cut + 1)
    const found = this.place(window, findHashtags(window), cut)
    this.carry = text.slice(cut)
    this.clean = 1
    this.base += cut
    return found
  }

  /** Settles the rest of the text. */
  end(): PlacedHashtag[] {
    const text = this.carry
    const found = this.place(text, findHashtags(text), text.length)
    this.base += text.length
    this.carry = ''
    this.clean = 0
    return found
  }

  /** Text offset reached by the settled part (all input pushed so far, after end()). */
  get settled(): number {
    return this.base
  }

  /** Index of the last break character in text at or after 1 (skipping the known-clean part). */
  private lastBreak(text: string): number {
    const from = Math.max(this.clean, 1)
    const nl = text.lastIndexOf('\n')
    if (nl >= from) return nl
    const sp = text.lastIndexOf(' ')
    if (sp >= from) return sp
    for (let i = text.length - 1; i >= from; i--) if (isBreak(text.charCodeAt(i))) return i
    return -1
  }

  /** Adds global offsets, line and column to hashtags of `text`; moves the position to `upTo`. */
  private place(text: string, hits: HashtagMatch[], upTo: number): PlacedHashtag[] {
    const at: TextPosition = { offset: this.base, line: this.line, column0: this.column0 }
    const placed = placeHashtags(text, hits, at, upTo)
    this.line = at.line
    this.column0 = at.column0
    return placed
  }
}

/** A place in a text: UTF-16 offset, 1-based line, code points since the line's start. */
export interface TextPosition {
  offset: number
  line: number
  column0: number
}

/**
 * Places the hashtags found in `text`, which starts at `at` of the whole text: adds the offset,
 * line and column of each; moves `at.line` and `at.column0` on to text offset `upTo`
 * (`at.offset` stays: it is where `text` starts).
 */
export function placeHashtags(
  text: string,
  hits: HashtagMatch[],
  at: TextPosition,
  upTo: number,
): PlacedHashtag[] {
  const placed: PlacedHashtag[] = []
  let from = 0
  const advance = (to: number): void => {
    let nl = text.indexOf('\n', from)
    if (nl < 0 || nl >= to) {
      at.column0 += codePoints(text, from, to)
    } else {
      let last = nl
      for (; nl >= 0 && nl < to; nl = text.indexOf('\n', nl + 1)) {
        at.line++
        last = nl
      }
      at.column0 = codePoints(text, last + 1, to)
    }
    from = to
  }
  for (const hit of hits) {
    advance(hit.start)
    placed.push({
      tag: hit.tag,
      start: hit.start + at.offset,
      end: hit.end + at.offset,
      line: at.line,
      column: at.column0 + 1,
    })
  }
  advance(upTo)
  return placed
}
