/**
 * Measure 7's index pack: what a 100,000-tag pack (lib/pack.ts) costs. In Node, checking it
 * (checkPack, what the options page runs on import) and what the background does with it when
 * it starts (loadEnabledPacks' JSON.parse, then createCatalogLookup with the bundled index). In
 * Chromium, the pack imported into the bench build as the options page stores it, and the
 * background's readiness: a lookup sent while the service worker is stopped, timed to its
 * answer.
 */
import path from 'node:path'
import type { Browser as WebExtensionApi } from 'webextension-polyfill'
import { readDataFiles } from '../../scripts/lib/read-data.ts'
import { normalizeTag } from '../../src/hashtags/normalize.ts'
import { createCatalogLookup } from '../../src/index/catalog.ts'
import { compileIndex } from '../../src/index/compile.ts'
import { checkPack, MAX_PACK_BYTES, summarisePack, type IndexPack } from '../../src/index/pack.ts'
import type { CompiledIndex } from '../../src/index/types.ts'
import { packBodyKey, PACKS_KEY } from '../../src/shared/pack-keys.ts'
import { ROOT } from '../lib/builds.ts'
import type { BenchBrowser } from '../lib/chromium.ts'
import type { BenchPack } from '../lib/pack.ts'
import { median } from '../lib/stats.ts'

/** The extension API as seen by code evaluated in the service worker. */
declare const chrome: WebExtensionApi

/** The pack's figures in Node (medians over `runs`). */
export interface PackNodeResult {
  tags: number
  entries: number
  bytes: number
  maxBytes: number
  runs: number
  /** checkPack on the pack's text. */
  checkMs: number
  /** JSON.parse of the stored text (loadEnabledPacks). */
  parseMs: number
  /** createCatalogLookup(bundled index, [pack]). */
  catalogMs: number
  samples: { checkMs: number[]; parseMs: number[]; catalogMs: number[] }
}

async function bundledIndex(): Promise<CompiledIndex> {
  const compiled = compileIndex(await readDataFiles(path.join(ROOT, 'data'), ROOT))
  if (!compiled.ok) throw new Error('data/ does not compile: run npm run build:index')
  return compiled.index
}

/** The pack in Node: checked (it must pass), parsed and merged, `runs` times each. */
export async function measurePackNode(bp: BenchPack, runs: number): Promise<PackNodeResult> {
  if (bp.bytes > MAX_PACK_BYTES) {
    throw new Error(`bench pack: ${bp.bytes} bytes, over MAX_PACK_BYTES (${MAX_PACK_BYTES})`)
  }
  const index = await bundledIndex()
  const samples = { checkMs: [] as number[], parseMs: [] as number[], catalogMs: [] as number[] }
  for (let run = 0; run < runs; run++) {
    let start = performance.now()
    const checked = checkPack(bp.text, 'bench pack')
    samples.checkMs.push(performance.now() - start)
    if (!checked.ok) {
      throw new Error(`bench pack refused: ${JSON.stringify(checked.errors.slice(0, 3))}`)
    }
    start = performance.now()
    const parsed = JSON.parse(bp.text) as IndexPack
    samples.parseMs.push(performance.now() - start)
    start = performance.now()
    const lookup = createCatalogLookup(index, [parsed])
    samples.catalogMs.push(performance.now() - start)
    if (lookup.find(Object.keys(bp.pack.tags)[0] ?? '') === undefined) {
      throw new Error('bench pack: its first tag is not found in the merged catalog')
    }
  }
  return {
    tags: bp.tags,
    entries: Object.keys(bp.pack.entries).length,
    bytes: bp.bytes,
    maxBytes: MAX_PACK_BYTES,
    runs,
    checkMs: median(samples.checkMs),
    parseMs: median(samples.parseMs),
    catalogMs: median(samples.catalogMs),
    samples,
  }
}

/** A lookup of `tag`'s key sent from the content script's world: its round trip and reply. */
const lookupFromPage = (tag: string): string => `(async () => {
  const start = performance.now()
  const reply = await chrome.runtime.sendMessage({ type: 'lookup', keys: [${JSON.stringify(normalizeTag(tag))}] })
  return { ms: performance.now() - start, found: Object.keys(reply?.found ?? {}).length > 0 }
})()`

