// readFields against JSON.parse: whatever it accepts, JSON.parse accepts with the same values at
// the paths; and it does accept the plain case (else the fast path would be silently unused).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FieldPaths, NUMBER, readFields } from './json-fields.ts'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** What the path gives in JSON.parse's object, as the reader's rules see it. */
function atPath(object: unknown, path: string[]): unknown {
  let value = object
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
    if (!Object.hasOwn(value, key)) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

/** What readFields found for path k, read back. */
function valueOf(bytes: Uint8Array, paths: FieldPaths, k: number): unknown {
  const [start, end, kind] = paths.found.subarray(3 * k, 3 * k + 3)
  const raw = decoder.decode(bytes.subarray(start, end))
  return kind === NUMBER ? Number(raw) : JSON.parse(`"${raw}"`)
}

const PATHS = [['text'], ['data', 'full_text'], ['created_at'], ['data', 'when', 'day']]

/** readFields on `text`, checked against JSON.parse; true when it gave values. */
function agrees(text: string, paths: string[][]): boolean {
  const bytes = encoder.encode(text)
  const fields = new FieldPaths(paths)
  if (!readFields(bytes, 0, bytes.length, fields)) return false
  // JSON.parse of the text the bytes hold (a lone surrogate in `text` is U+FFFD in UTF-8)
  const object: unknown = JSON.parse(decoder.decode(bytes)) // throws if readFields was wrong
  expect(object !== null && typeof object === 'object' && !Array.isArray(object)).toBe(true)
  paths.forEach((path, k) => {
    const expected = atPath(object, path)
    expect(typeof expected === 'string' || (k > 0 && typeof expected === 'number')).toBe(true)
    expect(valueOf(bytes, fields, k)).toEqual(expected)
  })
  return true
}

const plainKey = fc.stringMatching(/^[a-z_]{1,6}$/)
/** Objects with the paths' keys among plain ones, and any JSON elsewhere. */
const record = fc
  .tuple(
    fc.dictionary(plainKey, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
    ),
    fc.dictionary(plainKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  )
  .map(([rest, text, when, data]) => ({
    ...rest,
    text,
    created_at: when,
    data: { ...data, full_text: text, when: { day: when } },
  }))
/** `text` (JSON.stringify's) with JSON whitespace after some structural characters outside strings. */
function spaced(text: string, gaps: number[]): string {
  let out = ''
  let inString = false
  let k = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    out += c
    if (inString) {
      if (c === '\\') out += text[++i]!
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if ('{}[],:'.includes(c)) out += ' \t\r\n'.slice(0, (gaps[k++] ?? 0) % 5)
  }
  return out
}

describe('readFields', () => {
  it('reads the plain case, with the values JSON.parse gives, however it is spaced', () => {
    fc.assert(
      fc.property(record, fc.array(fc.nat(), { maxLength: 20 }), (object, gaps) => {
        const text = spaced(JSON.stringify(object), gaps)
        // the first path is the text; the others may be dates (strings or numbers)
        for (const path of PATHS) expect(agrees(text, [['text'], path])).toBe(true)
        expect(agrees(text, [['data', 'full_text']])).toBe(true)
        expect(agrees(text, PATHS)).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })

  it('accepts nothing JSON.parse refuses or reads otherwise, whatever is changed in a line', () => {
    const edit = fc.tuple(
      fc.nat(),
      fc.nat(3),
      fc.constantFrom(
        ...'{}[]:,"\\ \t\u0001\u001f0123456789.eE+-tfnulx\u00e9'.split(''),
        '\\u00',
        '\\u0041',
        'true',
        'null',
        '"text":"#x",',
        '"text":1,',
      ),
    )
    let accepted = 0
    fc.assert(
      fc.property(record, fc.array(edit, { minLength: 1, maxLength: 3 }), (object, edits) => {
        let text = JSON.stringify(object)
        for (const [at, drop, insert] of edits) {
          const k = at % (text.length + 1)
          text = text.slice(0, k) + insert + text.slice(k + drop)
        }
        if (agrees(text, PATHS)) accepted++
        agrees(text, [['text']])
        agrees(text, [['data', 'full_text'], ['created_at']])
      }),
      { numRuns: 5000 },
    )
    // edits that keep the line valid (or only change values) were read, so the check had teeth
    expect(accepted).toBeGreaterThan(100)
  })

  it('leaves to JSON.parse what is not the plain case', () => {
    const refused = (text: string, paths = [['text']]) => {
      const bytes = encoder.encode(text)
      return readFields(bytes, 0, bytes.length, new FieldPaths(paths))
    }
    expect(refused('{"text":"a","text":"b"}')).toBe(false) // JSON.parse keeps the later one
    expect(refused('{"data":{"full_text":"a"},"data":{}}', [['data', 'full_text']])).toBe(false)
    expect(refused('{"te\\u0078t":"a"}')).toBe(false) // an escaped key
    expect(refused('{"text":1}')).toBe(false) // the first path wants text
    expect(refused('{"x":1}')).toBe(false)
    expect(refused('["text"]')).toBe(false)
    expect(refused('{"text":"a"} {}')).toBe(false)
    expect(refused('{"text":"a\u0001"}')).toBe(false) // a raw control character
    expect(refused(`{"text":"a","x":${'['.repeat(600)}${']'.repeat(600)}}`)).toBe(false)
    // the part of a line between from and to, in a buffer holding more
    const bytes = encoder.encode('xx{"text":"a\\"b"} {"text":"no"}')
    const text = new FieldPaths([['text']])
    expect(readFields(bytes, 2, 17, text)).toBe(true)
    expect(valueOf(bytes, text, 0)).toBe('a"b')
    expect(readFields(bytes, 2, 16, text)).toBe(false)
  })
})
