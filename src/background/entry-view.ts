/**
 * The background's answers about the index: which keys are flagged, and everything a card
 * shows for one entry. Each answer costs O(keys asked) or O(size of one entry): the index is
 * never scanned.
 */
import { entrySourceIds } from '../index/entry-sources.ts'
import type { CatalogLookup } from '../index/catalog.ts'
import type { IndexLookup } from '../index/lookup.ts'
import type { CompiledIndex, Source } from '../index/types.ts'
import type { EntryView, LookupReply } from '../shared/messages.ts'

/** Most keys one lookup answers: a content script sends what it found in one batch of text. */
export const MAX_KEYS_PER_LOOKUP = 10_000

/** key -> entry id for the keys in the index; keys that are not strings are ignored. */
export function lookupKeys(lookup: IndexLookup, keys: unknown): LookupReply {
  const found: Record<string, string> = {}
  if (!Array.isArray(keys)) return { found }
  for (const key of keys.slice(0, MAX_KEYS_PER_LOOKUP)) {
    if (typeof key !== 'string') continue
    const entry = lookup.find(key)
    if (entry) found[key] = entry.id
  }
  return { found }
}

/**
 * Everything a card shows for entry `id`, or null when the index has no such entry. With `tag`
 * (the hashtag the card is for), the other entries that explain that tag are the choices.
 */
export function entryView(
  lookup: CatalogLookup,
  meta: Pick<CompiledIndex, 'version' | 'reviewed'>,
  id: unknown,
  tag?: unknown,
): EntryView | null {
  if (typeof id !== 'string') return null
  const entry = lookup.entry(id)
  if (!entry) return null
  const sources: Record<string, Source> = {}
  for (const sourceId of entrySourceIds(entry)) {
    const source = lookup.source(sourceId)
    if (source) sources[sourceId] = source
  }
  const related: EntryView['related'] = []
  for (const relatedId of entry.related) {
    const other = lookup.entry(relatedId)
    if (other) related.push({ id: other.id, title: other.title, hashtag: other.hashtags[0] ?? '' })
  }
  return {
    entry,
    sources,
    related,
    index: { version: meta.version, reviewed: meta.reviewed },
    pack: lookup.origin(id),
    choices: choicesFor(lookup, id, tag),
  }
}

/** Every entry that explains `tag`, when there are several and `id` is one of them; else []. */
function choicesFor(lookup: CatalogLookup, id: string, tag: unknown): EntryView['choices'] {
  if (typeof tag !== 'string') return []
  const all = lookup.findAll(tag)
  if (all.length < 2 || !all.some((e) => e.id === id)) return []
  return all.map((e) => ({ id: e.id, pack: lookup.origin(e.id)?.name ?? null }))
}
