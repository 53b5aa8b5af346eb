/**
 * Hashtag -> entry look-up over the compiled index. Built once into Maps, so each look-up is one
 * normalisation and one hash probe however large the index grows (principle 5, docs/design.md).
 */
import { normalizeTag } from '../hashtags/normalize.ts'
import type { CompiledIndex, Entry, Source } from './types.ts'

/** Look-ups over one compiled index. */
export interface IndexLookup {
  /** The entry for a hashtag, with or without its hash sign, in any case or width; else undefined. */
  find(tag: string): Entry | undefined
  /** The entry with this id. */
  entry(id: string): Entry | undefined
  /** The source with this id. */
  source(id: string): Source | undefined
  /** How many hashtag spellings (hashtags and aliases, normalised) reach an entry. */
  size: number
}

/** Builds the Maps once; every method is then O(1). */
export function createLookup(index: CompiledIndex): IndexLookup {
  // Object.entries, not `in`/index access on the plain objects: keys such as "constructor" or
  // "__proto__" must not reach Object.prototype.
  const entries = new Map(Object.entries(index.entries))
  const sources = new Map(Object.entries(index.sources))
  const tags = new Map<string, Entry>()
  for (const [tag, id] of Object.entries(index.tags)) {
    const entry = entries.get(id)
    // Keys are normalised again so a hand-made index behaves like a compiled one.
    if (entry !== undefined) tags.set(normalizeTag(tag), entry)
  }
  return {
    find: (tag) => tags.get(normalizeTag(tag)),
    entry: (id) => entries.get(id),
    source: (id) => sources.get(id),
    size: tags.size,
  }
}
