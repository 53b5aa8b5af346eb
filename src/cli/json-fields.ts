/**
 * Reads one JSON text in UTF-8 bytes (already checked to be valid UTF-8) and finds the values at
 * a few dotted paths, without building the objects JSON.parse would: most of a tweet's bytes are
 * fields nobody asked for. Every byte is checked against JSON's grammar (ECMA-404, which
 * JSON.parse follows), so a line it accepts is one JSON.parse accepts, with the same values at
 * those paths.
 *
 * It answers only the plain case: the text is a valid JSON object and each path leads, through
 * objects whose wanted keys are written without escapes and appear once, to a string or (for
 * other paths than the first) a number. Anything else, valid or not, gets `false`, and the
 * caller asks JSON.parse, whose answer and error message are then the ones given.
 */

/** What a path led to (FieldPaths.found): a string without escapes, with one, or a number. */
export const STRING = 1
export const ESCAPED_STRING = 2
export const NUMBER = 3

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COLON = 0x3a
const COMMA = 0x2c
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
/** Deeper nesting is left to JSON.parse. */
const MAX_DEPTH = 512

/** Byte classes: 1 JSON whitespace, 2 may continue a number, 4 a hex digit, 8 a digit. */
const CLASS = new Uint8Array(256)
for (const c of ' \t\n\r') CLASS[c.charCodeAt(0)]! |= 1
for (const c of '0123456789+-.eE') CLASS[c.charCodeAt(0)]! |= 2
for (const c of '0123456789abcdefABCDEF') CLASS[c.charCodeAt(0)]! |= 4
for (const c of '0123456789') CLASS[c.charCodeAt(0)]! |= 8
/** The one-character escapes after a backslash. */
const ESCAPE = new Uint8Array(256)
for (const c of '"\\/bfnrt') ESCAPE[c.charCodeAt(0)] = 1

/** The index of the first byte from `i` on that is not JSON whitespace. */
function skipSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end && (CLASS[b[i]!]! & 1) !== 0) i++
  return i
}

/** Set by scanString: the string it read held an escape. */
let escaped = false

/** Reads a string from its opening quote at `i`: the index after its closing quote, or -1. */
function scanString(b: Uint8Array, i: number, end: number): number {
  i++
  escaped = false
  for (;;) {
    // plain bytes: all but a quote, a backslash and a control character
    let c = 0
    while (i < end && (c = b[i]!) >= 0x20 && c !== QUOTE && c !== BACKSLASH) i++
    if (i >= end) return -1
    if (c === QUOTE) return i + 1
    if (c !== BACKSLASH) return -1 // a raw control character
    escaped = true
    if (i + 1 >= end) return -1
    const e = b[i + 1]!
    if (ESCAPE[e] === 1) i += 2
    else if (e === 0x75 && i + 6 <= end) {
      for (let k = i + 2; k < i + 6; k++) if ((CLASS[b[k]!]! & 4) === 0) return -1
      i += 6
    } else return -1
  }
}

/** Runs of digits from `i`: the index after them. */
function digits(b: Uint8Array, i: number, end: number): number {
  while (i < end && (CLASS[b[i]!]! & 8) !== 0) i++
  return i
}

/** Reads a number by JSON's grammar, -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?: its end or -1. */
function scanNumber(b: Uint8Array, i: number, end: number): number {
  if (i < end && b[i] === 0x2d) i++
  if (i < end && b[i] === 0x30) i++
  else {
    const to = digits(b, i, end)
    if (to === i) return -1
    i = to
  }
  if (i < end && b[i] === 0x2e) {
    const to = digits(b, i + 1, end)
    if (to === i + 1) return -1
    i = to
  }
  if (i < end && (b[i] === 0x65 || b[i] === 0x45)) {
    i++
    if (i < end && (b[i] === 0x2b || b[i] === 0x2d)) i++
    const to = digits(b, i, end)
    if (to === i) return -1
    i = to
  }
  // a digit, sign or point right after is not a next value but a bad number ("01", "1-2")
  return i < end && (CLASS[b[i]!]! & 2) !== 0 ? -1 : i
}

/** `word` (true, false, null) at `i`: the index after it, or -1. */
function scanWord(b: Uint8Array, i: number, end: number, word: Uint8Array): number {
  if (i + word.length > end) return -1
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return -1
  return i + word.length
}
const TRUE = new TextEncoder().encode('true')
const FALSE = new TextEncoder().encode('false')
const NULL = new TextEncoder().encode('null')

/** Do bytes[from, to) equal `want`? */
function same(b: Uint8Array, from: number, to: number, want: Uint8Array): boolean {
  if (to - from !== want.length) return false
  for (let k = 0; k < want.length; k++) if (b[from + k] !== want[k]) return false
  return true
}

/**
 * The paths to find (at most 30), each a list of keys, and after a successful readFields what
 * each led to: `found[3k]` to `found[3k + 1]` are the bytes of path k's string contents or
 * number, `found[3k + 2]` its kind (STRING, ESCAPED_STRING, NUMBER).
 */
export class FieldPaths {
  readonly keys: Uint8Array[][]
  readonly lengths: Int32Array
  readonly found: Int32Array
  constructor(paths: string[][]) {
    if (paths.length > 30) throw new RangeError('at most 30 paths')
    const encoder = new TextEncoder()
    this.keys = paths.map((path) => path.map((key) => encoder.encode(key)))
    this.lengths = Int32Array.from(paths, (path) => path.length)
    this.found = new Int32Array(paths.length * 3)
  }
}

