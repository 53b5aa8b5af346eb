/**
 * Background entry: a service worker in Chrome, an event page (background.scripts) in Firefox.
 * The bundled index is part of this script; the reader's turned-on index packs are read from
 * storage.local when the background starts and again whenever the turned-on packs change. Until
 * they are read, requests wait for them (a page must not see a pack's tag as unflagged only
 * because the worker just woke); if storage cannot be read, the bundled index answers alone.
 */
import browser from 'webextension-polyfill'
import index from 'virtual:fact-index'
import { createCatalogLookup, type CatalogLookup } from '../index/catalog.ts'
import { debugCatch } from '../shared/debug.ts'
import { onEnabledPacksChanged } from '../shared/pack-keys.ts'
import { loadEnabledPacks } from '../shared/packs-store.ts'
import { followDebugSetting } from '../shared/storage.ts'
import { startBackground } from './background.ts'

const forever = new AbortController().signal

function load(): Promise<CatalogLookup> {
  return (
    loadEnabledPacks()
      .catch(debugCatch('background: read the index packs', []))
      .then((packs) => createCatalogLookup(index, packs))
      // Whatever a stored pack holds, the bundled index keeps answering.
      .catch(debugCatch('background: merge the index packs', null))
      .then((lookup) => lookup ?? createCatalogLookup(index, []))
  )
}

let current = load()
// At once, not when the new look-ups are built: content scripts reindex on the same change, and
// their lookups must wait for the new packs rather than get the old answers. (A pack that is off
// being imported, updated or removed changes no answer, and reloads nothing.)
onEnabledPacksChanged(() => {
  current = load()
}, forever)

startBackground(browser, () => current, index)
// The background never reads the settings otherwise; for the worker's whole life.
followDebugSetting(forever)
