import { describe, expect, it } from 'vitest'
import { TEST_INDEX } from '../content/test-support/fixtures.ts'
import {
  dateFormat,
  entryGlance,
  formatPartialDate,
  safeHttpsUrl,
  sourceLinkText,
} from './card-format.ts'

describe('formatPartialDate', () => {
  it('keeps the precision it was given', () => {
    expect(formatPartialDate('2019', 'en-GB')).toBe('2019')
    expect(formatPartialDate('2019-03', 'en-GB')).toBe('March 2019')
    expect(formatPartialDate('2019-03-14', 'en-GB')).toBe('14 Mar 2019')
  })

  it('does not move a date across midnight in any time zone', () => {
    expect(formatPartialDate('2019-01-01', 'en-GB')).toBe('1 Jan 2019')
    expect(formatPartialDate('2019-12-31', 'en-GB')).toBe('31 Dec 2019')
  })

  it('returns null for an unknown date, so the card can say so', () => {
    expect(formatPartialDate(null, 'en-GB')).toBeNull()
  })

  it('shows a malformed or impossible date as stored instead of guessing', () => {
    expect(formatPartialDate('2019-13', 'en-GB')).toBe('2019-13')
    expect(formatPartialDate('2019-02-30', 'en-GB')).toBe('2019-02-30')
    expect(formatPartialDate('spring 2019', 'en-GB')).toBe('spring 2019')
  })
})

describe('safeHttpsUrl', () => {
  it('accepts https only', () => {
    expect(safeHttpsUrl('https://example.org/a?b#c')).toBe('https://example.org/a?b#c')
    for (const bad of [
      'http://example.org/',
      'javascript:alert(1)',
      'data:text/html,x',
      '//example.org/',
      'not a url',
      ' javascript:alert(1)',
    ]) {
      expect(safeHttpsUrl(bad)).toBeNull()
    }
  })
})

describe('sourceLinkText', () => {
  it('is the title when there is one', () => {
    expect(sourceLinkText({ title: 'A title', url: 'https://example.org/x' })).toBe('A title')
  })

  it('is the shortened address, never empty, when no title was confirmed', () => {
    const url =
      'https://www.theguardian.com/politics/2020/nov/18/jeremy-corbyn-refused-labour-whip-despite-having-suspension-lifted'
    const text = sourceLinkText({ title: null, url })
    expect(text.startsWith('theguardian.com/politics/2020/nov/18/')).toBe(true)
    expect(text.endsWith('…')).toBe(true)
    expect([...text].length).toBeLessThanOrEqual(60)
  })
})

describe('dateFormat', () => {
  it('makes one formatter per locale and precision, and reuses it', () => {
    const day = dateFormat('en-GB', 'day')
    expect(dateFormat('en-GB', 'day')).toBe(day)
    expect(dateFormat('en-GB', 'month')).not.toBe(day)
    expect(dateFormat('de-DE', 'day')).not.toBe(day)
    expect(day.format(new Date(Date.UTC(2019, 2, 14)))).toBe('14 Mar 2019')
  })

  it('throws for an unknown locale tag, which formatPartialDate turns into the ISO form', () => {
    expect(() => dateFormat('not a locale!', 'day')).toThrow(RangeError)
    expect(formatPartialDate('2019-03-14', 'not a locale!')).toBe('2019-03-14')
  })
})

describe('entryGlance', () => {
  const { entries, sources } = TEST_INDEX

  it('counts the sources a reader can follow, their kinds in guide order, and the excerpts', () => {
    expect(entryGlance(entries['soft-coup']!, sources)).toEqual({
      sourceCount: 3,
      kinds: ['news', 'opinion-blog', 'primary'],
      excerptCount: 2,
    })
  })

  it('gives no excerpts for an entry without any, and leaves out sources it was not sent', () => {
    expect(entryGlance(entries['we-support-corbyn']!, sources)).toEqual({
      sourceCount: 1,
      kinds: ['news'],
      excerptCount: 0,
    })
    const withoutBlog = Object.fromEntries(
      Object.entries(sources).filter(([id]) => id !== 'blog-b'),
    )
    expect(entryGlance(entries['soft-coup']!, withoutBlog)).toEqual({
      sourceCount: 2,
      kinds: ['news', 'primary'],
      excerptCount: 1,
    })
  })
})
