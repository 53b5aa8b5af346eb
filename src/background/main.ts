/**
 * Background entry: a service worker in Chrome, an event page (background.scripts) in Firefox.
 * The index is bundled into this script, so it is ready as soon as the worker starts.
 */
import browser from 'webextension-polyfill'
import index from 'virtual:fact-index'
import { createLookup } from '../index/lookup.ts'
import { followDebugSetting } from '../shared/storage.ts'
import { startBackground } from './background.ts'

startBackground(browser, createLookup(index), index)
// The background never reads the settings otherwise; for the worker's whole life.
followDebugSetting(new AbortController().signal)
