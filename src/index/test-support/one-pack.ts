// A made-up index pack for tests: one entry, copied from the bundled #SoftCoup entry.
import index from 'virtual:fact-index'
import { entrySourceIds } from '../entry-sources.ts'
import { buildPack, type IndexPack } from '../pack.ts'
import type { CompiledIndex } from '../types.ts'

/** A pack `id` of one entry ("own", a copy of the bundled #SoftCoup entry) reached by `tags`. */
export function onePack(id: string, tags: string[]): IndexPack {
  const entry = index.entries.softcoup!
  const ids = entrySourceIds(entry)
  const small: CompiledIndex = {
    ...index,
    tags: Object.fromEntries(tags.map((t) => [t.toLowerCase(), 'own'])),
    entries: { own: { ...entry, id: 'own', hashtags: tags, aliases: [], related: [] } },
    sources: Object.fromEntries(ids.map((s) => [s, index.sources[s]!])),
  }
  return buildPack({ id, name: `Pack ${id}`, publisher: 'P', version: '1' }, small)
}
