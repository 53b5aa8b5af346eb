import index from 'virtual:fact-index'
import { describe, expect, it } from 'vitest'
import { createCatalogLookup, packIdOf } from './catalog.ts'
import { onePack } from './test-support/one-pack.ts'

describe('createCatalogLookup', () => {
  it('finds a pack-only tag under the pack’s qualified id, with its sources resolvable', () => {
    const lookup = createCatalogLookup(index, [onePack('one', ['OnlyInPack'])])
    const entry = lookup.find('#onlyinpack')!
    expect(entry.id).toBe('one/own')
    expect(lookup.origin(entry.id)).toMatchObject({ id: 'one', name: 'Pack one', version: '1' })
    for (const id of entry.summary.sources) expect(lookup.source(id)?.id).toBe(id)
    expect(entry.summary.sources.every((id) => packIdOf(id) === 'one')).toBe(true)
    expect(lookup.origin('softcoup')).toBeNull()
  })

  it('gives a tag in the index and two packs all three entries, bundled first, none silently', () => {
    const lookup = createCatalogLookup(index, [
      onePack('first', ['SoftCoup']),
      onePack('second', ['softcoup']),
    ])
    expect(lookup.find('SoftCoup')?.id).toBe('softcoup')
    expect(lookup.findAll('＃ＳｏｆｔＣｏｕｐ').map((e) => e.id)).toEqual([
      'softcoup',
      'first/own',
      'second/own',
    ])
  })

  it('leaves the bundled index as it is without packs, and ignores a second pack with the same id', () => {
    const plain = createCatalogLookup(index, [])
    expect(plain.size).toBe(Object.keys(index.tags).length)
    const twice = createCatalogLookup(index, [onePack('same', ['TagA']), onePack('same', ['TagB'])])
    expect(twice.find('TagA')?.id).toBe('same/own')
    expect(twice.find('TagB')).toBeUndefined()
  })

  it('keeps a "__proto__" tag as data', () => {
    const lookup = createCatalogLookup(index, [onePack('proto', ['__proto__'])])
    expect(lookup.find('__proto__')?.id).toBe('proto/own')
    expect(lookup.catalog.index.tags.__proto__).toBe('proto/own')
    expect(Object.getPrototypeOf(lookup.catalog.index.tags)).toBe(Object.prototype)
  })
})
