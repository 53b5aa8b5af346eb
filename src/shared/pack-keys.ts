/**
 * Where imported index packs live in storage.local (never sync: packs are large, and a pack is
 * a reader's choice on one browser). Kept apart from packs-store.ts so the content script can
 * watch for changes without taking in the store.
 */
import { onStorageKeyChanged, type StorageChange } from './storage.ts'

/** The list of imported packs (StoredPack[]): what each is and whether it is turned on. */
export const PACKS_KEY = 'packs'

/**
 * Whether a change of the list (PACKS_KEY) changes which packs answer: the turned-on packs, by
 * id and content, in order. Importing, updating or removing a pack that is off changes nothing
 * a page or the background looks up, so they need not look everything up again.
 */
export function enabledPacksChanged(change: StorageChange): boolean {
  return enabledOf(change.oldValue) !== enabledOf(change.newValue)
}

/**
 * The turned-on items of a stored list as one string (id, content hash, switch); an item that
 * is not a readable pack counts as itself, so a change to it counts as a change.
 */
function enabledOf(list: unknown): string {
  if (!Array.isArray(list)) return '[]' // no list, or a damaged one: no pack answers (listPacks)
  const on = list.map((item: unknown) => {
    if (item === null || typeof item !== 'object') return item
    const { id, sha256, enabled } = item as Record<string, unknown>
    return enabled === false ? undefined : [id, sha256, enabled]
  })
  return JSON.stringify(on.filter((item) => item !== undefined))
}

/**
 * Calls `callback` whenever the packs that answer change (enabledPacksChanged), in any context,
 * until `signal` aborts.
 */
export function onEnabledPacksChanged(callback: () => void, signal: AbortSignal): void {
  onStorageKeyChanged(
    'local',
    PACKS_KEY,
    (change) => {
      if (enabledPacksChanged(change)) callback()
    },
    signal,
  )
}

/** The key of one pack's file text. */
export function packBodyKey(id: string): string {
  return `pack:${id}`
}
