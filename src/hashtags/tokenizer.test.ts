import fc from 'fast-check'
import twitter from 'twitter-text'
import { describe, expect, it } from 'vitest'
import { findHashtags, isValidHashtag, mayContainHashtag, type HashtagMatch } from './tokenizer.ts'

const tags = (text: string): string[] => findHashtags(text).map((m) => m.tag)

describe('findHashtags: what the extension flags', () => {
  it('finds a lower-case tag with its offsets', () => {
    expect(findHashtags('#softcoup')).toEqual([{ tag: 'softcoup', start: 0, end: 9 }])
  })

  it('finds a tag written with the full-width hash sign', () => {
    expect(findHashtags('＃SoftCoup')).toEqual([{ tag: 'SoftCoup', start: 0, end: 9 }])
  })

  it('stops before sentence punctuation', () => {
    expect(findHashtags('Read about #SoftCoup.')).toEqual([{ tag: 'SoftCoup', start: 11, end: 20 }])
  })

  it('finds a tag inside parentheses and after an emoji', () => {
    expect(tags('(#SoftCoup) 🇬🇧#Brexit')).toEqual(['SoftCoup', 'Brexit'])
  })

  it('does not flag a hash sign glued to a word', () => {
    expect(findHashtags('abc#SoftCoup')).toEqual([])
  })

  it('does not flag a fragment of a URL with a protocol', () => {
    expect(findHashtags('https://example.org/#SoftCoup')).toEqual([])
  })

  it('does not flag a fragment of a bare-domain URL', () => {
    expect(findHashtags('see example.com/#SoftCoup now')).toEqual([])
  })

  it('still flags a tag written right after a URL and a space', () => {
    expect(tags('https://example.org/ #SoftCoup')).toEqual(['SoftCoup'])
  })

  it('does not flag a tag followed by another hash sign', () => {
    expect(findHashtags('#SoftCoup#x')).toEqual([])
  })

  it('does not reuse a variation selector that ended a dropped tag as the next boundary', () => {
    // twitter-text's global regex consumed U+FE0F as part of '#a\uFE0F' (dropped: a hash follows)
    expect(findHashtags('#a\ufe0f#b')).toEqual([])
    expect(tags('#a \ufe0f#b')).toEqual(['a', 'b'])
  })

  it('does not flag a tag followed by ://', () => {
    expect(findHashtags('#SoftCoup://x')).toEqual([])
  })

  it('takes the whole word: #SoftCoupPlotters is not #SoftCoup', () => {
    expect(findHashtags('#SoftCoupPlotters')).toEqual([
      { tag: 'SoftCoupPlotters', start: 0, end: 17 },
    ])
  })

  it('does not flag an HTML entity or digits only', () => {
    expect(findHashtags('&#SoftCoup #2024 #_')).toEqual([])
  })

  it('counts offsets in UTF-16 code units', () => {
    expect(findHashtags('😀 #SoftCoup')).toEqual([{ tag: 'SoftCoup', start: 3, end: 12 }])
  })

  it('keeps marks and joiners inside the tag', () => {
    expect(tags('#ශ්\u200dරීලංකා #Ελλάδα #مصر_اليوم')).toEqual([
      'ශ්\u200dරීලංකා',
      'Ελλάδα',
      'مصر_اليوم',
    ])
  })

  it('does not hide the tag when the URL before it is longer than twitter-text accepts (4096)', () => {
    const url = 'example.com/' + 'a'.repeat(4100)
    expect(tags(`${url}/#SoftCoup`)).toEqual(['SoftCoup'])
    expect(tags(`example.com/${'a'.repeat(100)}/#SoftCoup`)).toEqual([])
  })

  it("gives twitter-text's answers on megabyte-sized pathological input", () => {
    // Small versions of each input agree with twitter-text in the differential test; these sizes
    // would take twitter-text's backtracking regexes minutes.
    expect(findHashtags('#'.repeat(1_000_000))).toEqual([])
    expect(findHashtags('#a'.repeat(500_000))).toEqual([])
    expect(tags('#' + '\u0301'.repeat(1_000_000))).toEqual(['\u0301'.repeat(1_000_000)])
    expect(tags('a.'.repeat(500_000) + '#tag')).toEqual(['tag'])
    // a domain of a million characters is no URL for twitter-text (longer than 4096)
    expect(tags('a.'.repeat(500_000) + 'com/#tag')).toEqual(['tag'])
    expect(tags('http://'.repeat(150_000) + '#tag')).toEqual(['tag'])
    expect(findHashtags('x.y/' + '#a,'.repeat(300_000))).toHaveLength(300_000)
    expect(findHashtags('a.com/#'.repeat(150_000))).toHaveLength(149_999)
    expect(findHashtags('a.com/#'.repeat(500))).toEqual([])
  })
})

