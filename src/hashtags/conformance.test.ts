/**
 * twitter-text's own conformance cases (extract.yml hashtags, hashtags_from_astral,
 * hashtags_with_indices; validate.yml hashtags), kept in fixtures/ with their Apache-2.0
 * licence (fixtures/README.md says where they came from).
 */
import { describe, expect, it } from 'vitest'
import conformance from './fixtures/twitter-text-hashtags.json'
import { findHashtags, isValidHashtag } from './tokenizer.ts'

interface Case<T> {
  section: string
  description: string
  text: string
  expected: T
}
interface Conformance {
  cases: Case<string[]>[]
  cases_with_indices: Case<{ hashtag: string; indices: number[] }[]>[]
  validate_hashtags: { cases: Case<boolean>[] }
}

const data: Conformance = conformance

describe('twitter-text conformance: extract hashtags', () => {
  it('has cases to run', () => {
    expect(data.cases.length).toBeGreaterThan(0)
  })
  for (const c of data.cases) {
    it(`${c.section}: ${c.description}`, () => {
      expect(findHashtags(c.text).map((m) => m.tag)).toEqual(c.expected)
    })
  }
})

describe('twitter-text conformance: hashtags with indices', () => {
  for (const c of data.cases_with_indices) {
    it(`${c.section}: ${c.description}`, () => {
      const found = findHashtags(c.text).map((m) => ({ hashtag: m.tag, indices: [m.start, m.end] }))
      expect(found).toEqual(c.expected)
    })
  }
})

describe('twitter-text conformance: isValidHashtag', () => {
  for (const c of data.validate_hashtags.cases) {
    it(`${c.section}: ${c.description}`, () => {
      expect(isValidHashtag(c.text)).toBe(c.expected)
    })
  }
})