/**
 * Imports the pack into `browser`'s extension as the options page stores it (packs-store.ts:
 * the pack's text and its list entry (summarisePack, turned on), in one storage.local write, through
 * the service worker), then waits until a lookup of `tag` (one of the pack's) from the content
 * script of `pageUrl` is answered as found, the background having read the pack on the
 * change. Returns the time from the write to that answer.
 */
export async function importBenchPack(
  browser: BenchBrowser,
  bp: BenchPack,
  pageUrl: string,
  tag: string,
): Promise<number> {
  const worker =
    browser.context.serviceWorkers()[0] ??
    (await browser.context.waitForEvent('serviceworker', { timeout: 15_000 }))
  await browser.goto(pageUrl)
  const start = performance.now()
  const items: Record<string, unknown> = {
    [packBodyKey(bp.pack.id)]: bp.text,
    [PACKS_KEY]: [{ ...summarisePack(bp.pack).summary, enabled: true }],
  }
  await worker.evaluate((written) => chrome.storage.local.set(written), items)
  const deadline = start + 120_000
  while (!(await browser.inExtension<{ found: boolean }>(lookupFromPage(tag))).found) {
    if (performance.now() > deadline) throw new Error('the imported pack never answered')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return performance.now() - start
}

/** Lookups sent to a stopped service worker: round trips, lookup sent → answer (median). */
export interface ColdLookup {
  roundTripMs: number
  samples: number[]
}

/** The background's readiness without and with the pack (measureReadiness). */
export interface Readiness {
  runs: number
  without: ColdLookup
  with: ColdLookup
}

/** Stops the extension's service worker (CDP ServiceWorker.stopAllWorkers) and waits for it. */
async function stopWorker(browser: BenchBrowser): Promise<void> {
  const stopped = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3_000)
    const onUpdate = (event: {
      versions: { runningStatus: string; scriptURL: string }[]
    }): void => {
      const id = browser.extensionId ?? '?'
      if (event.versions.some((v) => v.runningStatus === 'stopped' && v.scriptURL.includes(id))) {
        clearTimeout(timer)
        browser.cdp.off('ServiceWorker.workerVersionUpdated', onUpdate)
        resolve()
      }
    }
    browser.cdp.on('ServiceWorker.workerVersionUpdated', onUpdate)
  })
  await browser.cdp.send('ServiceWorker.enable')
  await browser.cdp.send('ServiceWorker.stopAllWorkers')
  await stopped
  await browser.cdp.send('ServiceWorker.disable')
}

/**
 * The background's readiness: `runs` times, alternating between the browser without the pack
 * and the one with it, the service worker stopped, then one lookup of `tag` (one of the pack's)
 * from the content script of the page already loaded, timed in the page (found with the pack,
 * not found without). The worker starts, reads storage and parses and merges the pack before
 * it answers.
 *
 * The worker's longest task is not taken from a trace: browser-wide traces of this (Chromium
 * 156, `toplevel`, `v8` and timeline categories) showed it once (a 1.7 s task, 1.6 s of it
 * microtasks) and otherwise only the load's GC, with no task over 0.4 s around the JavaScript
 * that parses and merges the pack while the round trip took 3.6-7 s. The same code path is
 * timed in Node instead (measurePackNode: JSON.parse, then createCatalogLookup, which run in one
 * task in the worker).
 */
export async function measureReadiness(
  without: BenchBrowser,
  withPack: BenchBrowser,
  tag: string,
  runs: number,
): Promise<Readiness> {
  const samples = { without: [] as number[], with: [] as number[] }
  for (let run = 0; run < runs; run++) {
    for (const [browser, side, found] of [
      [without, samples.without, false],
      [withPack, samples.with, true],
    ] as const) {
      await stopWorker(browser)
      const reply = await browser.inExtension<{ ms: number; found: boolean }>(lookupFromPage(tag))
      if (reply.found !== found) throw new Error(`cold lookup of ${tag}: found is ${reply.found}`)
      side.push(reply.ms)
    }
  }
  const summary = (s: number[]): ColdLookup => ({ roundTripMs: median(s), samples: s })
  return { runs, without: summary(samples.without), with: summary(samples.with) }
}
