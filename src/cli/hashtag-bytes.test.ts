import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ByteHashtagStream, hashSearches, hashtagsInUtf8 } from './hashtag-bytes.ts'
import { RunTooLongError } from './hashtag-stream.ts'
import { cutInto, feed, oracle, text } from './stream-texts.ts'
import { codePointsIn, NextIndex, utf16Units } from './utf8-bytes.ts'

const encoder = new TextEncoder()
/** What the bytes say (lone surrogates of a random text become U+FFFD in UTF-8). */
const decoded = (bytes: Uint8Array): string =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)

/** A random text as UTF-8, with cuts anywhere (also inside a character's bytes). */
const bytesCut = text.chain((t) => {
  const bytes = encoder.encode(t)
  return fc.tuple(
    fc.constant(bytes),
    fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 }),
    fc.constantFrom(undefined, 1, 3, 8),
  )
})

describe('ByteHashtagStream', () => {
  it('finds what findHashtags finds in the decoded text, with its offsets, lines and columns, however the bytes are cut', () => {
    fc.assert(
      fc.property(bytesCut, ([bytes, cuts, fallback]) => {
        const pieces = cutInto(bytes, cuts)
        const expected = oracle(decoded(bytes))
        expect(feed(pieces, new ByteHashtagStream({ fallbackBytes: fallback }))).toEqual(expected)
        const tags = feed(
          pieces,
          new ByteHashtagStream({ positions: false, fallbackBytes: fallback }),
        )
        expect(tags.map((h) => h.tag)).toEqual(expected.map((h) => h.tag))
      }),
      { numRuns: 4000 },
    )
  })

  it('agrees byte by byte, and on long texts with many lines', () => {
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 30 }).map((ts) => ts.join('\n')),
        (t) => {
          const bytes = encoder.encode(t)
          const expected = oracle(decoded(bytes))
          const single = [...bytes.keys()]
          expect(feed(cutInto(bytes, single), new ByteHashtagStream())).toEqual(expected)
          expect(feed([bytes], new ByteHashtagStream())).toEqual(expected)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('places hashtags after four-byte characters and on later lines in UTF-16 offsets and code-point columns', () => {
    const t = '🙂🙂 a\nxx 🙂 #One\n\n  #Two 𝒳#no #Ｔｈｒｅｅ'
    const found = feed(cutInto(encoder.encode(t), [5, 9, 17]), new ByteHashtagStream())
    expect(found.map(({ tag, start, line, column }) => [tag, start, line, column])).toEqual([
      ['One', t.indexOf('#One'), 2, 6],
      ['Two', t.indexOf('#Two'), 4, 3],
      ['Ｔｈｒｅｅ', t.indexOf('#Ｔｈｒｅｅ'), 4, 13],
    ])
  })

  it('keeps URL rules across chunks: a fragment in a link is no hashtag', () => {
    const t = 'see https://example.org/#SoftCoup and\u3000example.com/#Brexit #Real'
    const bytes = encoder.encode(t)
    for (let cut = 0; cut <= bytes.length; cut++)
      expect(feed(cutInto(bytes, [cut]), new ByteHashtagStream()).map((h) => h.tag)).toEqual([
        'Real',
      ])
  })

  it('hands a long stretch without ASCII spaces to the text path, which still finds non-ASCII breaks and refuses an endless run', () => {
    const t = 'a #One\u3000#Two\u00a0' + 'x'.repeat(40) + '\u2028#Three'
    const bytes = encoder.encode(t)
    const found = feed(cutInto(bytes, [4, 20, 30, 50]), new ByteHashtagStream({ fallbackBytes: 8 }))
    expect(found).toEqual(oracle(t))
    const stream = new ByteHashtagStream({ maxRun: 20 })
    stream.push(encoder.encode('ok then '))
    expect(() => stream.push(encoder.encode('y'.repeat(30)))).toThrow(RunTooLongError)
  })
})

describe('hashtagsInUtf8', () => {
  it('finds what findHashtags finds in a whole text given as part of a larger buffer', () => {
    fc.assert(
      fc.property(text, text, text, (before, t, after) => {
        // the text's bytes as a view inside others, as a JSON field sits in its line
        const [head, inner, tail] = [before, t, after].map((x) => encoder.encode(x))
        const all = Buffer.concat([head!, inner!, tail!])
        const view = { bytes: all, from: head!.length, to: head!.length + inner!.length }
        const expected = oracle(decoded(inner!))
        expect(hashtagsInUtf8({ ...view, ...hashSearches() }, true)).toEqual(expected)
        const tags = hashtagsInUtf8({ ...view, ...hashSearches() }, false).map((h) => h.tag)
        expect(tags).toEqual(expected.map((h) => h.tag))
        // ranges of one buffer in order, sharing their searches, as the JSON lines reader has them
        const searches = hashSearches()
        const ranges = [
          [0, head!.length],
          [head!.length, view.to],
          [view.to, all.length],
        ] as const
        for (const [from, to] of ranges)
          expect(hashtagsInUtf8({ bytes: all, from, to, ...searches }, true)).toEqual(
            oracle(decoded(all.subarray(from, to))),
          )
      }),
      { numRuns: 3000 },
    )
  })
})

describe('codePointsIn, utf16Units', () => {
  it('counts code points and UTF-16 units of any range at any alignment', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.nat(7),
        fc.nat(),
        fc.nat(),
        (s, pad, a, b) => {
          const inner = encoder.encode(s)
          const bytes = new Uint8Array(pad + inner.length).subarray(pad)
          bytes.set(inner)
          // cut at character starts only: the function takes whole sequences
          const starts = [...bytes.keys()].filter((i) => (bytes[i]! & 0xc0) !== 0x80)
          starts.push(bytes.length)
          const from = starts[a % starts.length]!
          const to = Math.max(from, starts[b % starts.length]!)
          const part = decoded(bytes.subarray(from, to))
          expect(codePointsIn(bytes, from, to)).toBe([...part].length)
          expect(utf16Units(bytes, from, to)).toBe(part.length)
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('NextIndex', () => {
  it('answers as Buffer.indexOf for any positions asked, in order or not, and after a reset', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 60 }).map((b) => b.map((x) => x % 4)),
        fc.array(fc.nat(70), { maxLength: 12 }),
        fc.constantFrom<number | Buffer>(1, Buffer.from([1, 2])),
        (raw, froms, needle) => {
          const bytes = Buffer.from(raw)
          const next = new NextIndex(needle)
          for (const from of froms) expect(next.in(bytes, from)).toBe(bytes.indexOf(needle, from))
          bytes.fill(1)
          next.reset()
          for (const from of froms) expect(next.in(bytes, from)).toBe(bytes.indexOf(needle, from))
        },
      ),
      { numRuns: 2000 },
    )
  })
})
