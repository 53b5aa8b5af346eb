/**
 * What the page pays, read from outside the extension: the renderer main thread's task time
 * (thread time: every task of the page's main thread, whoever runs it: page script, content
 * script, style, layout, paint) and, of that, style recalc and layout. Two sources:
 *
 * - CDP `Performance.getMetrics` (TaskDuration, RecalcStyleDuration, LayoutDuration in thread
 *   time) for work within one document: cumulative counters, read before and after.
 * - A trace (CDP Tracing: top-level tasks, UpdateLayoutTree and Layout events with their thread
 *   time) for a page load: the counters above do not survive a navigation reliably (a load in a
 *   new renderer starts them again, one in the same renderer keeps the task time but restarts
 *   the style and layout times), while a trace follows the load into whichever renderer commits
 *   it (its CommitLoad event names the URL).
 *
 * Neither needs anything from the extension: the same figures come from a browser without it,
 * and "what the extension costs the page" is with minus without on the same page.
 */
import type { CDPSession } from 'playwright-core'
import type { BenchBrowser } from './chromium.ts'
import { sleep } from './stats.ts'
import { startTrace, type TraceEvent } from './trace.ts'

/** Main-thread work in ms (thread time). */
export interface PageWork {
  taskMs: number
  styleMs: number
  layoutMs: number
}

/** The renderer's cumulative counters now (needs `Performance.enable` with threadTicks). */
export async function pageCounters(cdp: CDPSession): Promise<PageWork> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  const get = (name: string): number =>
    (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000
  return {
    taskMs: get('TaskDuration'),
    styleMs: get('RecalcStyleDuration'),
    layoutMs: get('LayoutDuration'),
  }
}

/** b − a, field by field. */
export function workBetween(a: PageWork, b: PageWork): PageWork {
  return {
    taskMs: b.taskMs - a.taskMs,
    styleMs: b.styleMs - a.styleMs,
    layoutMs: b.layoutMs - a.layoutMs,
  }
}

/** When the main thread counts as quiet: under `busyMs` of task time in the last `windowMs`. */
export interface Quiet {
  windowMs: number
  busyMs: number
  /** Never stop before this long (ms from the call). */
  minMs: number
  /** Give up waiting after this long (the figure is then taken anyway; `quiet` says so). */
  maxMs: number
}

/**
 * Waits until the page's main thread is quiet (CDP task time; a counter that restarts, as on a
 * new renderer, counts as work since the restart). Returns how long it waited and whether it
 * got quiet before `maxMs`.
 */
export async function untilQuiet(
  cdp: CDPSession,
  quiet: Quiet,
): Promise<{ waitedMs: number; quiet: boolean }> {
  const started = Date.now()
  const step = 100
  const history: number[] = []
  let total = 0
  let last = (await pageCounters(cdp)).taskMs
  for (;;) {
    await sleep(step)
    const now = (await pageCounters(cdp)).taskMs
    total += now >= last ? now - last : now
    last = now
    history.push(total)
    const waited = Date.now() - started
    const back = Math.ceil(quiet.windowMs / step)
    if (history.length > back && waited >= quiet.minMs) {
      const busy = total - (history[history.length - 1 - back] as number)
      if (busy < quiet.busyMs) return { waitedMs: waited, quiet: true }
    }
    if (waited >= quiet.maxMs) return { waitedMs: waited, quiet: false }
  }
}

/**
 * Runs `during` with the page's counters read before and after it and after the main thread is
 * quiet again: the work of whatever `during` sets off, until it is done.
 */
export async function workOf(
  browser: BenchBrowser,
  during: () => Promise<unknown>,
  quiet: Quiet,
): Promise<PageWork & { waitedMs: number; quiet: boolean }> {
  const before = await pageCounters(browser.cdp)
  await during()
  const settled = await untilQuiet(browser.cdp, quiet)
  const after = await pageCounters(browser.cdp)
  return { ...workBetween(before, after), ...settled }
}

/** A page load's work, from its commit until the page was quiet. */
export interface LoadWork extends PageWork {
  /** Of taskMs, in tasks that started after the load event. */
  afterLoadTaskMs: number
  /** From the commit to the end of the trace (wall time). */
  windowMs: number
  /** Whether the page got quiet within the wait. */
  quiet: boolean
}

const LOAD_CATEGORIES = ['toplevel', 'devtools.timeline']

/** Sums the thread time of `events` on one thread, nested ones once. */
function threadTime(events: TraceEvent[]): number {
  let end = -Infinity
  let sum = 0
  for (const e of events.sort((a, b) => a.ts - b.ts)) {
    if (e.ts < end) continue
    end = e.ts + (e.dur ?? 0)
    sum += e.tdur ?? e.dur ?? 0
  }
  return sum / 1000
}

/** Reads a load's work from its trace: the renderer main thread that committed `url`. */
export function loadWork(events: TraceEvent[], url: string): Omit<LoadWork, 'quiet'> {
  const commit = events
    .filter((e) => e.name === 'CommitLoad' && e.args?.data?.url === url && e.args.data.isMainFrame)
    .at(-1)
  if (!commit) throw new Error(`the load trace has no main-frame commit of ${url}`)
  const onThread = events.filter(
    (e) => e.pid === commit.pid && e.tid === commit.tid && e.ph === 'X' && e.ts >= commit.ts,
  )
  const load = events.find(
    (e) => e.name === 'MarkLoad' && e.pid === commit.pid && e.ts >= commit.ts,
  )
  const tasks = onThread.filter(
    (e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask',
  )
  const last = Math.max(...onThread.map((e) => e.ts + (e.dur ?? 0)))
  return {
    taskMs: threadTime(tasks),
    afterLoadTaskMs: load ? threadTime(tasks.filter((e) => e.ts >= load.ts)) : Number.NaN,
    styleMs: threadTime(onThread.filter((e) => e.name === 'UpdateLayoutTree')),
    layoutMs: threadTime(onThread.filter((e) => e.name === 'Layout')),
    windowMs: (last - commit.ts) / 1000,
  }
}

/**
 * Loads `url` in `browser` under a trace, waits until the main thread is quiet, and returns the
 * load's work (bench/README.md, measure 1).
 */
export async function tracedLoad(
  browser: BenchBrowser,
  url: string,
  quiet: Quiet,
): Promise<LoadWork> {
  await browser.goto('about:blank')
  const stop = await startTrace(browser.cdp, LOAD_CATEGORIES)
  let settled = { quiet: false }
  let events: TraceEvent[]
  try {
    await browser.goto(url)
    settled = await untilQuiet(browser.cdp, quiet)
  } finally {
    events = await stop()
  }
  return { ...loadWork(events, url), quiet: settled.quiet }
}
