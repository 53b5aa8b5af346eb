/**
 * Measure 3: main-thread blocking. A trace (bench/lib/trace.ts) of loading the large page with
 * the extension, its scan, and a scroll through the page (jumps to evenly spaced positions,
 * each followed by wheel scrolling and pointer moves, so marks register and unregister and the
 * hit-test index is rebuilt). Every main-thread task over 50 ms is listed with the content
 * script's JavaScript time inside it.
 */
import type { BenchBrowser } from '../lib/chromium.ts'
import { timelineUrl } from '../lib/config.ts'
import { SCAN_STATE, SETTLE_FRAMES } from '../lib/probes.ts'
import { sleep } from '../lib/stats.ts'
import { analyseLongTasks, startTrace, type LongTaskReport } from '../lib/trace.ts'

/** Measure 3's figures. */
export interface LongTaskResult extends LongTaskReport {
  posts: number
  scrollStops: number
}

interface HCBench {
  scrollToFraction(f: number): void
}

/** Traces load, scan and scroll of the `posts` page in `ext`. */
export async function measureLongTasks(
  ext: BenchBrowser,
  base: string,
  posts: number,
  scrollStops: number,
): Promise<LongTaskResult> {
  if (!ext.extensionId) throw new Error('long tasks: the browser has no extension')
  const page = ext.page
  await ext.goto('about:blank')
  const stop = await startTrace(ext.cdp)
  let events
  try {
    await ext.goto(timelineUrl(base, posts))
    await ext.inExtension(SCAN_STATE, 120_000)
    // The flagged-tags report follows the scan by its debounce.
    await sleep(800)
    for (let k = 0; k <= scrollStops; k++) {
      await page.evaluate(
        (f) => (window as unknown as { HCBench: HCBench }).HCBench.scrollToFraction(f),
        k / scrollStops,
      )
      for (let w = 0; w < 4; w++) {
        await page.mouse.move(300 + w * 40, 200 + w * 90)
        await page.mouse.wheel(0, 300)
        await sleep(30)
      }
      await ext.inExtension(SETTLE_FRAMES)
    }
    await sleep(800)
  } finally {
    events = await stop()
  }
  const url = `chrome-extension://${ext.extensionId}/src/content/main.js`
  return { posts, scrollStops, ...analyseLongTasks(events, url) }
}
