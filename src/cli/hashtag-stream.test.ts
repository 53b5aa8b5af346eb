import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HashtagStream, RunTooLongError, type PlacedHashtag } from './hashtag-stream.ts'
import { cutInto, feed, oracle, text } from './stream-texts.ts'

/** Feeds `text` to a HashtagStream cut at the given offsets. */
function streamed(text: string, cuts: number[], maxRun?: number): PlacedHashtag[] {
  return feed(cutInto(text, cuts), new HashtagStream(maxRun))
}

const chunked = text.chain((t) =>
  fc.tuple(fc.constant(t), fc.array(fc.integer({ min: 0, max: t.length }), { maxLength: 12 })),
)

describe('HashtagStream', () => {
  it('finds the same hashtags, offsets, lines and columns as findHashtags on the whole text, however the text is cut', () => {
    fc.assert(
      fc.property(chunked, ([t, cuts]) => {
        expect(streamed(t, cuts)).toEqual(oracle(t))
      }),
      { numRuns: 3000 },
    )
  })

  it('cut into single code units it still agrees', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(
          streamed(
            t,
            [...t].map((_, i) => i),
          ),
        ).toEqual(oracle(t))
      }),
      { numRuns: 500 },
    )
  })

  it('keeps a hashtag cut right after its hash sign, or a URL cut inside "://", whole', () => {
    const t = 'see https://example.org/#SoftCoup and\n #Brexit #SoftCoup'
    for (let cut = 0; cut <= t.length; cut++) {
      expect(streamed(t, [cut]).map((h) => h.tag)).toEqual(['Brexit', 'SoftCoup'])
    }
  })

  it('reports lines and code-point columns across pieces', () => {
    const hits = streamed('🙂 a\nxx 🙂 #One\n\n  #Two', [3, 9, 14])
    expect(hits.map(({ tag, line, column }) => [tag, line, column])).toEqual([
      ['One', 2, 6],
      ['Two', 4, 3],
    ])
  })

  it('refuses a stretch without any break character longer than its limit, naming where it starts', () => {
    const stream = new HashtagStream(10)
    stream.push('ok then ')
    expect(() => stream.push('x'.repeat(11))).toThrow(RunTooLongError)
    try {
      new HashtagStream(10).push('a b' + 'x'.repeat(20))
    } catch (error) {
      expect((error as RunTooLongError).offset).toBe(1)
    }
  })
})
