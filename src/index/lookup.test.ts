import { describe, expect, it } from 'vitest'
import { normalizeTag } from '../hashtags/normalize.ts'
import { compileIndex } from './compile.ts'
import { files, validData } from './fixtures/valid-data.ts'
import { createLookup } from './lookup.ts'
import type { CompiledIndex, Entry } from './types.ts'

function fixtureLookup() {
  const result = compileIndex(files(validData()))
  if (!result.ok) throw new Error('fixture does not compile')
  return createLookup(result.index)
}

describe('createLookup over the fixture index', () => {
  const lookup = fixtureLookup()

  it.each([
    '#softcoup',
    '#SOFTCOUP',
    '#SoftCoup',
    'SoftCoup',
    '＃ＳｏｆｔＣｏｕｐ',
    'ＳＯＦＴＣＯＵＰ',
  ])('finds the SoftCoup entry for %s', (tag) => {
    expect(lookup.find(tag)?.id).toBe('softcoup')
  })

  it.each(['#SoftCoupPlotters', '#Soft', '#soft coup', '', '#', '##softcoup'])(
    'finds nothing for %j',
    (tag) => {
      expect(lookup.find(tag)).toBeUndefined()
    },
  )

  it('finds an entry by its alias, in any case', () => {
    expect(lookup.find('#softcoup2017')?.id).toBe('softcoup')
    expect(lookup.find('#WESUPPORTCORBYN')?.id).toBe('wesupportcorbyn')
  })

  it('gives entries and sources by id, and nothing for inherited object keys', () => {
    expect(lookup.entry('wesupportcorbyn')?.title).toBe('Fixture: a supportive Twitterstorm')
    expect(lookup.source('fixture-blog')?.kind).toBe('opinion-blog')
    expect(lookup.entry('constructor')).toBeUndefined()
    expect(lookup.source('toString')).toBeUndefined()
    expect(lookup.find('#constructor')).toBeUndefined()
    expect(lookup.find('#__proto__')).toBeUndefined()
  })

  it('counts the tags that reach an entry', () => {
    expect(lookup.size).toBe(3)
  })
})

describe('createLookup over a 100,000-tag index', () => {
  const ENTRIES = 1000
  const TAGS_PER_ENTRY = 100

  function syntheticIndex(): CompiledIndex {
    const entries: Record<string, Entry> = {}
    const tags: Record<string, string> = {}
    for (let e = 0; e < ENTRIES; e++) {
      const id = `entry-${e}`
      const hashtags = Array.from({ length: TAGS_PER_ENTRY }, (_, t) => `Tag${e}x${t}`)
      entries[id] = {
        id,
        hashtags,
        aliases: [],
        title: id,
        summary: { text: 's', sources: ['s'] },
        timeline: [],
        perspectives: [],
        excerpts: [],
        furtherReading: [],
        related: [],
        reviewed: '2026-01-01',
      }
      for (const tag of hashtags) tags[normalizeTag(tag)] = id
    }
    return { format: 1, version: 'v', reviewed: '2026-01-01', tags, entries, sources: {} }
  }

  const lookup = createLookup(syntheticIndex())

  it('holds every tag', () => {
    expect(lookup.size).toBe(ENTRIES * TAGS_PER_ENTRY)
  })

  it('finds every one of the 100,000 tags, as written and upper-cased, in its own entry', () => {
    let wrong = 0
    for (let e = 0; e < ENTRIES; e++) {
      for (let t = 0; t < TAGS_PER_ENTRY; t++) {
        const tag = `#Tag${e}x${t}`
        if (lookup.find(tag)?.id !== `entry-${e}`) wrong++
        if (lookup.find(tag.toUpperCase())?.id !== `entry-${e}`) wrong++
      }
    }
    expect(wrong).toBe(0)
  })

  it('finds nothing for near misses (a longer tag, a missing entry)', () => {
    expect(lookup.find('#Tag1x100')).toBeUndefined()
    expect(lookup.find('#Tag1000x0')).toBeUndefined()
    expect(lookup.find('#Tag1x1Plotters')).toBeUndefined()
  })
})
