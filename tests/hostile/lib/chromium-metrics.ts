/**
 * What the extension costs a Chromium tab, measured from outside through CDP:
 *
 * - Main-thread tasks from a trace (Tracing domain, devtools.timeline categories). A task's time
 *   is split into what is explained without the extension — the page's own JavaScript (trace
 *   events carrying the page's script URL), style, layout, paint, HTML parsing and garbage
 *   collection — and the rest. Time inside the content script's own calls (events carrying its
 *   chrome-extension:// URL) is never explained away, even when it forces a layout. What is left
 *   is charged to the extension: also its async continuations (scheduler.yield, promise
 *   callbacks), which Chromium traces without a URL. So a "long task from the extension" is one
 *   where that charged time exceeds 50 ms: conservative, as unknown time is blamed on it. Times
 *   are the main thread's CPU time (trace thread clock), so the waits of a loaded machine, where
 *   other processes hold the cores, are not charged to anyone.
 * - Heap (Runtime.getHeapUsage: V8 plus Blink's embedder heap) after a forced garbage collection,
 *   and DOM counters (Memory.getDOMCounters: documents, nodes, JS event listeners).
 */
import type { BrowserContext, CDPSession } from 'playwright-core'

export interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  /** Thread (CPU) clock start and duration, µs. */
  tts?: number
  tdur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: { url?: string; functionName?: string } }
}

/** One main-thread task (CPU time) with the time charged to the extension. */
export interface TaskCost {
  /** Task duration, ms. */
  ms: number
  /** Time not explained by the page's JS, rendering or GC, ms. */
  extensionMs: number
  /** Time in the content script's own calls, ms. */
  extensionCallsMs: number
  /** The content script's longest call in the task, by function name. */
  longestCall?: string
  /** For a task charged over 50 ms: its events over 0.3 ms, for the failure message. */
  events?: string
}

/** Summary of a traced period. */
export interface TraceSummary {
  tasks: number
  /** Tasks of the page's main thread longer than 50 ms (CPU time), or charged over 50 ms. */
  longTasks: TaskCost[]
  /** The largest time charged to the extension in one task, ms. */
  maxExtensionMs: number
  /** Total time charged to the extension, ms. */
  totalExtensionMs: number
  /** Total time in the content script's own calls, ms. */
  totalExtensionCallsMs: number
}

const JS_EVENTS = new Set(['FunctionCall', 'EvaluateScript', 'v8.compile', 'v8.run', 'TimerFire'])
const RENDERING = new Set([
  'ParseHTML',
  'ParseAuthorStyleSheet',
  'UpdateLayoutTree',
  'RecalculateStyles',
  'Layout',
  'PrePaint',
  'Paint',
  'PaintImage',
  'Layerize',
  'Commit',
  'UpdateLayer',
  'HitTest',
  'Decode Image',
  'ScrollLayer',
])
const GC = /^(MajorGC|MinorGC|V8\.GC|BlinkGC|CppGC|V8\.Scavenge)/

type Interval = [number, number]

/** Total length of the union of intervals. */
function unionLength(list: Interval[]): number {
  const sorted = [...list].sort((a, b) => a[0] - b[0])
  let total = 0
  let end = -Infinity
  for (const [s, e] of sorted) {
    if (e <= end) continue
    total += e - Math.max(s, end)
    end = e
  }
  return total
}

/** Length of `list` minus what overlaps `minus` (both unions). */
function lengthWithout(list: Interval[], minus: Interval[]): number {
  return unionLength([...list, ...minus]) - unionLength(minus)
}

/** Trace categories of the main-thread task measures. */
const TASK_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'toplevel',
  'v8.execute',
]

/**
 * Records a trace (the task categories, plus `extra`) until the returned function is called,
 * which resolves with every event.
 */
export async function recordTrace(
  cdp: CDPSession,
  extra: string[] = [],
): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = []
  const onData = (e: { value: object[] }): void => {
    events.push(...(e.value as TraceEvent[]))
  }
  cdp.on('Tracing.dataCollected', onData)
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    // Not 'v8': with it, Chromium 156 drops the url of FunctionCall events.
    traceConfig: { includedCategories: [...TASK_CATEGORIES, ...extra] },
  })
  return async () => {
    const done = new Promise<void>((resolve) =>
      cdp.once('Tracing.tracingComplete', () => resolve()),
    )
    await cdp.send('Tracing.end')
    await done
    cdp.off('Tracing.dataCollected', onData)
    return events
  }
}

/** Records a trace until the returned function is called, which resolves with its summary. */
export async function startTrace(
  cdp: CDPSession,
  extensionOrigin: string,
): Promise<() => Promise<TraceSummary>> {
  const stop = await recordTrace(cdp)
  return async () => summarise(await stop(), extensionOrigin)
}

/**
 * The tasks of one thread from a moment on (the thread and moment of the first event named
 * `anchor`, e.g. a performance.mark the page made; the task that made it included), longest
 * first: CPU time (thread clock), ms.
 */
