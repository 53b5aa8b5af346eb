/**
 * Measure 7's index pack: what a 100,000-tag pack (lib/pack.ts) costs. In Node, checking it
 * (checkPack, what the options page runs on import) and what the background does with it when
 * it starts (loadEnabledPacks' JSON.parse, then createCatalogLookup with the bundled index). In
 * Chromium, the pack imported into the bench build as the options page stores it, and the
 * background's readiness: a lookup sent while the service worker is stopped, timed to its
 * answer, with the worker's longest task meanwhile (a trace of the whole browser).
 */
import path from 'node:path'
import type { Browser as WebExtensionApi } from 'webextension-polyfill'
import { readDataFiles } from '../../scripts/lib/read-data.ts'
import { normalizeTag } from '../../src/hashtags/normalize.ts'
import { createCatalogLookup } from '../../src/index/catalog.ts'
import { compileIndex } from '../../src/index/compile.ts'
import { checkPack, MAX_PACK_BYTES, type IndexPack } from '../../src/index/pack.ts'
import type { CompiledIndex } from '../../src/index/types.ts'
import { packBodyKey, PACKS_KEY } from '../../src/shared/pack-keys.ts'
import { describePack } from '../../src/shared/packs-store.ts'
import { ROOT } from '../lib/builds.ts'
import type { BenchBrowser } from '../lib/chromium.ts'
import type { BenchPack } from '../lib/pack.ts'
import { startTrace } from '../lib/trace.ts'
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
 * the pack's text and the list entry describePack gives, in one storage.local write, through
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
    [PACKS_KEY]: [describePack(bp.pack, bp.text)],
  }
  await worker.evaluate((written) => chrome.storage.local.set(written), items)
  const deadline = start + 120_000
  while (!(await browser.inExtension<{ found: boolean }>(lookupFromPage(tag))).found) {
    if (performance.now() > deadline) throw new Error('the imported pack never answered')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return performance.now() - start
}

/** Lookups sent to a stopped service worker (medians): round trip and the worker's longest task. */
export interface ColdLookup {
  /** Lookup sent → answer, the worker stopped before. */
  roundTripMs: number
  /** The longest task on the service worker's thread meanwhile. */
  longestTaskMs: number
  samples: { roundTripMs: number[]; longestTaskMs: number[] }
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
      if (
        event.versions.some(
          (v) => v.runningStatus === 'stopped' && v.scriptURL.includes(browser.extensionId ?? '?'),
        )
      ) {
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
 * One cold lookup: the worker stopped, then a lookup of `tag` from the content script of the
 * page already loaded (it must be answered as found when `found`), timed in the page; the whole
 * browser traced meanwhile (toplevel tasks only, little overhead) for the longest task on the
 * service worker's thread (NaN if the trace has no such thread).
 */
async function coldLookupOnce(
  browser: BenchBrowser,
  tag: string,
  found: boolean,
): Promise<{ roundTripMs: number; longestTaskMs: number }> {
  const session = await browser.context.browser()?.newBrowserCDPSession()
  if (!session) throw new Error('no browser CDP session for the trace')
  try {
    await stopWorker(browser)
    const stop = await startTrace(session, ['toplevel', '__metadata'])
    const reply = await browser.inExtension<{ ms: number; found: boolean }>(lookupFromPage(tag))
    const events = await stop()
    if (reply.found !== found) throw new Error(`cold lookup of ${tag}: found is ${reply.found}`)
    const threads = new Set(
      events
        .filter((e) => e.ph === 'M' && e.name === 'thread_name')
        .filter((e) => e.args?.name === 'ServiceWorker thread')
        .map((e) => `${e.pid}:${e.tid}`),
    )
    // The longest complete event on the thread is its longest task (nested events lie inside).
    let longest = threads.size > 0 ? 0 : Number.NaN
    for (const e of events) {
      if (e.ph === 'X' && threads.has(`${e.pid}:${e.tid}`)) {
        longest = Math.max(longest, (e.dur ?? 0) / 1000)
      }
    }
    return { roundTripMs: reply.ms, longestTaskMs: longest }
  } finally {
    await session.detach()
  }
}

/**
 * The background's readiness: `runs` cold lookups of `tag` (one of the pack's) alternating
 * between the browser without the pack and the one with it.
 */
export async function measureReadiness(
  without: BenchBrowser,
  withPack: BenchBrowser,
  tag: string,
  runs: number,
): Promise<Readiness> {
  const samples = {
    without: { roundTripMs: [] as number[], longestTaskMs: [] as number[] },
    with: { roundTripMs: [] as number[], longestTaskMs: [] as number[] },
  }
  for (let run = 0; run < runs; run++) {
    for (const [browser, side, found] of [
      [without, samples.without, false],
      [withPack, samples.with, true],
    ] as const) {
      const once = await coldLookupOnce(browser, tag, found)
      side.roundTripMs.push(once.roundTripMs)
      side.longestTaskMs.push(once.longestTaskMs)
    }
  }
  const summary = (s: ColdLookup['samples']): ColdLookup => ({
    roundTripMs: median(s.roundTripMs),
    longestTaskMs: median(s.longestTaskMs),
    samples: s,
  })
  return { runs, without: summary(samples.without), with: summary(samples.with) }
}
