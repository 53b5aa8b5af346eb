/**
 * Character classes of twitter-text 3.1.0 (Apache-2.0), the library whose hashtag rules the
 * tokenizer follows. Every class here is checked code point by code point against
 * twitter-text's own regexes in char-classes.test.ts.
 *
 * Hashtag letters use Unicode property escapes instead of twitter-text's generated tables (about
 * 9 KB of ranges). Deliberate divergence, kept because it helps readers: those tables were made
 * before Unicode 8.0, so letters, marks and digits assigned since (about 43,700 code points with
 * Unicode 17 data, e.g. U+9FCD..U+9FFF in the main CJK block, CJK extensions E to I, Adlam, Tangut,
 * Latin Extended-D additions) are not hashtag characters there, while here they are, as the
 * engine's Unicode data says. The one thing the old tables have that Unicode does not call a
 * letter, 68 private-use code points, is copied so text with icon-font glyphs splits exactly as in
 * twitter-text.
 */

const PRIVATE_USE_LETTERS = '\\uf870-\\uf87f\\uf882\\uf884-\\uf89f\\uf8b8\\uf8c1-\\uf8d6'
/** twitter-text's hashtagSpecialChars: joiners and marks allowed inside a hashtag. */
const SPECIAL =
  '\\u200d\\u200c_\\ua67e\\u05be\\u05f3\\u05f4\\uff5e\\u301c\\u309b\\u309c\\u30a0\\u30fb\\u3003\\u0f0b\\u0f0c\\xb7'
const LETTER = '\\p{L}\\p{M}' + PRIVATE_USE_LETTERS
// SPECIAL goes first in a class: a zero-width joiner between two class members reads as a joined
// sequence to linters and readers
const NON_LETTER = SPECIAL + '\\p{Nd}'

// Sticky and Unicode-aware: each call reads from lastIndex, whole code points, no backtracking.
/** A run of hashtag characters (letters, marks, digits, special joiners). */
export const HASHTAG_RUN = new RegExp(`[${NON_LETTER}${LETTER}]*`, 'uy')
/** A run of hashtag characters that are not letters or marks (digits, joiners). */
export const NON_LETTER_RUN = new RegExp(`[${NON_LETTER}]*`, 'uy')
/** One hashtag character. */
export const HASHTAG_CHAR = new RegExp(`[${NON_LETTER}${LETTER}]`, 'uy')

/** True for ASCII letters, digits and `_`, the ASCII part of the hashtag class. */
export function isAsciiWord(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x5f
}

/** True for ASCII letters. */
export function isAsciiLetter(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a
}

/**
 * Characters that never occur inside a URL match of twitter-text (its spaces, invalid and
 * directional characters). The URL search restarts fresh after each of them, so URL look-back is
 * bounded to the run between two of them.
 */
export function isBreak(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 9 && c <= 13)
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x61c ||
    c === 0x1680 ||
    c === 0x180e ||
    (c >= 0x2000 &&
      (c <= 0x200a ||
        c === 0x200e ||
        c === 0x200f ||
        (c >= 0x2028 && c <= 0x202f) ||
        c === 0x205f ||
        (c >= 0x2066 && c <= 0x2069) ||
        c === 0x3000 ||
        c === 0xfeff ||
        c >= 0xfffe))
  )
}

// ASCII flags of the URL classes (non-ASCII members are handled in the functions below).
const DC = 1 // validDomainChars
const BEFORE = 2 // validUrlPrecedingChars
const PATH = 4 // validGeneralUrlPathChars
const PATH_END = 8 // validUrlPathEndingChars (single characters)
const ASCII_LABEL = 16 // label characters of validAsciiDomain
const QUERY = 32 // validUrlQueryChars
const QUERY_END = 64 // validUrlQueryEndingChars
const TLD_FOLLOW = 128 // characters that may not follow a TLD: [0-9a-zA-Z@+-]

