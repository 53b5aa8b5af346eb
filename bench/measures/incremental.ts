/**
 * Measure 2: incremental work on a page already scanned. The page appends posts (or rewrites
 * one post's text) and returns performance.now() from just before; the time just after is taken
 * in the same task, before any observer hears of the change. The content script's scanner
 * reports when it last marked a flagged tag (each change brings one). The figure is the time
 * from the end of the page's change to the mark: what the extension adds to what a reader
 * waits for (the MutationObserver delivery and the scan). The page's own change is reported
 * beside it, and start to mark in the samples: on the 50,000-post page one text change costs
 * the page 0.2-0.3 ms against 0.1 ms on the 1,000-post page, with or without the extension
 * (Chromium's cost, not the scanner's). So is the scanner's own main-thread time for the
 * change (both kinds of slice).
 */
import type { BenchBrowser } from '../lib/chromium.ts'
import { SCAN_STATE, type ScanState } from '../lib/probes.ts'
import { median, sleep } from '../lib/stats.ts'

/** Figures for one page size (medians). */
export interface IncrementalResult {
  posts: number
  /** From the end of the page's change to the mark. */
  appendMs: number
  appendBusyMs: number
  /** The page's own change: its script, from start to end. */
  appendPageMs: number
  editMs: number
  editBusyMs: number
  editPageMs: number
  samples: {
    appendMs: number[]
    editMs: number[]
    appendPageMs: number[]
    editPageMs: number[]
    /** From the start of the page's change to the mark. */
    appendTotalMs: number[]
    editTotalMs: number[]
  }
}

/** One change: the mark's delay after it, the page's own time, and the scanner's time. */
interface Change {
  ms: number
  pageMs: number
  busyMs: number
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
  const change = async (act: () => Promise<[number, number]>): Promise<Change> => {
    // Past the flagged-tags report's debounce (500 ms), so the last change's report is not
    // counted in this one.
    await sleep(600)
    const before = await ext.inExtension<ScanState>(SCAN_STATE)
    const [start, end] = await act()
    const after = await ext.inExtension<ScanState>(SCAN_STATE)
    // Every change brings a flagged tag (one post in a hundred has one; an edit writes one).
    if (after.foundAt <= start) throw new Error('no new mark after the change')
    // The mark comes after the page's change (the observer hears of it once the page's script
    // is done); at the timer's resolution it can read as a little before.
    return {
      ms: Math.max(0, after.foundAt - end),
      pageMs: end - start,
      busyMs: after.busyMs - before.busyMs,
    }
  }
  const appends: Change[] = []
  for (let run = 0; run < runs; run++) {
    appends.push(
      await change(() =>
        page.evaluate((n) => {
          const start = (window as unknown as { HCBench: HCBench }).HCBench.append(n)
          return [start, performance.now()] as [number, number]
        }, appendPosts),
      ),
    )
  }
  const edits: Change[] = []
  for (let run = 0; run < runs; run++) {
    // Posts spread over the page, none edited twice.
    const i = Math.floor((posts * (run + 1)) / (runs + 1)) + 1
    edits.push(
      await change(() =>
        page.evaluate((n) => {
          const start = (window as unknown as { HCBench: HCBench }).HCBench.edit(n)
          return [start, performance.now()] as [number, number]
        }, i),
      ),
    )
  }
  const of = (list: Change[], key: keyof Change): number[] => list.map((c) => c[key])
  const total = (list: Change[]): number[] => list.map((c) => c.pageMs + c.ms)
  return {
    posts,
    appendMs: median(of(appends, 'ms')),
    appendBusyMs: median(of(appends, 'busyMs')),
    appendPageMs: median(of(appends, 'pageMs')),
    editMs: median(of(edits, 'ms')),
    editBusyMs: median(of(edits, 'busyMs')),
    editPageMs: median(of(edits, 'pageMs')),
    samples: {
      appendMs: of(appends, 'ms'),
      editMs: of(edits, 'ms'),
      appendPageMs: of(appends, 'pageMs'),
      editPageMs: of(edits, 'pageMs'),
      appendTotalMs: total(appends),
      editTotalMs: total(edits),
    },
  }
}
