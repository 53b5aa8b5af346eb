/**
 * Measure 3: what each frame of an animating page costs with the extension, black-box. The
 * timeline page changes one element's style every frame (a progress bar, as video players,
 * tickers and live timestamps do) and a flagged tag is in the middle of the viewport. The same
 * page at the same scroll position runs in a browser without the extension and in one with the
 * shipped build, alternating; main-thread time per frame is CDP TaskDuration (thread time,
 * every task of the renderer's main thread) over a window divided by the frames the page's
 * requestAnimationFrame ticker counted, and the frame rate is the ticker's (its rAF intervals).
 * The figure is the median of the paired differences. Done at each page size and in each mark
 * style (set in the extension's settings, as a user sets it in the options page).
 */
import type { BenchBrowser } from '../lib/chromium.ts'
import { timelineUrl } from '../lib/config.ts'
import { pageCounters, untilQuiet, type Quiet } from '../lib/page-cost.ts'
import { HIGHLIGHT_RANGES } from '../lib/probes.ts'
import { frameRates, median, pairedMedian, sleep } from '../lib/stats.ts'

/** The mark styles the options page offers (src/shared/settings.ts). */
export const MARK_STYLES = ['underline', 'highlight', 'outline'] as const

/** One page size, position and mark style: medians over the pairs. */
export interface FrameCase {
  posts: number
  /** 'a flagged tag in view' or 'no flagged tag near (top)'. */
  position: string
  markStyle: string
  withMs: number
  withoutMs: number
  /** Median of (with − without) per frame. */
  deltaMs: number
  withFps: number
  withoutFps: number
  /** Median of with / without frame rate. */
  fpsRatio: number
  /** Custom-highlight ranges in the page's registry (CSS.highlights, as a page script sees it). */
  highlightRanges: number
  samples: { withMs: number[]; withoutMs: number[]; withFps: number[]; withoutFps: number[] }
}

interface HCBench {
  scrollToFraction(f: number): void
  flaggedPosts(from: number, limit: number): number[]
  posts(): number
  revealTag(i: number): { x: number; y: number }
  tickerStart(): void
  tickerStop(): number
  tickerFps(): number
}

/**
 * Content-script-world script: stores a mark style in the extension's settings (the options
 * page writes the same key); the content script applies it to the marks it has.
 */
const SET_MARK_STYLE = (markStyle: string): string => `(async () => {
  const area = chrome.storage.sync
  const { settings } = await area.get('settings')
  await area.set({ settings: { ...(settings ?? {}), markStyle: ${JSON.stringify(markStyle)} } })
  return true
})()`

/** Main-thread ms per frame and the page's frame rate over `windowMs` with the ticker running. */
async function perFrame(browser: BenchBrowser, windowMs: number): Promise<[number, number]> {
  const page = browser.page
  await page.evaluate(() => (window as unknown as { HCBench: HCBench }).HCBench.tickerStart())
  const before = (await pageCounters(browser.cdp)).taskMs
  await sleep(windowMs)
  const after = (await pageCounters(browser.cdp)).taskMs
  const [frames, fps] = await page.evaluate(() => {
    const bench = (window as unknown as { HCBench: HCBench }).HCBench
    return [bench.tickerStop(), bench.tickerFps()] as [number, number]
  })
  // Let the last frame's work finish before the other browser runs.
  await sleep(150)
  return [(after - before) / Math.max(1, frames), fps]
}

/** Where to put the page: a flagged tag in the middle of the viewport, or the top. */
type Place = (bench: HCBench) => void
const TAG_IN_VIEW: Place = (bench) => {
  const [post] = bench.flaggedPosts(Math.floor(bench.posts() / 2), 1)
  if (post !== undefined) bench.revealTag(post)
}
const TOP: Place = (bench) => bench.scrollToFraction(0)

/** Options of measure 3. */
export interface FrameOptions {
  windowMs: number
  pairs: number
  quiet: Quiet
  /** Also measure the top of the page (no flagged tag near) at this size. */
  topAt: number
}

/** Measure 3 at one page size: each mark style with a tag in view (and the top, if asked). */
export async function measureFrames(
  plain: BenchBrowser,
  ext: BenchBrowser,
  base: string,
  posts: number,
  options: FrameOptions,
): Promise<FrameCase[]> {
  const url = timelineUrl(base, posts)
  const cases: [string, Place, string][] = MARK_STYLES.map((style) => [
    'a flagged tag in view',
    TAG_IN_VIEW,
    style,
  ])
  if (options.topAt === posts) cases.unshift(['no flagged tag near (top)', TOP, 'underline'])
  for (const browser of [plain, ext]) {
    await browser.goto(url)
    await untilQuiet(browser.cdp, options.quiet)
  }
  const out: FrameCase[] = []
  try {
    for (const [position, place, style] of cases) {
      await ext.inExtension(SET_MARK_STYLE(style))
      for (const browser of [plain, ext]) {
        await browser.page.evaluate(`(${place.toString()})(window.HCBench)`)
        // The scroll's work, and the extension's (marks placed, a restyle, its reports).
        await untilQuiet(browser.cdp, options.quiet)
      }
      const highlightRanges = await ext.page.evaluate<number>(HIGHLIGHT_RANGES)
      const s = { withMs: [] as number[], withoutMs: [] as number[], withFps: [] as number[] }
      const samples = { ...s, withoutFps: [] as number[] }
      for (let pair = 0; pair < options.pairs; pair++) {
        const order = pair % 2 === 0 ? [plain, ext] : [ext, plain]
        for (const browser of order) {
          const [msPerFrame, fps] = await perFrame(browser, options.windowMs)
          if (browser === ext) {
            samples.withMs.push(msPerFrame)
            samples.withFps.push(fps)
          } else {
            samples.withoutMs.push(msPerFrame)
            samples.withoutFps.push(fps)
          }
        }
      }
      out.push({
        posts,
        position,
        markStyle: style,
        withMs: median(samples.withMs),
        withoutMs: median(samples.withoutMs),
        deltaMs: pairedMedian(samples.withMs, samples.withoutMs, (w, wo) => w - wo),
        ...frameRates(samples.withFps, samples.withoutFps),
        highlightRanges,
        samples,
      })
    }
  } finally {
    await ext.inExtension(SET_MARK_STYLE('underline'))
  }
  return out
}
