/**
 * Measure 8: main-thread time per frame while the page changes one element's style every frame
 * (a progress bar, as video players, tickers and live timestamps do), with the extension on and
 * off, at the top, middle and end of the large page. Main-thread time is CDP
 * Performance.getMetrics' TaskDuration in thread time (every task of the page's renderer main
 * thread) over a window, divided by the frames the page's requestAnimationFrame ticker saw.
 *
 * "Off" is the same browser, page and renderer with the extension turned off for the site in
 * its settings (the content script then tears everything down: marks, observers, listeners);
 * two browsers differ by more than the budget from one run to the next on a shared machine.
 * On and off alternate; the figure is the median of the paired differences.
 */
import type { BenchBrowser } from '../lib/chromium.ts'
import { SCAN_STATE, SETTLE_FRAMES } from '../lib/probes.ts'
import { median, sleep } from '../lib/stats.ts'

/** One scroll position's figures (medians over the repetitions). */
export interface FramePosition {
  /** top, middle, end, or at a flagged tag in the middle of the page (its marks registered). */
  name: string
  withMs: number
  withoutMs: number
  /** Median of (with − without) over the repetitions. */
  deltaMs: number
  /** Highlight ranges the extension had registered there. */
  registered: number
  frames: number
  samples: { withMs: number[]; withoutMs: number[] }
}

interface HCBench {
  scrollToFraction(f: number): void
  flaggedPosts(from: number, limit: number): number[]
  posts(): number
  revealTag(i: number): { x: number; y: number }
  tickerStart(): void
  tickerStop(): number
}

/**
 * Turns the extension on or off for this page's site, with a mark style, and waits until it has
 * done so (a new style restarts nothing: the app redraws its marks).
 */
const SET_ACTIVE = (active: boolean, markStyle = 'underline'): string => `(async () => {
  const area = chrome.storage.sync
  const { settings } = await area.get('settings')
  const next = {
    ...(settings ?? {}),
    markStyle: ${JSON.stringify(markStyle)},
    disabledSites: ${active ? '[]' : '[location.hostname]'},
  }
  await area.set({ settings: next })
  const hook = globalThis[Symbol.for('hashtag-context.bench')]
  const deadline = performance.now() + 60000
  while ((hook.app() !== null) !== ${active}) {
    if (performance.now() > deadline) throw new Error('the extension did not turn ${active ? 'on' : 'off'}')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return true
})()`

async function taskSeconds(browser: BenchBrowser): Promise<number> {
  const { metrics } = await browser.cdp.send('Performance.getMetrics')
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN
}

/** Main-thread ms per frame over `windowMs` with the ticker running; and the frame count. */
async function perFrame(browser: BenchBrowser, windowMs: number): Promise<[number, number]> {
  const page = browser.page
  // Let the scroll's and the scan's own work (and the flagged-tags report) finish first.
  await sleep(700)
  await page.evaluate(() => (window as unknown as { HCBench: HCBench }).HCBench.tickerStart())
  const before = await taskSeconds(browser)
  await sleep(windowMs)
  const after = await taskSeconds(browser)
  const frames = await page.evaluate(() =>
    (window as unknown as { HCBench: HCBench }).HCBench.tickerStop(),
  )
  return [((after - before) * 1000) / Math.max(1, frames), frames]
}

/** Measure 8 on the page loaded (and scanned) in `ext`. */
export async function measureFrames(
  ext: BenchBrowser,
  windowMs: number,
  reps: number,
): Promise<FramePosition[]> {
  await ext.cdp.send('Performance.enable', { timeDomain: 'threadTicks' })
  const page = ext.page
  const out: FramePosition[] = []
  try {
    // The three the budget names, where (1 post in 100 being flagged) few or no ranges are
    // near the viewport; and one with a flagged tag in view, whose range is registered, in each
    // mark style (the default is underline): what a page pays per frame while a mark is in view.
    const revealMiddle = (bench: HCBench): void => {
      const [post] = bench.flaggedPosts(Math.floor(bench.posts() / 2), 1)
      if (post !== undefined) bench.revealTag(post)
    }
    const positions: [string, (bench: HCBench) => void, string][] = [
      ['top', (bench) => bench.scrollToFraction(0), 'underline'],
      ['middle', (bench) => bench.scrollToFraction(0.5), 'underline'],
      ['end', (bench) => bench.scrollToFraction(1), 'underline'],
      ...['underline', 'highlight', 'outline'].map(
        (style): [string, typeof revealMiddle, string] => [
          `a flagged tag in view (middle), mark style ${style}`,
          revealMiddle,
          style,
        ],
      ),
    ]
    for (const [name, scroll, style] of positions) {
      await page.evaluate(`(${scroll.toString()})(window.HCBench)`)
      const withMs: number[] = []
      const withoutMs: number[] = []
      const deltas: number[] = []
      let registered = 0
      let frames = 0
      for (let rep = 0; rep < reps; rep++) {
        await ext.inExtension(SET_ACTIVE(true, style))
        await ext.inExtension(SCAN_STATE, 120_000)
        registered = await ext.inExtension<number>(SETTLE_FRAMES)
        const [on, n] = await perFrame(ext, windowMs)
        await ext.inExtension(SET_ACTIVE(false, style))
        const [off] = await perFrame(ext, windowMs)
        withMs.push(on)
        withoutMs.push(off)
        deltas.push(on - off)
        frames = n
      }
      out.push({
        name,
        withMs: median(withMs),
        withoutMs: median(withoutMs),
        deltaMs: median(deltas),
        registered,
        frames,
        samples: { withMs, withoutMs },
      })
    }
  } finally {
    await ext.inExtension(SET_ACTIVE(true))
    await ext.cdp.send('Performance.disable')
  }
  return out
}
