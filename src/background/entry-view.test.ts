import { describe, expect, it } from 'vitest'
import index from 'virtual:fact-index'
import { createCatalogLookup } from '../index/catalog.ts'
import { onePack } from '../index/test-support/one-pack.ts'
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

  it('offers as choices the entries that explain the tag the card is for, and only those', () => {
    // a pack entry for two tags, each of which a different bundled entry explains too
    const packed = createCatalogLookup(index, [onePack('p', ['SoftCoup', 'WeSupportCorbyn'])])
    const choices = (id: string, tag?: string) =>
      entryView(packed, index, id, tag)?.choices.map((c) => [c.id, c.pack])
    expect(choices('p/own', '#SoftCoup')).toEqual([
      ['softcoup', null],
      ['p/own', 'Pack p'],
    ])
    expect(choices('p/own', '#wesupportcorbyn')).toEqual([
      ['wesupportcorbyn', null],
      ['p/own', 'Pack p'],
    ])
    expect(choices('softcoup', '#SoftCoup')).toEqual(choices('p/own', '#SoftCoup'))
    // no tag, a tag this entry does not explain, a tag only one entry explains: no choice
    expect(choices('p/own')).toEqual([])
    expect(choices('softcoup', '#WeSupportCorbyn')).toEqual([])
    expect(choices('wearecorbyn', '#WeAreCorbyn')).toEqual([])
    expect(entryView(packed, index, 'p/own', '#SoftCoup')?.pack?.name).toBe('Pack p')
  })
})
