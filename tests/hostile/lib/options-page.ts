/**
 * The options page of the built extension in Chromium, for the hostile-pack tests: choose a pack
 * file as a reader does (the `#pack-file` input, through CDP DOM.setFileInputFiles), read what the
 * page says (`[role=status]`, `[role=alert]` and its list of problems), and measure how long the
 * page's main thread was busy meanwhile:
 *
 * - a trace (chromium-metrics.ts) of the tasks of the page's main thread from the moment the file
 *   was chosen (a performance.mark the page makes in its `change` listener marks the thread and
 *   the moment): CPU time, so a loaded machine's waits are not counted;
 * - the page's own `longtask` entries (PerformanceObserver: wall-clock tasks over 50 ms).
 *
 * Plus the extension's storage, read in its service worker, to show that a refused import stored
 * nothing.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core'
import { waitFor } from '../../e2e/lib/wait-for.ts'
import { extensionWorker } from './badge.ts'
import { recordTrace, threadTasks, type TraceEvent } from './chromium-metrics.ts'

/** What the page said about one chosen file, and what the import cost the page. */
export interface ImportResult {
  kind: 'done' | 'error'
  /** The status text, or the alert's first paragraph. */
  text: string
  /** The alert's list of problems (`file:line field: message`). */
  problems: string[]
  /** From the `change` event to the message, ms (wall clock, in the page). */
  ms: number
  /** When the message appeared, ms since the epoch (Date.now() of the same machine). */
  at: number
  /**
   * The longest task of the page's main thread from the choice to the message, CPU ms; null when
   * not traced.
   */
  longestTaskMs: number | null
  /** The page's `longtask` entries meanwhile (wall clock, each over 50 ms), ms. */
  longTasks: number[]
}

type PageOutcome = Omit<ImportResult, 'longestTaskMs'>

/** Everything the extension stores. */
export interface StorageDump {
  local: Record<string, unknown>
  sync: Record<string, unknown>
}

interface StorageArea {
  get(keys: null): Promise<Record<string, unknown>>
  set(items: object): Promise<void>
  clear(): Promise<void>
}

interface ChromeStorage {
  chrome: { storage: { local: StorageArea; sync: StorageArea } }
}

/** Name of the mark the page makes when a file is chosen (it also names the thread in the trace). */
const CHOSEN = 'hashtag-context-test-pack-chosen'

/**
 * Installed in the page before a file is chosen: marks the choice, collects long tasks, and
 * resolves when the page shows an outcome (a `.note` in the status, or the alert).
 */
const WATCH = `(() => {
  const longTasks = []
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration)
  }).observe({ type: 'longtask' })
  let chosen = null
  document.querySelector('#pack-file').addEventListener(
    'change',
    () => {
      chosen = performance.now()
      performance.mark(${JSON.stringify(CHOSEN)})
    },
    { capture: true, once: true },
  )
  window.__hcImport = new Promise((resolve) => {
    const check = () => {
      const alert = document.querySelector('[role=alert]')
      const note = document.querySelector('[role=status] .note')
      if (chosen === null || (!alert && !note)) return false
      const now = performance.now()
      resolve({
        kind: alert ? 'error' : 'done',
        text: (alert ? alert.querySelector('p') : note).textContent,
        problems: [...document.querySelectorAll('[role=alert] li')].map((li) => li.textContent),
        ms: now - chosen,
        at: performance.timeOrigin + now,
        longTasks,
      })
      return true
    }
    new MutationObserver((_, observer) => {
      if (check()) observer.disconnect()
    }).observe(document.body, { subtree: true, childList: true, characterData: true })
  })
})()`

/** The options page, open in its own tab. */
export interface OptionsPage {
  page: Page
  /** Its URL (chrome-extension://<id>/src/options/index.html). */
  url: string
  /**
   * Reloads the page (so no earlier message is on it) and chooses `file` in `#pack-file`; with
   * `trace`, measures the page's main-thread tasks meanwhile (tracing costs a second or two).
   */
  choose(file: string, options?: { trace?: boolean }): Promise<ImportResult>
  close(): Promise<void>
}

/** The extension's origin, chrome-extension://<id>. */
export async function extensionOrigin(context: BrowserContext): Promise<string> {
  const worker = await extensionWorker(context)
  return /^chrome-extension:\/\/[^/]+/.exec(worker.url())?.[0] ?? ''
}

/** Opens the options page in a new tab of `context`. */
export async function openOptionsPage(context: BrowserContext): Promise<OptionsPage> {
  const page = await context.newPage()
  const url = `${await extensionOrigin(context)}/src/options/index.html`
  const cdp: CDPSession = await context.newCDPSession(page)
  return {
    page,
    url,
    async choose(file, { trace = false } = {}) {
      await page.goto(url, { waitUntil: 'load' })
      await page.waitForSelector('#pack-file')
      await page.evaluate(WATCH)
      const stop = trace ? await recordTrace(cdp, ['blink.user_timing']) : null
      let events: TraceEvent[] | null = null
      let outcome: PageOutcome
      try {
        await page.setInputFiles('#pack-file', file)
        outcome = await page.evaluate(
          () => (window as unknown as { __hcImport: Promise<PageOutcome> }).__hcImport,
        )
      } finally {
        // Stopped on failure too: a trace left running refuses the next Tracing.start.
        events = stop ? await stop() : null
      }
      return { ...outcome, longestTaskMs: events ? (threadTasks(events, CHOSEN)[0] ?? 0) : null }
    },
    close: () => page.close(),
  }
}

/** Everything in the extension's storage.local and storage.sync. */
export async function dumpStorage(context: BrowserContext): Promise<StorageDump> {
  const worker = await extensionWorker(context)
  return worker.evaluate(async () => {
    const { storage } = (globalThis as unknown as ChromeStorage).chrome
    return { local: await storage.local.get(null), sync: await storage.sync.get(null) }
  })
}

/** Empties both storage areas, then stores `sync` (e.g. settings) in storage.sync. */
export async function resetStorage(context: BrowserContext, sync: object = {}): Promise<void> {
  const worker = await extensionWorker(context)
  await worker.evaluate(async (items) => {
    const { storage } = (globalThis as unknown as ChromeStorage).chrome
    await storage.local.clear()
    await storage.sync.clear()
    await storage.sync.set(items)
  }, sync)
}

/** Waits until the stored packs list has `n` packs (the import's write has landed). */
export async function waitForStoredPacks(context: BrowserContext, n: number): Promise<void> {
  await waitFor(
    `${n} stored packs`,
    async () => (await dumpStorage(context)).local.packs,
    (list) => Array.isArray(list) && list.length === n,
  )
}
