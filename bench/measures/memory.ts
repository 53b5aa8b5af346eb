/**
 * Measure 7: the content script's JS heap after load and after simulated minutes of DOM churn,
 * from heap snapshots (bench/lib/heap.ts: the objects of the extension's isolated world). The
 * churn (bench/pages/timeline.js, churnSecond) is one simulated second per frame: a new post on
 * top and the oldest removed, 20 live timestamps rewritten (text nodes replaced), one post edited,
 * and every tenth second 20 posts re-rendered; the extension scans all of it as it happens. A
 * snapshot after the first tenth of the churn separates the JIT's one-time growth (code compiled
 * as functions get hot) from growth that would go on.
 */
import type { BenchBrowser } from '../lib/chromium.ts'
import { timelineUrl } from '../lib/config.ts'
import { contentScriptHeap, type ContentHeap } from '../lib/heap.ts'
import { SCAN_STATE } from '../lib/probes.ts'

/** Measure 7's figures. */
export interface MemoryResult {
  posts: number
  churnSeconds: number
  afterLoad: ContentHeap
  /** After the first tenth of the churn. */
  afterWarmUp: ContentHeap
  afterChurn: ContentHeap
  /** JS heap after the churn / after load. */
  growth: number
  /** The same without code: the content script's data. */
  dataGrowth: number
  /** JS heap after the churn / after the first tenth of it. */
  growthAfterWarmUp: number
}

interface HCBench {
  churnSecond(second: number): void
}

/** Runs simulated seconds [from, to) in the page: one per animation frame. */
async function churn(browser: BenchBrowser, from: number, to: number): Promise<void> {
  await browser.page.evaluate(
    async ([first, end]) => {
      const bench = (window as unknown as { HCBench: HCBench }).HCBench
      for (let s = first; s < end; s++) {
        bench.churnSecond(s)
        await new Promise((resolve) => requestAnimationFrame(resolve))
      }
    },
    [from, to] as const,
  )
  await browser.inExtension(SCAN_STATE, 120_000)
}

/** Measure 7 on the `posts` page. */
export async function measureMemory(
  ext: BenchBrowser,
  base: string,
  posts: number,
  churnSeconds: number,
): Promise<MemoryResult> {
  if (!ext.extensionId) throw new Error('memory: the browser has no extension')
  const id = ext.extensionId
  await ext.goto(timelineUrl(base, posts))
  await ext.inExtension(SCAN_STATE, 120_000)
  const afterLoad = await contentScriptHeap(ext.cdp, id)
  const warmUp = Math.round(churnSeconds / 10)
  await churn(ext, 0, warmUp)
  const afterWarmUp = await contentScriptHeap(ext.cdp, id)
  await churn(ext, warmUp, churnSeconds)
  const afterChurn = await contentScriptHeap(ext.cdp, id)
  const data = (h: ContentHeap): number => h.jsBytes - h.codeBytes
  return {
    posts,
    churnSeconds,
    afterLoad,
    afterWarmUp,
    afterChurn,
    growth: afterChurn.jsBytes / afterLoad.jsBytes,
    dataGrowth: data(afterChurn) / data(afterLoad),
    growthAfterWarmUp: afterChurn.jsBytes / afterWarmUp.jsBytes,
  }
}
