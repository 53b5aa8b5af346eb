/**
 * Settings in extension storage: storage.sync so they follow the user across devices, with
 * storage.local as the fallback when sync is missing, disabled by policy, or refuses a write
 * (Chrome's sync area allows only 8 KB per item, which a long muted list can exceed).
 *
 * Where the settings live: sync when it holds them, else local. A write that sync refuses goes
 * to local and removes the sync copy, so the next read finds the newer local one.
 * Everything read passes through repairSettings; repaired data is written back. Every read and
 * write also applies the `debug` setting to this context's logger (debug.ts).
 */
import { debug, debugCatch, setDebugLogging } from './debug.ts'
import { ext } from './ext.ts'
import { listenUntil } from './listen.ts'
import { repairSettings, SETTINGS_KEY, type Settings } from './settings.ts'

async function read(area: 'sync' | 'local'): Promise<unknown> {
  const items = await ext().storage[area].get(SETTINGS_KEY)
  return items[SETTINGS_KEY]
}

/**
 * The stored value: sync's, or local's when sync is unusable or empty. Both are read at once:
 * every content script waits for this before it marks anything, and one round trip to the
 * browser costs less than two in a row.
 */
async function readStored(): Promise<unknown> {
  const [sync, local] = await Promise.allSettled([read('sync'), read('local')])
  if (sync.status === 'fulfilled' && sync.value !== undefined) return sync.value
  if (local.status === 'fulfilled') return local.value
  throw local.reason
}

async function write(settings: Settings): Promise<void> {
  try {
    await ext().storage.sync.set({ [SETTINGS_KEY]: settings })
    // A copy left in local by an earlier failed sync write would shadow nothing now, but
    // would come back if sync were ever cleared: drop it.
    await ext()
      .storage.local.remove(SETTINGS_KEY)
      .catch(debugCatch('storage: remove the local copy after a sync write'))
  } catch (error) {
    debug('storage: sync write refused, writing to local', error)
    await ext().storage.local.set({ [SETTINGS_KEY]: settings })
    await ext()
      .storage.sync.remove(SETTINGS_KEY)
      .catch(debugCatch('storage: remove the sync copy after a local write'))
  }
}

/** The current settings, repaired; fields that had to be repaired are written back. */
export async function loadSettings(): Promise<Settings> {
  const { settings, repaired } = repairSettings(await readStored())
  setDebugLogging(settings.debug)
  if (repaired.length > 0) {
    await write(settings).catch(debugCatch(`storage: write back repaired ${repaired.join(', ')}`))
  }
  return settings
}

/**
 * Applies `patch` to the stored settings and returns the result. Values the patch gets wrong
 * fall back like any stored value would (repairSettings), so a caller cannot store bad data.
 */
export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const current = await loadSettings()
  const { settings } = repairSettings({ ...current, ...patch })
  await write(settings)
  setDebugLogging(settings.debug)
  return settings
}

/**
 * Calls `callback` with the new settings whenever they change in any context (another tab,
 * the options page, sync from another device), until `signal` aborts.
 */
export function onSettingsChanged(
  callback: (settings: Settings) => void,
  signal: AbortSignal,
): void {
  const listener = (changes: Record<string, unknown>, areaName: string): void => {
    if (!(SETTINGS_KEY in changes) || (areaName !== 'sync' && areaName !== 'local')) return
    // Re-read rather than trust the change record: a fallback write removes one area's copy
    // and sets the other's, and only the stored state says which one now counts.
    void loadSettings().then((settings) => {
      if (!signal.aborted) callback(settings)
    }, debugCatch('storage: read settings after a change'))
  }
  listenUntil(ext().storage.onChanged, listener, signal, 'storage: remove the change listener')
}

/** A storage change of one key: its value before and after (absent: not stored). */
export interface StorageChange {
  oldValue?: unknown
  newValue?: unknown
}

/**
 * Calls `callback` with the change whenever `key` changes in storage `area` in any context,
 * until `signal` aborts (e.g. the list of index packs, pack-keys.ts).
 */
export function onStorageKeyChanged(
  area: 'local' | 'sync',
  key: string,
  callback: (change: StorageChange) => void,
  signal: AbortSignal,
): void {
  const listener = (changes: Record<string, StorageChange>, areaName: string): void => {
    if (areaName === area && key in changes && !signal.aborted) callback(changes[key]!)
  }
  listenUntil(ext().storage.onChanged, listener, signal, `storage: stop watching ${area} ${key}`)
}

/**
 * For a context that reads no settings of its own (the background): applies the `debug` setting
 * to its logger now and whenever the settings change, until `signal` aborts.
 */
export function followDebugSetting(signal: AbortSignal): void {
  onSettingsChanged(() => undefined, signal)
  void loadSettings().catch(debugCatch('storage: read settings for debug logging'))
}
