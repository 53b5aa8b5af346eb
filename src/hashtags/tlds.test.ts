import fc from 'fast-check'
import twitter from 'twitter-text'
import { describe, expect, it } from 'vitest'
import { decodeAsciiTlds, otherTldList, tldEnd } from './tlds.ts'

/** The alternatives of twitter-text's validGTLD / validCCTLD, in order. */
function alternatives(regex: RegExp): string[] {
  const inner = /^\(\?:\(\?:(.*)\)\(\?=/.exec(regex.source)![1]!
  return inner.split('|')
}
const generic = alternatives(twitter.regexen.validGTLD)
const country = alternatives(twitter.regexen.validCCTLD)
const all = [...generic, ...country]

describe('TLD lists', () => {
  it('hold exactly twitter-text 3.1.0 TLDs', () => {
    const ascii = decodeAsciiTlds()
    expect([...ascii].sort()).toEqual(all.filter((t) => /^[a-z]+$/.test(t)).sort())
    expect(otherTldList()).toEqual(all.filter((t) => !/^[a-z]+$/.test(t)))
    expect(ascii.size).toBeGreaterThan(1400)
  })
})

describe('tldEnd', () => {
  // what (?:validGTLD|validCCTLD|validPunycode) matches at the start of a string
  const twitterTld = new RegExp(
    `^(?:${twitter.regexen.validGTLD.source}|${twitter.regexen.validCCTLD.source}|${twitter.regexen.validPunycode.source})`,
    'i',
  )
  const expected = (s: string): number => twitterTld.exec(s)?.[0].length ?? -1

  const tld = fc.constantFrom(...all, 'xn--', 'xn--p1ai', 'XN--abc', 'zz', 'comx', 'ϵυ')
  const caseVariant = fc
    .tuple(tld, fc.array(fc.boolean(), { maxLength: 20 }))
    .map(([t, upper]) => [...t].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join(''))
  const after = fc.constantFrom(
    '',
    '.',
    '/',
    '-',
    '+',
    '@',
    '_',
    'a',
    '1',
    'é',
    '大酒店',
    'म्',
    ' ',
    '#',
  )
  const text = fc.tuple(caseVariant, after, after).map(([t, a, b]) => t + a + b)

  it('matches what twitter-text matches at a position, to the end of the string or a limit', () => {
    fc.assert(
      fc.property(text, fc.nat(30), (s, cut) => {
        expect(tldEnd(s, 0, s.length)).toBe(expected(s))
        const end = Math.min(cut, s.length)
        expect(tldEnd(s, 0, end)).toBe(expected(s.slice(0, end)))
        // the same answer when the TLD sits inside a longer text
        const shifted = tldEnd(`a.${s}`, 2, s.length + 2)
        expect(shifted).toBe(expected(s) < 0 ? -1 : expected(s) + 2)
      }),
      { numRuns: 3000 },
    )
  })

  it('prefers the longer of two TLDs where twitter-text does', () => {
    expect(tldEnd('嘉里大酒店', 0, 5)).toBe(5)
    expect(tldEnd('嘉里大', 0, 3)).toBe(2)
    expect(tldEnd('嘉里x', 0, 3)).toBe(-1)
    expect(tldEnd('COM', 0, 3)).toBe(3)
    expect(tldEnd('comx', 0, 4)).toBe(-1)
  })
})