describe('mayContainHashtag', () => {
  it('is true only when a hash sign is present', () => {
    expect(mayContainHashtag('plain text')).toBe(false)
    expect(mayContainHashtag('')).toBe(false)
    expect(mayContainHashtag('a #tag')).toBe(true)
    expect(mayContainHashtag('a ＃tag')).toBe(true)
    expect(mayContainHashtag('#')).toBe(true)
  })
})

describe('isValidHashtag', () => {
  it('accepts exactly one hashtag and nothing else', () => {
    expect(isValidHashtag('#SoftCoup')).toBe(true)
    expect(isValidHashtag('＃SoftCoup')).toBe(true)
    expect(isValidHashtag('#Soft_Coup2')).toBe(true)
    expect(isValidHashtag('SoftCoup')).toBe(false)
    expect(isValidHashtag('#Soft Coup')).toBe(false)
    expect(isValidHashtag(' #SoftCoup')).toBe(false)
    expect(isValidHashtag('##SoftCoup')).toBe(false)
    expect(isValidHashtag('#SoftCoup.')).toBe(false)
    expect(isValidHashtag('#2024')).toBe(false)
    expect(isValidHashtag('')).toBe(false)
  })
})

describe('deliberate divergence from twitter-text: letters newer than its Unicode tables', () => {
  // U+9FCD is a CJK ideograph (General Category Lo) assigned after twitter-text's tables were made.
  const newer = '\u9fcd'
  it('treats U+9FCD as a letter where twitter-text does not', () => {
    expect(/\p{L}/u.test(newer)).toBe(true)
    expect(tags(`#${newer}`)).toEqual([newer])
    expect(twitter.extractHashtags(`#${newer}`)).toEqual([])
    expect(tags(`#a${newer}b`)).toEqual([`a${newer}b`])
    expect(twitter.extractHashtags(`#a${newer}b`)).toEqual(['a'])
  })
})

/** The invariants every result must satisfy. */
function checkInvariants(text: string, found: HashtagMatch[]): void {
  let previousEnd = 0
  for (const m of found) {
    expect(m.start).toBeGreaterThanOrEqual(previousEnd)
    expect(m.end).toBeGreaterThan(m.start + 1)
    expect(m.end).toBeLessThanOrEqual(text.length)
    expect(['#', '＃']).toContain(text[m.start])
    expect(text.slice(m.start, m.end)).toBe(text[m.start]! + m.tag)
    expect(m.tag).toMatch(/[\p{L}\p{M}\uf870-\uf8d6]/u)
    expect(isValidHashtag(text.slice(m.start, m.end))).toBe(true)
    previousEnd = m.end
  }
  if (!mayContainHashtag(text)) expect(found).toEqual([])
}

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))
const fragment = fc.constantFrom(
  '#',
  '＃',
  '#tag',
  '#Ελλάδα',
  '#日本',
  '#مصر',
  '&',
  '.',
  '/',
  ':',
  '://',
  'https://',
  'example.com',
  ' ',
  '\n',
  '_',
  '1',
  'a',
  '\u0301',
  '\ufe0f',
  '\u20e3',
  '\u200d',
  '😀',
  '\ud83d',
  '\ude00',
)

describe('findHashtags: properties', () => {
  const cases: [string, fc.Arbitrary<string>][] = [
    ['full Unicode strings', fc.string({ unit: 'binary', maxLength: 60 })],
    [
      'strings of any code units, lone surrogates included',
      fc.string({ unit: codeUnit, maxLength: 60 }),
    ],
    ['grapheme strings', fc.string({ unit: 'grapheme', maxLength: 40 })],
    [
      'mixed fragments',
      fc.array(fc.oneof(fragment, codeUnit), { maxLength: 30 }).map((a) => a.join('')),
    ],
  ]
  for (const [name, arbitrary] of cases) {
    it(`never throws and returns well-formed matches on ${name}`, () => {
      fc.assert(
        fc.property(arbitrary, (text) => {
          checkInvariants(text, findHashtags(text))
        }),
        { numRuns: 2000 },
      )
    })
  }
})
