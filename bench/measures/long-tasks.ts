/**
 * Measure 5: main-thread blocking. Three scenes, each traced (bench/lib/trace.ts) in a browser
 * with the extension and in one without it, doing the same:
 * - scroll: loading the large timeline page, its scan, and a scroll through it (jumps to evenly
 *   spaced positions, each followed by wheel scrolling and pointer moves, so marks come into
 *   view and leave it and the hit-test index is rebuilt);
 * - storm: a page making 1,000 mutations a second (pages/storm.html), for a while;
 * - many: loading a page of 200,000 elements holding text (pages/many.html) and scrolling it.
 * Every main-thread task over 50 ms is listed with the content script's JavaScript time inside
 * it; and, black-box, the tasks whose main-thread (thread) time is over 50 ms are counted with
 * and without the extension, which also catches style, layout and paint work the extension
 * causes the page (no JavaScript of the extension runs in those).
 */
import type { BenchBrowser } from '../lib/chromium.ts'
import { timelineUrl } from '../lib/config.ts'
import { untilQuiet, type Quiet } from '../lib/page-cost.ts'
import { sleep } from '../lib/stats.ts'
import { analyseLongTasks, startTrace, type LongTaskReport } from '../lib/trace.ts'

/** The scenes, in the table's order. */
export const SCENES = ['scroll', 'storm', 'many'] as const
export type Scene = (typeof SCENES)[number]

/** One scene's figures. */
export interface LongTaskResult extends LongTaskReport {
  scene: Scene
  /** What the scene did, for the table. */
  description: string
  /** Tasks of over 50 ms of main-thread (thread) time, with the extension and without (NaN: not traced). */
  cpuLongWith: number
  cpuLongWithout: number
}

/** Options of measure 5. */
export interface LongTaskOptions {
  quiet: Quiet
  posts: number
  scrollStops: number
  stormMs: number
  manyElements: number
  /** Also trace each scene without the extension (the black-box count). */
  without: boolean
}

interface Bench {
  scrollToFraction(f: number): void
}

/** Scrolls through the page: `stops` jumps, each with wheel turns and pointer moves. */
async function scrollThrough(browser: BenchBrowser, stops: number, quiet: Quiet): Promise<void> {
  const page = browser.page
  for (let k = 0; k <= stops; k++) {
    await page.evaluate((f) => {
      const max = document.documentElement.scrollHeight - innerHeight
      const bench = (window as unknown as { HCBench?: Bench }).HCBench
      if (bench) bench.scrollToFraction(f)
      else window.scrollTo(0, Math.round(max * f))
    }, k / stops)
    for (let w = 0; w < 4; w++) {
      await page.mouse.move(300 + w * 40, 200 + w * 90)
      await page.mouse.wheel(0, 300)
      await sleep(30)
    }
    await untilQuiet(browser.cdp, quiet)
  }
}

/** Runs one scene in `browser` under a trace; its long tasks (by the content script's URL). */
async function traceScene(
  browser: BenchBrowser,
  base: string,
  scene: Scene,
  options: LongTaskOptions,
  scriptUrl: string,
): Promise<LongTaskReport> {
  // Between scroll stops a shorter quiet window will do: the page only settles its frames.
  const quiet = options.quiet
  const stopQuiet: Quiet = {
    ...quiet,
    windowMs: Math.min(300, quiet.windowMs),
    minMs: Math.min(300, quiet.minMs),
  }
  await browser.goto('about:blank')
  const stop = await startTrace(browser.cdp)
  let events
  try {
    if (scene === 'scroll') {
      await browser.goto(timelineUrl(base, options.posts))
      await untilQuiet(browser.cdp, quiet)
      await scrollThrough(browser, options.scrollStops, stopQuiet)
    } else if (scene === 'storm') {
      await browser.goto(`${base}storm.html`)
      await untilQuiet(browser.cdp, quiet)
      await browser.page.evaluate(
        (ms) =>
          (window as unknown as { HCStorm: { run(ms: number): Promise<number> } }).HCStorm.run(ms),
        options.stormMs,
      )
    } else {
      await browser.goto(`${base}many.html?elements=${options.manyElements}`)
      await untilQuiet(browser.cdp, quiet)
      await scrollThrough(browser, 3, stopQuiet)
    }
    await untilQuiet(browser.cdp, quiet)
  } finally {
    events = await stop()
  }
  return analyseLongTasks(events, scriptUrl)
}

/** Measure 5: each scene with the extension (`ext`) and without (`plain`). */
export async function measureLongTasks(
  plain: BenchBrowser,
  ext: BenchBrowser,
  base: string,
  options: LongTaskOptions,
): Promise<LongTaskResult[]> {
  if (!ext.extensionId) throw new Error('long tasks: the browser has no extension')
  const url = `chrome-extension://${ext.extensionId}/src/content/main.js`
  const descriptions: Record<Scene, string> = {
    scroll: `load + scan + scroll of ${options.posts.toLocaleString('en-US')} posts`,
    storm: `${options.stormMs / 1000} s of 1,000 mutations a second`,
    many: `load + scan + scroll of a page of ${options.manyElements.toLocaleString('en-US')} elements holding text`,
  }
  const out: LongTaskResult[] = []
  for (const scene of SCENES) {
    const withExt = await traceScene(ext, base, scene, options, url)
    const without = options.without ? await traceScene(plain, base, scene, options, url) : null
    const cpuLong = (r: LongTaskReport | null): number =>
      r ? r.longTasks.filter((t) => t.cpuMs > 50).length : Number.NaN
    out.push({
      scene,
      description: descriptions[scene],
      ...withExt,
      cpuLongWith: cpuLong(withExt),
      cpuLongWithout: cpuLong(without),
    })
  }
  return out
}
