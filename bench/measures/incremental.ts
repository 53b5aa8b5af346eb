/**
 * Measure 2: incremental work on a page already scanned. The page appends posts (or rewrites
 * one post's text) and returns performance.now() from just before; the content script's
 * scanner reports when it last marked a flagged tag (each change brings one). The time between
 * is what a reader waits for the new mark, including the page's own work in between (the
 * MutationObserver delivery, rendering); the scanner's own main-thread time for the change
 * (both kinds of slice) is reported beside it.
 */
import type { BenchBrowser } from '../lib/chromium.ts'
import { SCAN_STATE, type ScanState } from '../lib/probes.ts'
import { median, sleep } from '../lib/stats.ts'

/** Figures for one page size (medians). */
export interface IncrementalResult {
  posts: number
  appendMs: number
  appendBusyMs: number
  editMs: number
  editBusyMs: number
  samples: { appendMs: number[]; editMs: number[] }
}

interface HCBench {
  append(count: number): number
  edit(i: number): number
  posts(): number
}

/**
 * Runs `runs` appends of `appendPosts` posts and `runs` edits on the page loaded in `ext`
 * (already scanned), each measured until its flagged tag is marked.
 */
export async function measureIncremental(
  ext: BenchBrowser,
  posts: number,
  runs: number,
  appendPosts: number,
): Promise<IncrementalResult> {
  const page = ext.page
  const appendMs: number[] = []
  const appendBusy: number[] = []
  const editMs: number[] = []
  const editBusy: number[] = []
  const change = async (act: () => Promise<number>): Promise<[number, number]> => {
    // Past the flagged-tags report's debounce (500 ms), so the last change's report is not
    // counted in this one.
    await sleep(600)
    const before = await ext.inExtension<ScanState>(SCAN_STATE)
    const start = await act()
    const after = await ext.inExtension<ScanState>(SCAN_STATE)
    // Every change brings a flagged tag (one post in a hundred has one; an edit writes one).
    if (after.foundAt <= start) throw new Error('no new mark after the change')
    return [after.foundAt - start, after.busyMs - before.busyMs]
  }
  for (let run = 0; run < runs; run++) {
    const [ms, busy] = await change(() =>
      page.evaluate(
        (n) => (window as unknown as { HCBench: HCBench }).HCBench.append(n),
        appendPosts,
      ),
    )
    appendMs.push(ms)
    appendBusy.push(busy)
  }
  for (let run = 0; run < runs; run++) {
    // Posts spread over the page, none edited twice.
    const i = Math.floor((posts * (run + 1)) / (runs + 1)) + 1
    const [ms, busy] = await change(() =>
      page.evaluate((n) => (window as unknown as { HCBench: HCBench }).HCBench.edit(n), i),
    )
    editMs.push(ms)
    editBusy.push(busy)
  }
  return {
    posts,
    appendMs: median(appendMs),
    appendBusyMs: median(appendBusy),
    editMs: median(editMs),
    editBusyMs: median(editBusy),
    samples: { appendMs, editMs },
  }
}
