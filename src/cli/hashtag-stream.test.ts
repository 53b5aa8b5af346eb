import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findHashtags } from '../hashtags/tokenizer.ts'
import { HashtagStream, RunTooLongError, type PlacedHashtag } from './hashtag-stream.ts'

/** The whole-string answer: findHashtags plus line and column in code points, as the CLI had it. */
function oracle(text: string): PlacedHashtag[] {
  return findHashtags(text).map((h) => {
    const lineStart = text.lastIndexOf('\n', h.start - 1) + 1
    const line = text.slice(0, h.start).split('\n').length
    return { ...h, line, column: [...text.slice(lineStart, h.start)].length + 1 }
  })
}

/** Feeds `text` to a HashtagStream cut at the given offsets (sorted, deduplicated). */
function streamed(text: string, cuts: number[], maxRun?: number): PlacedHashtag[] {
  const stream = new HashtagStream(maxRun)
  const out: PlacedHashtag[] = []
  let from = 0
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    out.push(...stream.push(text.slice(from, cut)))
    from = cut
  }
  out.push(...stream.push(text.slice(from)), ...stream.end())
  return out
}

// Pieces chosen to put cuts where the rules look around: after '#', inside '://', inside URLs
// and domains, between surrogate halves, next to combining marks, '&', joiners and break
// characters other than space and newline.
const FRAGMENTS = [
  '#',
  '＃',
  '#SoftCoup',
  '#softcoup',
  '#a',
  '#1',
  '&',
  '_',
  'https://',
  'http://x.org/',
  '://',
  'www.example.com/',
  'example.co.uk/a_(b)/c?x=1',
  't.co/AbC123',
  'xn--e1afmkfd.xn--p1ai',
  '.com',
  '.',
  '/',
  ':',
  '?',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '\u3000',
  '\u00a0',
  '\u2028',
  'abc',
  'é',
  'e\u0301',
  '🙂',
  '\ud83d',
  '\ude42',
  '日本',
  'مصر',
  '\u200d',
  '\ufe0f',
  '\u20e3',
  '@',
]

const text = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 4 })), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''))

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