export function threadTasks(events: TraceEvent[], anchor: string): number[] {
  const mark = events.find((e) => e.name === anchor)
  if (!mark) throw new Error(`the trace has no event named ${anchor}`)
  return events
    .filter(
      (e) =>
        e.pid === mark.pid &&
        e.tid === mark.tid &&
        e.ph === 'X' &&
        e.name === 'ThreadControllerImpl::RunTask' &&
        e.ts + (e.dur ?? 0) >= mark.ts &&
        e.tdur !== undefined,
    )
    .map((e) => (e.tdur ?? 0) / 1000)
    .sort((a, b) => b - a)
}

/** One line per event longer than 0.3 ms, for a debugging report. */
function describeEvents(inside: TraceEvent[]): string {
  return inside
    .filter((e) => (e.tdur ?? e.dur ?? 0) > 300)
    .slice(0, 25)
    .map((e) => {
      const data = e.args?.data
      const fn = data?.functionName ? `:${data.functionName}` : ''
      const url = data?.url ? `@${data.url.slice(0, 40)}` : ''
      return `${e.name}${fn}${url} ${((e.tdur ?? e.dur ?? 0) / 1000).toFixed(1)}`
    })
    .join(' | ')
}

/** See the module comment. Times are the main thread's CPU time (a loaded machine's waits excluded). */
export function summarise(events: TraceEvent[], extensionOrigin: string): TraceSummary {
  const isExtension = (e: TraceEvent): boolean =>
    e.name === 'FunctionCall' && (e.args?.data?.url ?? '').startsWith(extensionOrigin)
  const empty: TraceSummary = {
    tasks: 0,
    longTasks: [],
    maxExtensionMs: 0,
    totalExtensionMs: 0,
    totalExtensionCallsMs: 0,
  }
  // The page's renderer main thread: where the content script's calls run.
  const anchor = events.find(isExtension)
  if (!anchor) return empty
  const thread = events
    .filter((e) => e.pid === anchor.pid && e.tid === anchor.tid && e.ph === 'X')
    .filter((e) => e.tts !== undefined && e.tdur !== undefined)
    .sort((a, b) => (a.tts ?? 0) - (b.tts ?? 0))
  const span = (e: TraceEvent): Interval => [e.tts ?? 0, (e.tts ?? 0) + (e.tdur ?? 0)]
  const tasks = thread.filter((e) => e.name === 'ThreadControllerImpl::RunTask')
  const summary: TraceSummary = { ...empty, tasks: tasks.length }
  let i = 0
  for (const task of tasks) {
    const [start, end] = span(task)
    while (i < thread.length && (thread[i]?.tts ?? Infinity) < start) i++
    const inside: TraceEvent[] = []
    for (let j = i; j < thread.length && (thread[j]?.tts ?? Infinity) < end; j++) {
      const e = thread[j]
      if (e && e !== task) inside.push(e)
    }
    const ext = inside.filter(isExtension).map(span)
    const explained = inside
      .filter(
        (e) =>
          (JS_EVENTS.has(e.name) && !isExtension(e) && (e.args?.data?.url ?? '') !== '') ||
          RENDERING.has(e.name) ||
          GC.test(e.name),
      )
      .map(span)
    const taskMs = (end - start) / 1000
    const extensionCallsMs = unionLength(ext) / 1000
    // A task where no content script code ran and none of it was resumed is not charged.
    const touched = ext.length > 0 || inside.some((e) => e.name === 'RunYieldContinuation')
    const charged = touched ? Math.max(0, taskMs - lengthWithout(explained, ext) / 1000) : 0
    summary.totalExtensionMs += charged
    summary.totalExtensionCallsMs += extensionCallsMs
    summary.maxExtensionMs = Math.max(summary.maxExtensionMs, charged)
    const notable = charged > (process.env.HOSTILE_DEBUG ? 15 : 50)
    if (taskMs > 50 || notable) {
      const longest = inside.filter(isExtension).sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))[0]
      summary.longTasks.push({
        ms: taskMs,
        extensionMs: charged,
        extensionCallsMs,
        ...(longest
          ? {
              longestCall: `${longest.args?.data?.functionName || '(anonymous)'} ${((longest.tdur ?? 0) / 1000).toFixed(1)} ms`,
            }
          : {}),
        ...(notable ? { events: describeEvents(inside) } : {}),
      })
    }
  }
  return summary
}

/** Heap and DOM counters after a full garbage collection. */
export interface MemorySample {
  /** V8 heap plus Blink's embedder heap in use, bytes. */
  heap: number
  nodes: number
  listeners: number
  documents: number
}

/** Collects garbage (twice: weak references cleared by the first are freed by the second), then measures. */
export async function memory(cdp: CDPSession): Promise<MemorySample> {
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.collectGarbage')
  const usage: { usedSize: number; embedderHeapUsedSize?: number } =
    await cdp.send('Runtime.getHeapUsage')
  const counters = await cdp.send('Memory.getDOMCounters')
  return {
    heap: usage.usedSize + (usage.embedderHeapUsedSize ?? 0),
    nodes: counters.nodes,
    listeners: counters.jsEventListeners,
    documents: counters.documents,
  }
}

/** The extension's origin (chrome-extension://<id>), from its service worker. */
export async function extensionOrigin(context: BrowserContext): Promise<string> {
  const worker =
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    (await context.waitForEvent('serviceworker', { timeout: 10_000 }))
  // (Node's URL gives "null" as the origin of a non-special scheme.)
  return /^chrome-extension:\/\/[^/]+/.exec(worker.url())?.[0] ?? ''
}