// The open containers: an object's paths (a bit each) and the ones whose key it has met.
const stackOn = new Int32Array(MAX_DEPTH)
const stackMet = new Int32Array(MAX_DEPTH)
const stackObject = new Uint8Array(MAX_DEPTH)

/**
 * Finds `paths` in the JSON object in bytes[from, to) and puts what they lead to in
 * paths.found; false when the bytes are not a JSON object, a path is missing or duplicated, or
 * leads elsewhere than the plain case above: ask JSON.parse then.
 */
export function readFields(b: Uint8Array, from: number, to: number, paths: FieldPaths): boolean {
  const { found, lengths } = paths
  const count = lengths.length
  const all = (1 << count) - 1
  let seen = 0
  let i = from
  i = skipSpace(b, i, to)
  if (i >= to || b[i] !== OPEN_OBJECT) return false
  let depth = 0
  /** The paths (a bit each) that lead to the value about to be read, and their level. */
  let on = all
  let level = 0
  for (;;) {
    // a value at i (whitespace skipped)
    const c = b[i]!
    let ends = 0
    if (on !== 0) {
      for (let k = 0; k < count; k++)
        if ((on & (1 << k)) !== 0 && lengths[k] === level) ends |= 1 << k
      // every path here must end here, or go on into an object
      if (ends !== 0 ? ends !== on : c !== OPEN_OBJECT) return false
    }
    if (ends !== 0) {
      // the value the paths lead to: a string, or a number but for the first path
      const start = i
      const string = c === QUOTE
      if (!string && (ends & 1) !== 0) return false
      i = string ? scanString(b, i, to) : scanNumber(b, i, to)
      if (i < 0) return false
      const kind = !string ? NUMBER : escaped ? ESCAPED_STRING : STRING
      const valueFrom = string ? start + 1 : start
      const valueTo = string ? i - 1 : i
      for (let k = 0; k < count; k++)
        if ((ends & (1 << k)) !== 0) {
          found[3 * k] = valueFrom
          found[3 * k + 1] = valueTo
          found[3 * k + 2] = kind
        }
      seen |= ends
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth === MAX_DEPTH) return false
      const object = c === OPEN_OBJECT
      stackOn[depth] = on
      stackMet[depth] = 0
      stackObject[depth] = object ? 1 : 0
      depth++
      i++
      i = skipSpace(b, i, to)
      if (i >= to) return false
      if (b[i] === (object ? CLOSE_OBJECT : CLOSE_ARRAY)) {
        i++
        depth--
      } else if (object) {
        i = member(b, i, to, paths, depth - 1, level)
        if (i < 0) return false
        on = memberOn
        level++
        continue
      } else continue // on is 0: an array is never on a path
    } else {
      if (c === QUOTE) i = scanString(b, i, to)
      else if (c === 0x74) i = scanWord(b, i, to, TRUE)
      else if (c === 0x66) i = scanWord(b, i, to, FALSE)
      else if (c === 0x6e) i = scanWord(b, i, to, NULL)
      else i = scanNumber(b, i, to)
      if (i < 0) return false
    }
    // after a value: the end of the text, or a comma or the close of the container
    for (;;) {
      i = skipSpace(b, i, to)
      if (depth === 0) return i === to && seen === all
      if (i >= to) return false
      const top = depth - 1
      const object = stackObject[top] === 1
      if (object) level-- // back at the object's keys
      if (b[i] === (object ? CLOSE_OBJECT : CLOSE_ARRAY)) {
        i++
        depth--
        continue
      }
      if (b[i] !== COMMA) return false
      i = skipSpace(b, i + 1, to)
      if (object) {
        i = member(b, i, to, paths, top, level)
        if (i < 0) return false
        on = memberOn
        level++
      } else {
        if (i >= to) return false
        on = 0
      }
      break
    }
  }
}

/** Set by member: the paths that lead into the member's value. */
let memberOn = 0

/**
 * Reads an object member's key and colon at `i` in the object at stack[top] (whose keys are at
 * `level` of the paths): the index of its value (whitespace skipped), or -1.
 */
function member(
  b: Uint8Array,
  i: number,
  to: number,
  paths: FieldPaths,
  top: number,
  level: number,
): number {
  if (i >= to || b[i] !== QUOTE) return -1
  const from = i + 1
  i = scanString(b, i, to)
  if (i < 0) return -1
  const on = stackOn[top]!
  let next = 0
  if (on !== 0) {
    if (escaped) return -1 // an escaped key could spell a wanted one
    const { keys, lengths } = paths
    for (let k = 0; k < lengths.length; k++)
      if ((on & (1 << k)) !== 0 && level < lengths[k]! && same(b, from, i - 1, keys[k]![level]!))
        next |= 1 << k
    // a key met again: JSON.parse keeps the later value
    if ((next & stackMet[top]!) !== 0) return -1
    stackMet[top]! |= next
  }
  i = skipSpace(b, i, to)
  if (i >= to || b[i] !== COLON) return -1
  i++
  i = skipSpace(b, i, to)
  if (i >= to) return -1
  memberOn = next
  return i
}
