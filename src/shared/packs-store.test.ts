import { describe, expect, it, vi, beforeEach } from 'vitest'
import { buildPack, summarisePack, type IndexPack } from '../index/pack.ts'
import { fakeBrowser } from '../ui/test-support/fake-browser.ts'
import { testIndex } from '../ui/test-support/test-index.ts'
import { packBodyKey, PACKS_KEY } from './pack-keys.ts'
import {
  importPack,
  listPacks,
  loadEnabledPacks,
  MAX_TOTAL_PACK_BYTES,
  removePack,
  setPackEnabled,
} from './packs-store.ts'

vi.mock('./ext.ts', async () => {
  const { fakeBrowser: fb } = await import('../ui/test-support/fake-browser.ts')
  return { ext: () => fb.browser }
})

const { fake } = fakeBrowser

function pack(version: string, name = 'Newsroom pack', id = 'newsroom'): IndexPack {
  return buildPack({ id, name, publisher: 'A newsroom', version }, testIndex)
}

async function store(p: IndexPack) {
  return importPack(summarisePack(p))
}

beforeEach(() => fakeBrowser.reset())

describe('packs store', () => {
  it('adds a pack, lists it with its counts, and loads it while it is on', async () => {
    const outcome = await store(pack('1'))
    expect(outcome.kind).toBe('added')
    const [listed] = await listPacks()
    expect(listed).toMatchObject({
      id: 'newsroom',
      name: 'Newsroom pack',
      version: '1',
      enabled: true,
      entries: Object.keys(testIndex.entries).length,
      tags: Object.keys(testIndex.tags).length,
    })
    expect((await loadEnabledPacks()).map((p) => p.id)).toEqual(['newsroom'])
    await setPackEnabled('newsroom', false)
    expect(await loadEnabledPacks()).toEqual([])
    expect((await listPacks())[0]?.enabled).toBe(false)
  })

  it('replaces an older version (keeping the switch), refuses an older or a changed same version', async () => {
    await store(pack('1.2'))
    await setPackEnabled('newsroom', false)
    expect(await store(pack('1.10'))).toMatchObject({ kind: 'updated', from: '1.2' })
    expect(await listPacks()).toMatchObject([{ version: '1.10', enabled: false }])
    expect(await store(pack('1.9'))).toEqual({ kind: 'older', have: '1.10', version: '1.9' })
    expect(await store(pack('1.10', 'Renamed'))).toEqual({ kind: 'same-version', have: '1.10' })
    expect((await store(pack('1.10'))).kind).toBe('unchanged')
    expect(await listPacks()).toHaveLength(1)
  })

  it('refuses a pack the storage cap has no room for, and stores nothing', async () => {
    await store(pack('1', 'First', 'first'))
    const big = pack('1', 'Big', 'big')
    const checked = summarisePack(big)
    // As large as the cap allows: with the first pack stored there is no room left.
    const summary = { ...checked.summary, bytes: MAX_TOTAL_PACK_BYTES }
    const before = new Map(fake.local.data)
    expect((await importPack({ summary, text: checked.text })).kind).toBe('full')
    expect(fake.local.data).toEqual(before)
  })

  it('leaves everything as it was when the browser refuses the write', async () => {
    await store(pack('1'))
    const before = new Map(fake.local.data)
    fake.local.failWrites = true
    expect(await store(pack('2'))).toMatchObject({ kind: 'storage' })
    fake.local.failWrites = false
    expect(fake.local.data).toEqual(before)
  })

  it('removes a pack and its text', async () => {
    await store(pack('1'))
    await removePack('newsroom')
    expect(await listPacks()).toEqual([])
    expect(fake.local.data.has(packBodyKey('newsroom'))).toBe(false)
  })

  it('skips a damaged list item or text, keeping the other packs', async () => {
    await store(pack('1', 'Good', 'good'))
    await store(pack('1', 'Broken', 'broken'))
    fake.local.data.set(packBodyKey('broken'), '{not json')
    const list = fake.local.data.get(PACKS_KEY) as unknown[]
    fake.local.data.set(PACKS_KEY, [...list, { id: 42 }, 'junk'])
    expect((await listPacks()).map((p) => p.id)).toEqual(['good', 'broken'])
    expect((await loadEnabledPacks()).map((p) => p.id)).toEqual(['good'])
    fake.local.data.set(PACKS_KEY, 'not a list')
    expect(await listPacks()).toEqual([])
  })
})
