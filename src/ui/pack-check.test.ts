import index from 'virtual:fact-index'
import { describe, expect, it } from 'vitest'
import { buildPack, checkPack } from '../index/pack.ts'
import { checkForPage, checkPackOffThread } from './pack-check.ts'

const pack = buildPack(
  { id: 'newsroom-pack', name: 'Newsroom pack', publisher: 'A newsroom', version: '3' },
  index,
)
const file = JSON.stringify(pack, null, 2)

describe('the pack check as the options page gets it', () => {
  it('answers with the canonical text and a summary of primitives, never the pack as objects', () => {
    const reply = checkForPage(file, 'pack.json')
    expect(reply.ok).toBe(true)
    if (!reply.ok) return
    // A pack of 100,000 tags as objects cost the page's main thread hundreds of milliseconds to
    // receive and stringify; a string and a few fields cost it nothing.
    expect(Object.keys(reply.pack).sort()).toEqual(['summary', 'text'])
    expect(typeof reply.pack.text).toBe('string')
    expect(Object.values(reply.pack.summary).every((v) => typeof v !== 'object')).toBe(true)
    expect(reply.pack.summary).toEqual({
      id: 'newsroom-pack',
      name: 'Newsroom pack',
      publisher: 'A newsroom',
      version: '3',
      reviewed: pack.reviewed,
      sha256: pack.sha256,
      entries: Object.keys(index.entries).length,
      tags: Object.keys(index.tags).length,
      bytes: new TextEncoder().encode(reply.pack.text).length,
    })
    // The text stored is the checked pack, which checks again to the same pack.
    const again = checkPack(reply.pack.text, 'stored')
    expect(again.ok && again.pack).toEqual(pack)
    expect(reply.pack.text).toBe(JSON.stringify(pack))
  })

  it('answers with every problem of an invalid pack', async () => {
    const reply = await checkPackOffThread(
      file.replace('"name": "Newsroom pack"', '"name": " "'),
      'bad.json',
    )
    expect(reply.ok).toBe(false)
    expect(!reply.ok && reply.errors.map((e) => `${e.file} ${e.path}`)).toEqual(['bad.json name'])
  })
})
