/**
 * What the background knows of the active tab, read in the extension's service worker (Chromium):
 * its toolbar badge and its count of the flagged occurrences the content script reported for the
 * whole page, including the parts far outside the viewport.
 */
import type { BrowserContext, Worker } from 'playwright-core'

/** The parts of the `chrome` API the probe uses (no @types/chrome in the project). */
interface ChromeSubset {
  tabs: { query(q: { active: boolean }): Promise<{ id?: number }[]> }
  action: { getBadgeText(d: { tabId: number }): Promise<string> }
  storage: { session: { get(key: string): Promise<Record<string, unknown>> } }
}

/** The service worker of extension `id` (any extension's when not given); waits for it to start. */
export async function extensionWorker(context: BrowserContext, id?: string): Promise<Worker> {
  const prefix = `chrome-extension://${id ?? ''}`
  return (
    context.serviceWorkers().find((w) => w.url().startsWith(prefix)) ??
    (await context.waitForEvent('serviceworker', {
      predicate: (w) => w.url().startsWith(prefix),
      timeout: 10_000,
    }))
  )
}

/** The badge text of the active tab ('' when nothing is flagged), as extension `id` set it. */
export async function badgeText(context: BrowserContext, id?: string): Promise<string> {
  const worker = await extensionWorker(context, id)
  return worker.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: ChromeSubset }).chrome
    const [tab] = await api.tabs.query({ active: true })
    return tab?.id === undefined ? '' : api.action.getBadgeText({ tabId: tab.id })
  })
}

/**
 * How many flagged occurrences the background holds for the active tab (the badge stops at
 * 999+): the per-frame reports it keeps in storage.session (src/background/tab-flags.ts,
 * `flags:<tabId>` = [[frameId, { tags }], ...]).
 */
export async function flaggedCount(context: BrowserContext, id?: string): Promise<number> {
  const worker = await extensionWorker(context, id)
  return worker.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: ChromeSubset }).chrome
    const [tab] = await api.tabs.query({ active: true })
    if (tab?.id === undefined) return 0
    const key = `flags:${tab.id}`
    const frames = (await api.storage.session.get(key))[key]
    if (!Array.isArray(frames)) return 0
    let n = 0
    for (const frame of frames as [number, { tags?: unknown[] }][]) n += frame[1].tags?.length ?? 0
    return n
  })
}
