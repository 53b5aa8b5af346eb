// The byte reader of JSON lines against the reader it replaces (JSON.parse on decoded lines).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  jsonlBytesReader,
  jsonlReader,
  type RecordProblem,
  type RecordSink,
  type TextRecord,
} from './records.ts'
import type { Utf8Text } from './hashtag-bytes.ts'
import { cutInto } from './stream-texts.ts'

type Event = ['record', TextRecord] | ['problem', RecordProblem]

/** A record's text as a string (decoded when given as bytes). */
const textOf = (text: string | Utf8Text): string =>
  typeof text === 'string' ? text : text.bytes.toString('utf8', text.from, text.to)

/** The readers' events, a record's text as a string. */
function events(feed: (sink: RecordSink) => void): Event[] {
  const out: Event[] = []
  feed({
    record: (r) => out.push(['record', { ...r, text: textOf(r.text) }]),
    problem: (p) => out.push(['problem', p]),
  })
  return out
}

const encoder = new TextEncoder()

/** Both readers on the same input: the string one fed the text, the byte one its UTF-8 cut anywhere. */
function both(text: string, cuts: number[], field: string, date: string | null, all: boolean) {
  const expected = events((sink) => {
    const r = jsonlReader(field, date, sink, all)
    r.push(text)
    r.end()
  })
  const got = events((sink) => {
    const r = jsonlBytesReader(field, date, sink, all)
    // one buffer refilled for every piece, as the command reads files
    const pieces = cutInto(encoder.encode(text), cuts)
    const buffer = new Uint8Array(Math.max(1, ...pieces.map((p) => p.length)))
    for (const piece of pieces) {
      buffer.set(piece)
      r.push(buffer.subarray(0, piece.length))
    }
    r.end()
  })
  return { expected, got }
}

// Values and keys chosen to meet every branch: escapes that spell hash signs, escaped keys,
// duplicates, nesting through arrays and non-objects, numbers and literals, bad JSON.
const STRINGS = [
  '#a',
  'plain',
  '\\u0023SoftCoup',
  '\\uff03x',
  'é #日本',
  '🙂',
  'a\\"b',
  '\\n#x',
  '\t',
  '',
]
const key = fc.constantFrom(
  'text',
  'data',
  'full_text',
  'created_at',
  'te\\u0078t',
  '__proto__',
  'x',
)
const scalar = fc.oneof(
  fc.constantFrom(...STRINGS).map((s) => `"${s}"`),
  fc.constantFrom(
    '0',
    '-1.5e3',
    '1497052800',
    '01',
    '1.',
    'true',
    'false',
    'null',
    'nul',
    '"2017-06-01"',
    '"Wed Oct 10 20:19:24 +0000 2018"',
    '"cut',
  ),
)
const json: fc.Arbitrary<string> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('object'), tie('array')),
  object: fc
    .array(fc.tuple(key, tie('value')), { maxLength: 4 })
    .map((members) => `{${members.map(([k, v]) => `"${k}":${v as string}`).join(',')}}`),
  array: fc.array(tie('value'), { maxLength: 3 }).map((vs) => `[${vs.join(', ')}]`),
})).value as fc.Arbitrary<string>

const line = fc.oneof(
  json,
  json.map((j) => ` ${j}\t`),
  fc.constantFrom(
    '',
    '   ',
    '{',
    '{"text":"#a"',
    '[1]',
    '"text"',
    '{"text":"#a"} x',
    '\u00a0{"text":"#a"}',
  ),
)
const file = fc
  .tuple(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'))
  .map(([lines, eol]) => lines.join(eol))

describe('jsonlBytesReader', () => {
  it('gives the records and problems of jsonlReader (JSON.parse) on any lines, however the bytes are cut', () => {
    fc.assert(
      fc.property(
        file,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom('text', 'data.full_text', '__proto__'),
        fc.constantFrom(null, 'created_at', 'data.created_at'),
        fc.boolean(),
        (text, cuts, field, date, all) => {
          const { expected, got } = both(
            text,
            cuts.map((c) => c % (text.length * 2 + 1)),
            field,
            date,
            all,
          )
          expect(got).toEqual(expected)
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('reads ordinary tweets, takes the last of duplicate keys as JSON.parse does, and reports a bad line', () => {
    const text = [
      '{"id":"1","created_at":"2017-06-01T00:00:00Z","data":{"full_text":"one #a","n":[1,{"x":null}]}}',
      '{"id":"2","created_at":1497052800,"data":{"full_text":"two \\u0023b"}}',
      '{"id":"3","data":{"full_text":"#c" "oops"}}',
      // a later duplicate replaces the whole value, as JSON.parse has it
      '{"created_at":"2017-06-04","data":{"full_text":"#d"},"data":{"other":1}}',
      '{"created_at":"2017-06-05","data":{"full_text":"#e","full_text":"#f"}}',
    ].join('\n')
    const { expected, got } = both(text, [], 'data.full_text', 'created_at', false)
    expect(got).toEqual(expected)
    expect(got.map(([kind, e]) => [kind, e.line, 'text' in e ? e.text : e.reason])).toEqual([
      ['record', 1, 'one #a'],
      ['record', 2, 'two #b'],
      ['problem', 3, expect.stringMatching(/^not JSON/)],
      ['problem', 4, 'no field "data.full_text"'],
      ['record', 5, '#f'],
    ])
  })
})
