/**
 * Measure 4: the frame rate of the animating page (measure 3's) with a flagged tag in view, in
 * Firefox ESR, with and without the extension (dist/firefox). Firefox has no CDP, so the figure
 * is what the page itself sees: the intervals of its requestAnimationFrame loop. One Firefox
 * (puppeteer-core over WebDriver BiDi, as the e2e tests drive it), the add-on installed and
 * removed between runs (a temporary add-on, as `web-ext run` installs it), alternating.
 */
import type { Browser, Page } from 'puppeteer-core'
import { installFirefoxExtension, launchFirefox } from '../../tests/e2e/lib/browsers.ts'
import { timelineUrl } from '../lib/config.ts'
import { HIGHLIGHT_RANGES, UNTIL_IDLE } from '../lib/probes.ts'
import { frameRates, sleep } from '../lib/stats.ts'

/** One page size's figures (medians over the pairs). */
export interface FirefoxFrames {
  posts: number
  withFps: number
  withoutFps: number
  /** Median of with / without. */
  fpsRatio: number
  /** Custom-highlight ranges in the page's registry with the extension (a page script's view). */
  highlightRanges: number
  samples: { withFps: number[]; withoutFps: number[] }
}

const TAG_IN_VIEW = `(() => {
  const bench = window.HCBench
  const [post] = bench.flaggedPosts(Math.floor(bench.posts() / 2), 1)
  bench.revealTag(post)
})()`

/** Loads the page, puts a flagged tag in view, waits for quiet, and returns the ticker's fps. */
async function fpsOnce(page: Page, url: string, windowMs: number): Promise<[number, number]> {
  await page.goto(url, { waitUntil: 'load', timeout: 180_000 })
  await page.evaluate(UNTIL_IDLE())
  await page.evaluate(TAG_IN_VIEW)
  await page.evaluate(UNTIL_IDLE())
  const ranges = (await page.evaluate(HIGHLIGHT_RANGES)) as number
  await page.evaluate('window.HCBench.tickerStart()')
  await sleep(windowMs)
  const fps = (await page.evaluate(
    '(() => { const f = window.HCBench.tickerFps(); window.HCBench.tickerStop(); return f })()',
  )) as number
  return [fps, ranges]
}

/** Measure 4 at each page size. */
export async function measureFirefoxFrames(
  extension: string,
  base: string,
  sizes: readonly number[],
  pairs: number,
  windowMs: number,
): Promise<FirefoxFrames[]> {
  const browser: Browser = await launchFirefox({ headless: true })
  const out: FirefoxFrames[] = []
  try {
    const page = await browser.newPage()
    let addon: string | null = null
    const set = async (installed: boolean): Promise<void> => {
      if (installed && addon === null) addon = await installFirefoxExtension(browser, extension)
      if (!installed && addon !== null) {
        await browser.uninstallExtension(addon)
        addon = null
      }
    }
    for (const posts of sizes) {
      const url = timelineUrl(base, posts)
      const samples = { withFps: [] as number[], withoutFps: [] as number[] }
      let highlightRanges = 0
      for (let pair = 0; pair < pairs; pair++) {
        // Alternate which goes first; the add-on is installed or removed only between runs.
        for (const installed of pair % 2 === 0 ? [false, true] : [true, false]) {
          await set(installed)
          const [fps, ranges] = await fpsOnce(page, url, windowMs)
          if (installed) {
            samples.withFps.push(fps)
            highlightRanges = ranges
          } else samples.withoutFps.push(fps)
        }
      }
      out.push({
        posts,
        ...frameRates(samples.withFps, samples.withoutFps),
        highlightRanges,
        samples,
      })
    }
  } finally {
    await browser.close()
  }
  return out
}