const ASCII_FLAGS = /* @__PURE__ */ (() => {
  const flags = new Uint8Array(128)
  const alnum = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
  const mark = (chars: string, flag: number): void => {
    for (let i = 0; i < chars.length; i++) flags[chars.charCodeAt(i)]! |= flag
  }
  for (let c = 0; c < 128; c++) {
    // punct, spaces: everything else, control characters included, is a domain character
    if (!/[\t-\r !#-/:-@[-_{-~]/.test(String.fromCharCode(c))) flags[c]! |= DC
    if (!/[#$0-9@-Za-z]/.test(String.fromCharCode(c))) flags[c]! |= BEFORE
  }
  mark(alnum + "!#$%&'*+,-./:;=@[]_|~", PATH)
  mark(alnum + '#+-/=_', PATH_END)
  mark(alnum + '-', ASCII_LABEL)
  mark(alnum + "!#$%&'()*+,-./:;=?@[]_|~", QUERY)
  mark(alnum + '#&-/=_', QUERY_END)
  mark(alnum + '@+-', TLD_FOLLOW)
  return flags
})()

/**
 * twitter-text's latinAccentChars as its case-insensitive regexes see them: the listed ranges plus
 * the characters whose upper case falls in them (U+0260, Greek iota via U+0345, ...).
 */
const LATIN =
  /[\u0300-\u036f\xc0-\xd6\xd8-\xf6\xf8-\u024f\u0253\u0254\u0256\u0257\u0259\u025b\u0260\u0263\u0268\u0269\u026f\u0272\u0275\u0280\u0283\u0288-\u028c\u0292\u02bb\u0399\u03b9\u1e00-\u1eff\u1fbe\u2c65\u2c66\u2c7e\u2c7f\ua7dc]/
/** twitter-text's cyrillicLettersAndMarks, case-insensitively (adds U+1C80..U+1C87). */
const CYRILLIC = /[\u0400-\u04ff\u1c80-\u1c87]/

const nonAscii = (re: RegExp, c: number): boolean => c >= 0x80 && re.test(String.fromCharCode(c))

/** Flag test on an ASCII code; false for non-ASCII and for NaN (reading past the end). */
const ascii = (c: number, flag: number): boolean => c < 0x80 && (ASCII_FLAGS[c]! & flag) !== 0

/** validDomainChars: anything but punctuation, spaces, invalid and directional characters. */
export function isDomainChar(c: number): boolean {
  return c < 0x80 ? ascii(c, DC) : c >= 0x80 && !isBreak(c)
}

/** validUrlPrecedingChars (single character form). */
export function isUrlBefore(c: number): boolean {
  return c < 0x80
    ? ascii(c, BEFORE)
    : c >= 0x80 && !(c === 0xfeff || c === 0xff03 || c === 0xff20 || c >= 0xfffe)
}

/** validGeneralUrlPathChars. */
export function isPathChar(c: number): boolean {
  return c < 0x80 ? ascii(c, PATH) : c === 0x2013 || nonAscii(LATIN, c) || nonAscii(CYRILLIC, c)
}

/** validUrlPathEndingChars (single characters; balanced parentheses are handled by the caller). */
export function isPathEnd(c: number): boolean {
  return c < 0x80 ? ascii(c, PATH_END) : nonAscii(LATIN, c) || nonAscii(CYRILLIC, c)
}

/** Label characters of validAsciiDomain: `[-a-z0-9]` and Latin accents. */
export function isAsciiLabelChar(c: number): boolean {
  return c < 0x80 ? ascii(c, ASCII_LABEL) : nonAscii(LATIN, c)
}

/** validUrlQueryChars. */
export function isQueryChar(c: number): boolean {
  return ascii(c, QUERY)
}

/** validUrlQueryEndingChars. */
export function isQueryEnd(c: number): boolean {
  return ascii(c, QUERY_END)
}

/** `[0-9a-zA-Z@+-]`: a TLD must not be followed by one of these. */
export function isTldFollow(c: number): boolean {
  return ascii(c, TLD_FOLLOW)
}

/** ASCII digit test that is false for NaN. */
export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

/**
 * Canonicalize() of a non-Unicode case-insensitive regex (ECMA-262): the single-unit upper case,
 * except that a non-ASCII unit never maps to ASCII. twitter-text's TLD alternatives compare this way.
 */
export function canonical(c: number): number {
  if (c < 0x80) return c >= 0x61 && c <= 0x7a ? c - 0x20 : c
  const u = String.fromCharCode(c).toUpperCase()
  const cu = u.charCodeAt(0)
  return u.length !== 1 || (c >= 0x80 && cu < 0x80) ? c : cu
}
