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
import { timelineUrl } from '../lib/config.ts'
import { untilQuiet, workOf, type PageWork, type Quiet } from '../lib/page-cost.ts'
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

/** Measure 2's cost: what a change costs the page's main thread, with minus without (medians). */
export interface IncrementalCost {
  posts: number
  /** Main-thread task time of an append, until the page is quiet again: with minus without. */
  appendExtraMs: number
  appendWithoutMs: number
  editExtraMs: number
  editWithoutMs: number
  /** Of the append's extra, style recalc and layout. */
  appendExtraStyleMs: number
  appendExtraLayoutMs: number
  samples: { append: [PageWork, PageWork][]; edit: [PageWork, PageWork][] }
}

/**
 * Measure 2's cost, black-box: the same page in a browser without the extension (`plain`) and
 * one with it (`ext`), both loaded and quiet; each run appends `appendPosts` posts (or rewrites
 * one post's text) in both, alternating which goes first, and reads the main thread's work from
 * just before the change until the page is quiet again (lib/page-cost.ts).
 */
export async function measureIncrementalCost(
  plain: BenchBrowser,
  ext: BenchBrowser,
  posts: number,
  runs: number,
  appendPosts: number,
  base: string,
  quiet: Quiet,
): Promise<IncrementalCost> {
  for (const browser of [plain, ext]) {
    await browser.goto(timelineUrl(base, posts))
    await untilQuiet(browser.cdp, quiet)
  }
  const pair = async (run: number, act: (b: BenchBrowser) => Promise<unknown>) => {
    const result = new Map<BenchBrowser, PageWork>()
    for (const browser of run % 2 === 0 ? [plain, ext] : [ext, plain]) {
      result.set(browser, await workOf(browser, () => act(browser), quiet))
    }
    return [result.get(ext), result.get(plain)] as [PageWork, PageWork]
  }
  const append: [PageWork, PageWork][] = []
  for (let run = 0; run < runs; run++) {
    append.push(
      await pair(run, (b) =>
        b.page.evaluate(
          (n) => (window as unknown as { HCBench: HCBench }).HCBench.append(n),
          appendPosts,
        ),
      ),
    )
  }
  const edit: [PageWork, PageWork][] = []
  for (let run = 0; run < runs; run++) {
    const i = Math.floor((posts * (run + 1)) / (runs + 1)) + 1
    edit.push(
      await pair(run, (b) =>
        b.page.evaluate((n) => (window as unknown as { HCBench: HCBench }).HCBench.edit(n), i),
      ),
    )
  }
  const extra = (list: [PageWork, PageWork][], key: keyof PageWork): number =>
    median(list.map(([w, wo]) => w[key] - wo[key]))
  return {
    posts,
    appendExtraMs: extra(append, 'taskMs'),
    appendWithoutMs: median(append.map(([, wo]) => wo.taskMs)),
    editExtraMs: extra(edit, 'taskMs'),
    editWithoutMs: median(edit.map(([, wo]) => wo.taskMs)),
    appendExtraStyleMs: extra(append, 'styleMs'),
    appendExtraLayoutMs: extra(append, 'layoutMs'),
    samples: { append, edit },
  }
}
