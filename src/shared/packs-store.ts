/**
 * Imported index packs in storage.local: the list (PACKS_KEY) and each pack's checked file text
 * (packBodyKey). Writes that add or replace a pack set the text and the list in one call, which
 * the storage area applies at once or not at all, so a refused write (quota) leaves the stored
 * packs and settings as they were. Everything read is checked: a damaged list or text costs that
 * pack, never the others or the bundled index.
 */
import {
  compareVersions,
  MAX_PACK_BYTES,
  type CheckedPack,
  type IndexPack,
  type PackSummary,
} from '../index/pack.ts'
import { debug } from './debug.ts'
import { ext } from './ext.ts'
import { packBodyKey, PACKS_KEY } from './pack-keys.ts'
import { onStorageKeyChanged } from './storage.ts'

/** One imported pack, as listed in the options page. */
export interface StoredPack extends PackSummary {
  enabled: boolean
}

/**
 * The most all stored packs may take together: one pack's cap (pack.ts says why 8 MiB) and the
 * same room, since Chrome's storage.local holds 10 MiB in all without unlimitedStorage.
 */
export const MAX_TOTAL_PACK_BYTES = MAX_PACK_BYTES

/** What an import did, or why it did nothing. */
export type ImportOutcome =
  | { kind: 'added'; pack: StoredPack }
  | { kind: 'updated'; pack: StoredPack; from: string }
  | { kind: 'unchanged'; pack: StoredPack }
  | { kind: 'older'; have: string; version: string }
  | { kind: 'same-version'; have: string }
  | { kind: 'full'; bytes: number; free: number }
  | { kind: 'storage'; message: string }

function isStoredPack(value: unknown): value is StoredPack {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    ['id', 'name', 'publisher', 'version', 'reviewed', 'sha256'].every(
      (k) => typeof v[k] === 'string',
    ) &&
    ['entries', 'tags', 'bytes'].every((k) => Number.isInteger(v[k])) &&
    typeof v.enabled === 'boolean'
  )
}

/** The imported packs, in import order; a damaged list item is left out. */
export async function listPacks(): Promise<StoredPack[]> {
  const items = await ext().storage.local.get(PACKS_KEY)
  const list = items[PACKS_KEY]
  if (!Array.isArray(list)) return []
  const seen = new Set<string>()
  return list.filter((item): item is StoredPack => {
    if (!isStoredPack(item) || seen.has(item.id)) return false
    seen.add(item.id)
    return true
  })
}

/**
 * Stores a checked pack (its summary and canonical text, summarisePack): added, or
 * replacing an older version of the same pack id (keeping whether it was turned on). Refuses an
 * older version, the same version with other content, and a pack the storage has no room for,
 * storing nothing then.
 */
export async function importPack({ summary: pack, text }: CheckedPack): Promise<ImportOutcome> {
  const list = await listPacks()
  const have = list.find((p) => p.id === pack.id)
  const info: StoredPack = { ...pack, enabled: have?.enabled ?? true }
  if (have) {
    const order = compareVersions(pack.version, have.version)
    if (order < 0) return { kind: 'older', have: have.version, version: pack.version }
    if (order === 0) {
      return have.sha256 === pack.sha256
        ? { kind: 'unchanged', pack: have }
        : { kind: 'same-version', have: have.version }
    }
  }
  const others = list.filter((p) => p.id !== pack.id)
  const used = others.reduce((n, p) => n + p.bytes, 0)
  if (used + info.bytes > MAX_TOTAL_PACK_BYTES) {
    return { kind: 'full', bytes: info.bytes, free: Math.max(0, MAX_TOTAL_PACK_BYTES - used) }
  }
  const next = have ? list.map((p) => (p.id === pack.id ? info : p)) : [...list, info]
  try {
    await ext().storage.local.set({ [packBodyKey(pack.id)]: text, [PACKS_KEY]: next })
  } catch (error) {
    return { kind: 'storage', message: error instanceof Error ? error.message : String(error) }
  }
  return have ? { kind: 'updated', pack: info, from: have.version } : { kind: 'added', pack: info }
}

/** Turns a pack on or off. */
export async function setPackEnabled(id: string, enabled: boolean): Promise<void> {
  const list = await listPacks()
  await ext().storage.local.set({
    [PACKS_KEY]: list.map((p) => (p.id === id ? { ...p, enabled } : p)),
  })
}

/** Removes a pack: from the list first, so no reader ever sees a listed pack without its text. */
export async function removePack(id: string): Promise<void> {
  const list = await listPacks()
  await ext().storage.local.set({ [PACKS_KEY]: list.filter((p) => p.id !== id) })
  await ext().storage.local.remove(packBodyKey(id))
}

/** The stored text of a pack (for export), or null. */
export async function readPackText(id: string): Promise<string | null> {
  const key = packBodyKey(id)
  const text = (await ext().storage.local.get(key))[key]
  return typeof text === 'string' ? text : null
}

/**
 * The turned-on packs, parsed, in list order. A text that is missing, not JSON, or not the pack
 * the list names (id and hash) is skipped: the rest and the bundled index still work.
 */
export async function loadEnabledPacks(): Promise<IndexPack[]> {
  const enabled = (await listPacks()).filter((p) => p.enabled)
  if (enabled.length === 0) return []
  const items = await ext().storage.local.get(enabled.map((p) => packBodyKey(p.id)))
  const packs: IndexPack[] = []
  for (const info of enabled) {
    const text = items[packBodyKey(info.id)]
    try {
      const pack = typeof text === 'string' ? (JSON.parse(text) as IndexPack) : null
      if (pack?.id === info.id && pack.sha256 === info.sha256) packs.push(pack)
      else debug(`packs: stored pack ${info.id} skipped`, 'missing, or not the pack listed')
    } catch (error) {
      debug(`packs: stored pack ${info.id} is not JSON; skipped`, error)
    }
  }
  return packs
}

/** Calls `callback` whenever the list of packs changes (import, update, switch, removal). */
export function onPacksChanged(callback: () => void, signal: AbortSignal): void {
  onStorageKeyChanged('local', PACKS_KEY, callback, signal)
}
