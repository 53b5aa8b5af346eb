/**
 * Measure 1: what a page load costs the page with the extension, black-box. Each run loads the
 * same page in a browser without the extension and in one with the shipped build, alternating,
 * under a trace, until the renderer's main thread is quiet (lib/page-cost.ts); the figure is the
 * median of the paired differences of main-thread task time (and of style recalc and layout).
 * The baseline is the TreeWalker floor: a bare pass over the page's text in a fresh isolated
 * world of the browser without the extension, on the page just loaded (probes.ts FLOOR_PASS).
 */
import type { BenchBrowser } from '../lib/chromium.ts'
import { timelineUrl } from '../lib/config.ts'
import { tracedLoad, type LoadWork, type Quiet } from '../lib/page-cost.ts'
import { FLOOR_PASS, type FloorResult } from '../lib/probes.ts'
import { median, pairedMedian } from '../lib/stats.ts'

/** One page size's load figures (medians over the pairs). */
export interface LoadCostResult {
  posts: number
  pairs: number
  textNodes: number
  floorMs: number
  /** Main-thread task time, with minus without. */
  extraTaskMs: number
  /** Of the task time, after the load event (the page itself is done by then), with minus without. */
  extraAfterLoadMs: number
  extraStyleMs: number
  extraLayoutMs: number
  /** extraTaskMs / floorMs. */
  ratio: number
  withoutTaskMs: number
  withTaskMs: number
  /** Runs whose page did not get quiet within the wait. */
  notQuiet: number
  samples: { floorMs: number[]; without: LoadWork[]; with: LoadWork[] }
}

/** Measure 1 for one page size. */
export async function measureLoadCost(
  plain: BenchBrowser,
  ext: BenchBrowser,
  base: string,
  posts: number,
  pairs: number,
  quiet: Quiet,
): Promise<LoadCostResult> {
  const url = timelineUrl(base, posts)
  const floors: number[] = []
  const without: LoadWork[] = []
  const withExt: LoadWork[] = []
  let textNodes = 0
  for (let run = 0; run < pairs; run++) {
    // Alternate which goes first, so a drift of the machine's load falls on both.
    const order = run % 2 === 0 ? [plain, ext] : [ext, plain]
    for (const browser of order) {
      const work = await tracedLoad(browser, url, quiet)
      if (browser === plain) {
        without.push(work)
        const floor = await plain.inNewWorld<FloorResult>(FLOOR_PASS)
        floors.push(floor.ms)
        textNodes = floor.count
      } else withExt.push(work)
    }
  }
  const delta = (key: 'taskMs' | 'afterLoadTaskMs' | 'styleMs' | 'layoutMs'): number =>
    pairedMedian(
      withExt.map((w) => w[key]),
      without.map((w) => w[key]),
      (w, wo) => w - wo,
    )
  const floorMs = median(floors)
  const extraTaskMs = delta('taskMs')
  return {
    posts,
    pairs,
    textNodes,
    floorMs,
    extraTaskMs,
    extraAfterLoadMs: delta('afterLoadTaskMs'),
    extraStyleMs: delta('styleMs'),
    extraLayoutMs: delta('layoutMs'),
    ratio: extraTaskMs / floorMs,
    withoutTaskMs: median(without.map((w) => w.taskMs)),
    withTaskMs: median(withExt.map((w) => w.taskMs)),
    notQuiet: [...without, ...withExt].filter((w) => !w.quiet).length,
    samples: { floorMs: floors, without, with: withExt },
  }
}
