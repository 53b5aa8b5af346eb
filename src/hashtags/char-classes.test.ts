/**
 * Every character class of char-classes.ts against twitter-text's own regexes, code point by code
 * point, with twitter-text's flags (its regexes are case-insensitive, which adds characters).
 */
import twitter from 'twitter-text'
import { describe, expect, it } from 'vitest'
import {
  HASHTAG_CHAR,
  NON_LETTER_RUN,
  canonical,
  isAsciiLabelChar,
  isBreak,
  isDomainChar,
  isPathChar,
  isPathEnd,
  isQueryChar,
  isQueryEnd,
  isTldFollow,
  isUrlBefore,
} from './char-classes.ts'

// @types/twitter-text misspells this one as validUrlQueryEndingChar
const re = twitter.regexen as typeof twitter.regexen & Record<'validUrlQueryEndingChars', RegExp>
const whole = (source: string): RegExp => new RegExp(`^(?:${source})$`, 'i')

const isHashtagChar = (s: string): boolean => {
  HASHTAG_CHAR.lastIndex = 0
  return HASHTAG_CHAR.test(s) && HASHTAG_CHAR.lastIndex === s.length
}
const isLetter = (s: string): boolean => {
  NON_LETTER_RUN.lastIndex = 0
  NON_LETTER_RUN.test(s)
  return isHashtagChar(s) && NON_LETTER_RUN.lastIndex === 0
}

describe('hashtag characters', () => {
  it('include every twitter-text hashtag character and letter; extra ones are newer Unicode letters, marks or digits', () => {
    const twitterChar = whole(re.hashtagAlphaNumeric.source)
    const twitterLetter = whole(re.hashtagAlpha.source)
    const missing: string[] = []
    const wrongKind: string[] = []
    const extra: number[] = []
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue
      const s = String.fromCodePoint(cp)
      const theirs = twitterChar.test(s)
      const mine = isHashtagChar(s)
      if (theirs && !mine) missing.push(cp.toString(16))
      if (theirs && twitterLetter.test(s) !== isLetter(s)) wrongKind.push(cp.toString(16))
      if (!theirs && mine) extra.push(cp)
    }
    expect(missing).toEqual([])
    expect(wrongKind).toEqual([])
    const notNewerUnicode = extra.filter(
      (cp) => !/[\p{L}\p{M}\p{Nd}]/u.test(String.fromCodePoint(cp)),
    )
    expect(notNewerUnicode).toEqual([])
    // the documented divergence exists (engines with Unicode 17 data: about 43,700 code points)
    expect(extra.length).toBeGreaterThan(0)
  })

  it('exclude lone surrogates, as twitter-text does', () => {
    expect(isHashtagChar('\ud800')).toBe(false)
    expect(isHashtagChar('\udc00')).toBe(false)
  })
})

describe('URL characters', () => {
  const lookahead = /\(\?=(\[\^0-9a-zA-Z@\\?\+-\])\|\$\)/.exec(re.validGTLD.source)![1]!
  const classes: [string, (c: number) => boolean, RegExp | ((s: string) => boolean)][] = [
    ['validDomainChars', isDomainChar, whole(re.validDomainChars.source)],
    ['validUrlPrecedingChars', isUrlBefore, whole(re.validUrlPrecedingChars.source)],
    ['validGeneralUrlPathChars', isPathChar, whole(re.validGeneralUrlPathChars.source)],
    ['validUrlPathEndingChars', isPathEnd, whole(re.validUrlPathEndingChars.source)],
    ['validUrlQueryChars', isQueryChar, whole(re.validUrlQueryChars.source)],
    ['validUrlQueryEndingChars', isQueryEnd, whole(re.validUrlQueryEndingChars.source)],
    ['TLD look-ahead', (c) => !isTldFollow(c), whole(lookahead)],
    [
      'validAsciiDomain labels',
      isAsciiLabelChar,
      (s) => whole(re.validAsciiDomain.source).test(`${s}.com`),
    ],
  ]
  for (const [name, mine, theirs] of classes) {
    it(`${name}: same set of UTF-16 code units`, () => {
      const test = typeof theirs === 'function' ? theirs : (s: string) => theirs.test(s)
      const differ: string[] = []
      for (let c = 0; c <= 0xffff; c++) {
        if (mine(c) !== test(String.fromCharCode(c))) differ.push(c.toString(16))
      }
      expect(differ).toEqual([])
    })
  }

  it('a break character can be in no part of a URL, and every other non-ASCII one is a domain character', () => {
    for (let c = 0; c <= 0xffff; c++) {
      if (isBreak(c)) {
        expect(isDomainChar(c) || isPathChar(c) || isQueryChar(c) || c === 0x28 || c === 0x29).toBe(
          false,
        )
      } else if (c >= 0x80) expect(isDomainChar(c)).toBe(true)
    }
    expect(isBreak(0x20) && isBreak(0x0a) && isBreak(0x3000) && isBreak(0x200e)).toBe(true)
    expect(isBreak(0x2e) || isBreak(0x2f) || isBreak(0x23)).toBe(false)
  })

  it('read past the end (NaN) as no character', () => {
    for (const test of [
      isDomainChar,
      isUrlBefore,
      isPathChar,
      isPathEnd,
      isQueryChar,
      isQueryEnd,
    ]) {
      expect(test(NaN)).toBe(false)
    }
  })
})

describe('canonical', () => {
  it('maps each code unit to what a case-insensitive non-Unicode regex compares', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const k = canonical(c)
      const pattern = new RegExp(`^\\u${c.toString(16).padStart(4, '0')}$`, 'i')
      expect(pattern.test(String.fromCharCode(k))).toBe(true)
      expect(canonical(k)).toBe(k)
    }
    expect(canonical(0x61)).toBe(0x41)
    expect(canonical(0x17f)).toBe(0x17f) // ſ: its upper case S is ASCII, which the rule forbids
  })
})
