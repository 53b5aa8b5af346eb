/**
 * Finds hashtags in plain text by twitter-text's rules (docs/design.md, "Hashtag rules"), so that a
 * tag is a tag exactly where readers of social media expect one: `#SoftCoup` in a post, not
 * `example.org/#SoftCoup` or `C#` or `&#35;`. Its conformance suite and a differential test
 * against the twitter-text package hold it to that (conformance.test.ts, differential.test.ts).
 *
 * Written for the content script, which runs it on every text node of every page: pure string
 * work with no DOM and no regex over the whole text. Hash signs are found with indexOf and only
 * their neighbourhood is read, so text without one costs a single pass (mayContainHashtag). Character classes live in char-classes.ts; the URL check, the one part that
 * needs more than a hash sign's neighbours, in url-overlap.ts.
 */
import {
  HASHTAG_CHAR,
  HASHTAG_RUN,
  NON_LETTER_RUN,
  isAsciiLetter,
  isAsciiWord,
} from './char-classes.ts'
import { removeUrlOverlaps } from './url-overlap.ts'

/** A hashtag found in a string. Offsets are JavaScript string (UTF-16) offsets. */
export interface HashtagMatch {
  /** The tag as written, without its hash sign. */
  tag: string
  /** Offset of the hash sign. */
  start: number
  /** Offset just past the tag's last code unit. */
  end: number
}

const HASH = '#'
const FULL_WIDTH_HASH = '\uff03'

/**
 * Cheap pre-check for every text node: true iff `text` contains `#` or `＃`. No hashtag can exist
 * otherwise, so callers skip findHashtags.
 */
export function mayContainHashtag(text: string): boolean {
  return text.indexOf(HASH) >= 0 || text.indexOf(FULL_WIDTH_HASH) >= 0
}

/**
 * Finds every hashtag in `text` exactly as twitter-text 3.1.0's extractHashtagsWithIndices does
 * (see char-classes.ts for the one documented divergence, letters newer than Unicode 9):
 * a `#` or `＃` at the start or after a character that is not a hashtag character or `&`
 * (U+FE0E and U+FE0F also count as a boundary), not followed by U+FE0F or U+20E3; then the longest
 * run of letters, marks, digits and joiners, which must hold a letter or mark; dropped when followed
 * by another hash sign or `://`, or when it overlaps a URL twitter-text would link.
 * Linear time: hash signs are found with indexOf and only their surroundings are read.
 */
export function findHashtags(text: string): HashtagMatch[] {
  const found: HashtagMatch[] = []
  let nextHash = text.indexOf(HASH)
  let nextWide = text.indexOf(FULL_WIDTH_HASH)
  // End of the previous regex match, kept or dropped: the global regex cannot reuse its characters
  let matchEnd = -1
  while (nextHash >= 0 || nextWide >= 0) {
    let h: number
    if (nextWide < 0 || (nextHash >= 0 && nextHash < nextWide)) {
      h = nextHash
      nextHash = text.indexOf(HASH, h + 1)
    } else {
      h = nextWide
      nextWide = text.indexOf(FULL_WIDTH_HASH, h + 1)
    }
    if (h === matchEnd || !isBoundary(text, h)) continue
    const first = text.charCodeAt(h + 1)
    if (first < 0x80 ? !isAsciiWord(first) : first === 0xfe0f || first === 0x20e3) continue
    const end = bodyEnd(text, h + 1)
    if (end < 0) continue
    matchEnd = end
    const after = text.charCodeAt(end)
    if (after === 0x23 || after === 0xff03 || (after === 0x3a && text.startsWith('//', end + 1))) {
      continue
    }
    found.push({ tag: text.slice(h + 1, end), start: h, end })
  }
  return found.length ? removeUrlOverlaps(text, found) : found
}

/**
 * twitter-text's isValidHashtag: `text` is exactly one hashtag, hash sign included
 * (`#SoftCoup` yes; `SoftCoup`, `#123`, `#a b`, `##a` no).
 */
export function isValidHashtag(text: string): boolean {
  const found = findHashtags(text)
  return found.length === 1 && found[0]!.tag === text.slice(1)
}

/** hashtagBoundary before the hash sign at h. */
function isBoundary(text: string, h: number): boolean {
  if (h === 0) return true
  const c = text.charCodeAt(h - 1)
  if (c < 0x80) return !isAsciiWord(c) && c !== 0x26
  if (c === 0xfe0e || c === 0xfe0f) return true
  let at = h - 1
  if (c >= 0xdc00 && c <= 0xdfff) {
    // the code point before is a surrogate pair, or a lone low surrogate that cannot be a boundary
    const high = text.charCodeAt(h - 2)
    if (!(high >= 0xd800 && high <= 0xdbff)) return false
    at = h - 2
  } else if (c >= 0xd800 && c <= 0xdbff) return false
  HASHTAG_CHAR.lastIndex = at
  return !HASHTAG_CHAR.test(text)
}

/** End of the hashtag body starting at i, or -1 if the run of hashtag characters has no letter. */
function bodyEnd(text: string, i: number): number {
  let letter = false
  for (let c = text.charCodeAt(i); i < text.length; c = text.charCodeAt(++i)) {
    if (c >= 0x80) {
      // Unicode classes: let the sticky regexes read the rest of the run in one call each
      HASHTAG_RUN.lastIndex = i
      HASHTAG_RUN.test(text)
      const end = HASHTAG_RUN.lastIndex
      if (!letter) {
        NON_LETTER_RUN.lastIndex = i
        NON_LETTER_RUN.test(text)
        letter = NON_LETTER_RUN.lastIndex < end
      }
      return letter ? end : -1
    }
    if (!isAsciiWord(c)) break
    if (isAsciiLetter(c)) letter = true
  }
  return letter ? i : -1
}
