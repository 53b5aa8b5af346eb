/**
 * The bundled index and the reader's enabled packs seen as one index. Pack entries and sources
 * get ids qualified by their pack (`pack-id/entry-id`: ids never hold a slash, so a bundled id
 * and a pack's cannot meet), so every reference inside a pack still resolves within that pack and
 * one entry can be asked for by one id. A tag in more than one place is not given to a silent
 * winner: `also` lists every entry it reaches, in order (bundled, then packs in the order given),
 * and the card lets the reader switch between them.
 */
import { normalizeTag } from '../hashtags/normalize.ts'
import { createLookup, type IndexLookup } from './lookup.ts'
import type { IndexPack, PackInfo } from './pack.ts'
import type { CompiledIndex, Entry, Source } from './types.ts'

/** The merged index, and what the merge could not put in one tags map. */
export interface Catalog {
  /** Bundled entries as they are, then every pack's with qualified ids; tags reach the first. */
  index: CompiledIndex
  /** Normalised tag -> every entry id it reaches, for the tags that reach more than one. */
  also: Map<string, string[]>
  /**
   * Entry id -> every entry that shares a tag with it, itself included, for the entries that
   * share one: the choices a card offers.
   */
  shared: Map<string, string[]>
  /** The packs merged, by id. */
  packs: Map<string, PackInfo>
}

/** Look-ups over a catalog: an IndexLookup (first entry of a tag) plus every entry and origin. */
export interface CatalogLookup extends IndexLookup {
  /** Every entry a tag reaches, in catalog order. */
  findAll(tag: string): Entry[]
  /** The pack an entry id comes from; null for a bundled entry. */
  origin(entryId: string): PackInfo | null
  /** The entries that share a tag with this one, itself included; [] when none does. */
  sharing(entryId: string): string[]
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

/** Merges packs into the bundled index (see the module comment). Later packs with an id already
 * merged are skipped: one pack id is one pack. */
export function mergeCatalog(bundled: CompiledIndex, packs: readonly IndexPack[]): Catalog {
  const entries = new Map<string, Entry>(Object.entries(bundled.entries))
  const sources = new Map<string, Source>(Object.entries(bundled.sources))
  const tags = new Map<string, string[]>()
  const add = (tag: string, id: string): void => {
    const key = normalizeTag(tag)
    const ids = tags.get(key)
    if (ids === undefined) tags.set(key, [id])
    else if (!ids.includes(id)) ids.push(id)
  }
  for (const [tag, id] of Object.entries(bundled.tags)) add(tag, id)
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
    for (const [tag, entryId] of Object.entries(pack.tags)) add(tag, prefix + entryId)
  }
  const also = new Map<string, string[]>()
  const shared = new Map<string, string[]>()
  for (const [key, ids] of tags) {
    if (ids.length < 2) continue
    also.set(key, ids)
    for (const id of ids) {
      const list = shared.get(id) ?? []
      for (const other of ids) if (!list.includes(other)) list.push(other)
      shared.set(id, list)
    }
  }
  return {
    index: {
      ...bundled,
      // fromEntries defines own properties: a tag or id such as "__proto__" stays data.
      tags: Object.fromEntries([...tags].map(([key, ids]) => [key, ids[0]!])),
      entries: Object.fromEntries(entries),
      sources: Object.fromEntries(sources),
    },
    also,
    shared,
    packs: merged,
  }
}

/** Look-ups over the bundled index and packs; each is O(1) plus the entries returned. */
export function createCatalogLookup(
  bundled: CompiledIndex,
  packs: readonly IndexPack[],
): CatalogLookup {
  const catalog = mergeCatalog(bundled, packs)
  const lookup = createLookup(catalog.index)
  return {
    ...lookup,
    catalog,
    findAll(tag) {
      const ids = catalog.also.get(normalizeTag(tag))
      if (ids === undefined) {
        const entry = lookup.find(tag)
        return entry ? [entry] : []
      }
      return ids.flatMap((id) => lookup.entry(id) ?? [])
    },
    sharing: (entryId) => catalog.shared.get(entryId) ?? [],
    origin(entryId) {
      const packId = packIdOf(entryId)
      return packId === null ? null : (catalog.packs.get(packId) ?? null)
    },
  }
}
