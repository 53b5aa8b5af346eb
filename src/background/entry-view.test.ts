import { describe, expect, it } from 'vitest'
import { createCatalogLookup } from '../index/catalog.ts'
import type { IndexLookup } from '../index/lookup.ts'
import { testIndex } from '../ui/test-support/test-index.ts'
import { entryView, lookupKeys } from './entry-view.ts'

const lookup = createCatalogLookup(testIndex, [])

describe('lookupKeys', () => {
  it('maps the keys that are in the index, hashtags and aliases, to their entry', () => {
    expect(lookupKeys(lookup, ['softcoup', 'softcoupplot', 'cult', 'wesupportcorbyn'])).toEqual({
      found: { softcoup: 'softcoup', softcoupplot: 'softcoup', wesupportcorbyn: 'wesupportcorbyn' },
    })
  })

  it('answers nothing for malformed requests', () => {
    expect(lookupKeys(lookup, 'softcoup')).toEqual({ found: {} })
    expect(lookupKeys(lookup, [42, null, 'softcoup'])).toEqual({ found: { softcoup: 'softcoup' } })
  })

  it('probes once per key asked, never scanning the index', () => {
    let probes = 0
    const counting: IndexLookup = {
      ...lookup,
      find: (tag) => {
        probes++
        return lookup.find(tag)
      },
    }
    lookupKeys(counting, ['softcoup', 'nothing', 'cult'])
    expect(probes).toBe(3)
  })
})

describe('entryView', () => {
  it('resolves the entry, every source it cites or lists, and its related entries', () => {
    const view = entryView(lookup, testIndex, 'softcoup')
    expect(view?.entry.title).toBe('The 2017 “soft coup” claim')
    expect(Object.keys(view?.sources ?? {}).sort()).toEqual([
      'blog-c',
      'news-a',
      'news-b',
      'reading-d',
    ])
    expect(view?.related).toEqual([
      { id: 'twitterstorms', title: 'Organised Twitterstorms', hashtag: 'Twitterstorm' },
    ])
    expect(view?.index).toEqual({ version: '2025-02-01.0123abcd', reviewed: '2025-02-01' })
    // Bundled, and no other entry explains its tags: no pack, no choices.
    expect(view?.pack).toBeNull()
    expect(view?.choices).toEqual([])
  })

  it('is null for an unknown or malformed id', () => {
    expect(entryView(lookup, testIndex, 'nope')).toBeNull()
    expect(entryView(lookup, testIndex, { id: 'softcoup' })).toBeNull()
  })
})
