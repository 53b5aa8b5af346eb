/**
 * The bundled index and the reader's enabled packs seen as one index. Pack entries and sources
 * get ids qualified by their pack (`pack-id/entry-id`: ids never hold a slash, so a bundled id
 * and a pack's cannot meet), so every reference inside a pack still resolves within that pack and
 * one entry can be asked for by one id. A tag in more than one place is not given to a silent
 * winner: `also` lists every entry it reaches, in order (bundled, then packs in the order given),
 * and the card lets the reader switch between them.
 */
import { normalizeTag } from '../hashtags/normalize.ts'
import type { IndexLookup } from './lookup.ts'
import type { IndexPack, PackInfo } from './pack.ts'
import type { CompiledIndex, Entry, Source } from './types.ts'

/** The merged index, and what the merge could not put in one tags map. */
export interface Catalog {
  /** Bundled entries as they are, then every pack's with qualified ids; tags reach the first. */
  index: CompiledIndex
  /** Normalised tag -> the first entry id it reaches (bundled first, then packs in order). */
  first: Map<string, string>
  /** Every entry and source by (qualified) id. */
  entries: Map<string, Entry>
  sources: Map<string, Source>
  /** Normalised tag -> every entry id it reaches, for the tags that reach more than one. */
  also: Map<string, string[]>
  /** The packs merged, by id. */
  packs: Map<string, PackInfo>
}

/** Look-ups over a catalog: an IndexLookup (first entry of a tag) plus every entry and origin. */
export interface CatalogLookup extends IndexLookup {
  /** Every entry a tag reaches, in catalog order. */
  findAll(tag: string): Entry[]
  /** The pack an entry id comes from; null for a bundled entry. */
  origin(entryId: string): PackInfo | null
  /** The catalog looked up. */
  catalog: Catalog
}

/** The pack id of a qualified entry or source id, or null for a bundled one. */
export function packIdOf(id: string): string | null {
  const slash = id.indexOf('/')
  return slash < 0 ? null : id.slice(0, slash)
}

/** A pack entry with its own and its references' ids qualified by the pack. */
function qualifyEntry(entry: Entry, prefix: string): Entry {
  const q = (id: string): string => prefix + id
  return {
    ...entry,
    id: q(entry.id),
    summary: { ...entry.summary, sources: entry.summary.sources.map(q) },
    timeline: entry.timeline.map((e) => ({ ...e, sources: e.sources.map(q) })),
    perspectives: entry.perspectives.map((p) => ({ ...p, sources: p.sources.map(q) })),
    excerpts: entry.excerpts.map((r) => ({ ...r, source: q(r.source) })),
    furtherReading: entry.furtherReading.map(q),
    related: entry.related.map(q),
  }
}

/**
 * Merges packs into the bundled index (see the module comment). Later packs with an id already
 * merged are skipped: one pack id is one pack. A pack's tags are taken as they are: they are the
 * compiler's normalised keys, which checkPack required on import (a 100,000-tag pack would
 * otherwise spend most of the background's start-up normalising them again).
 */
export function mergeCatalog(bundled: CompiledIndex, packs: readonly IndexPack[]): Catalog {
  const entries = new Map<string, Entry>(Object.entries(bundled.entries))
  const sources = new Map<string, Source>(Object.entries(bundled.sources))
  /** Normalised tag -> the first entry it reaches; `also` holds the tags that reach more. */
  const first = new Map<string, string>()
  const also = new Map<string, string[]>()
  const add = (key: string, id: string): void => {
    const had = first.get(key)
    if (had === undefined) first.set(key, id)
    else if (had !== id) {
      const ids = also.get(key)
      if (ids === undefined) also.set(key, [had, id])
      else if (!ids.includes(id)) ids.push(id)
    }
  }
  // The bundled index may be hand-made (tests): its keys are normalised again.
  for (const [tag, id] of Object.entries(bundled.tags)) add(normalizeTag(tag), id)
  const merged = new Map<string, PackInfo>()
  for (const pack of packs) {
    if (merged.has(pack.id)) continue
    const { id, name, publisher, version, reviewed } = pack
    merged.set(id, { id, name, publisher, version, reviewed })
    const prefix = `${id}/`
    for (const entry of Object.values(pack.entries)) {
      entries.set(prefix + entry.id, qualifyEntry(entry, prefix))
    }
    for (const source of Object.values(pack.sources)) {
      sources.set(prefix + source.id, { ...source, id: prefix + source.id })
    }
    // for…in, not Object.entries: on a 100,000-key object it takes half the time, and the
    // keys of parsed JSON are all its own.
    const tags = pack.tags
    for (const key in tags) add(key, prefix + tags[key])
  }
  // fromEntries defines own properties: a tag or id such as "__proto__" stays data.
  const index: CompiledIndex = {
    ...bundled,
    tags: {},
    entries: Object.fromEntries(entries),
    sources: Object.fromEntries(sources),
  }
  // The merged tags as an object only when asked for: the look-ups use `first`, and building
  // an object of 100,000 keys would cost the background's start-up a fifth of a second.
  let tagsObject: Record<string, string> | undefined
  Object.defineProperty(index, 'tags', {
    enumerable: true,
    get: () => (tagsObject ??= Object.fromEntries(first)),
  })
  return {
    index,
    first,
    entries,
    sources,
    also,
    packs: merged,
  }
}

/** Look-ups over the bundled index and packs; each is O(1) plus the entries returned. */
export function createCatalogLookup(
  bundled: CompiledIndex,
  packs: readonly IndexPack[],
): CatalogLookup {
  const catalog = mergeCatalog(bundled, packs)
  const { first, entries, sources, also } = catalog
  const entry = (id: string): Entry | undefined => entries.get(id)
  const find = (tag: string): Entry | undefined => {
    const id = first.get(normalizeTag(tag))
    return id === undefined ? undefined : entries.get(id)
  }
  return {
    find,
    entry,
    source: (id) => sources.get(id),
    size: first.size,
    catalog,
    findAll(tag) {
      const ids = also.get(normalizeTag(tag))
      if (ids === undefined) {
        const found = find(tag)
        return found ? [found] : []
      }
      return ids.flatMap((id) => entries.get(id) ?? [])
    },
    origin(entryId) {
      const packId = packIdOf(entryId)
      return packId === null ? null : (catalog.packs.get(packId) ?? null)
    },
  }
}
