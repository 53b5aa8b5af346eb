/**
 * A Chromium trace of the page's renderer (CDP Tracing, the events DevTools' Performance panel
 * records) and the one question the benchmark asks of it: which main-thread tasks were long,
 * and how much of each was the content script's JavaScript. Attribution comes from the V8 CPU
 * profile recorded into the same trace (same clock): a sample counts as the extension's when
 * any frame of its stack belongs to the content script's URL (so DOM calls made by the content
 * script count as its time, and page script does not).
 *
 * Two things about the profile on a busy machine (2 shared cores) that a naive reading gets
 * wrong. Its samples are not in time order (in traces of the 50,000-post page, about 1 in 300
 * has a negative time delta, up to -65 ms: a stack taken before a run of other samples is
 * written after them), so they are sorted first, as DevTools sorts them. And a sample is taken
 * when the main thread handles the sampler's signal: while the thread waits for a core there
 * are no samples, and the one before the gap would stand for all of it (a 60 ms task with 1 ms
 * of CPU was put down as 60 ms of the search for shadow roots). So within a task the content
 * script's time is its share of the samples (each counted for at most MAX_SAMPLE_MS) times
 * the task's thread time.
 */
import type { CDPSession } from 'playwright-core'

/** One event of a Chromium trace (the fields the benchmark reads). */
export interface TraceEvent {
  name: string
  cat?: string
  ph: string
  ts: number
  dur?: number
  /** Thread (CPU) time of an X event. */
  tdur?: number
  pid: number
  tid: number
  id?: string
  args?: {
    name?: string
    data?: {
      startTime?: number
      url?: string
      isMainFrame?: boolean
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }
      timeDeltas?: number[]
    }
  }
}

interface ProfileNode {
  id: number
  parent?: number
  callFrame: { url?: string; functionName: string }
}

/**
 * Longest time one sample stands for when shares are counted. The sampling interval here is
 * 0.1-0.2 ms; a longer gap is the thread (or the sampler) off the CPU.
 */
const MAX_SAMPLE_MS = 1

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
]

/**
 * Starts tracing on `cdp` (by default with what the long-task analysis needs); the returned
 * function stops it and returns the events.
 */
export async function startTrace(
  cdp: CDPSession,
  categories: readonly string[] = CATEGORIES,
): Promise<() => Promise<TraceEvent[]>> {
  const complete = new Promise<string>((resolve) => {
    cdp.once('Tracing.tracingComplete', (event: { stream?: string }) => resolve(event.stream ?? ''))
  })
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: [...categories], recordMode: 'recordAsMuchAsPossible' },
    transferMode: 'ReturnAsStream',
  })
  return async () => {
    await cdp.send('Tracing.end')
    const handle = await complete
    const chunks: string[] = []
    for (;;) {
      const read = await cdp.send('IO.read', { handle, size: 1 << 22 })
      chunks.push(read.base64Encoded ? Buffer.from(read.data, 'base64').toString() : read.data)
      if (read.eof) break
    }
    await cdp.send('IO.close', { handle })
    const parsed = JSON.parse(chunks.join('')) as { traceEvents?: TraceEvent[] } | TraceEvent[]
    return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? [])
  }
}

/** One long task of the page's main thread. */
export interface LongTask {
  /** Trace time in ms. */
  start: number
  durationMs: number
  /** The main thread's CPU time in it: less than the duration when the OS ran something else. */
  cpuMs: number
  /** Of that, the content script's JavaScript: its share of the task's samples times cpuMs. */
  extensionMs: number
  /** The wall time its samples stand for (waits for a core included): what a naive reading says. */
  extensionWallMs: number
  /** The content script's functions that ran longest in it (innermost named frame), CPU ms. */
  functions: Record<string, number>
  /** Garbage collection inside it (V8 and Blink heaps), ms: whoever allocated, the pause is the heap's. */
  gcMs: number
}

/** What a trace says about long tasks and the content script. */
export interface LongTaskReport {
  /** Main-thread tasks over 50 ms, whoever ran them. */
  longTasks: LongTask[]
  /**
   * Long tasks the content script makes long: the main thread's CPU time in them is over 50 ms
   * (a task that only waited for a core of a shared machine is not counted) and would not be
   * without the content script's JavaScript.
   */
  attributable: LongTask[]
  /** Long tasks with extension code whose thread ran under 50 ms of it (descheduled). */
  descheduled: number
  /** Long tasks in which the content script ran at all. */
  withExtension: number
  /** The content script's JavaScript time over the whole trace (samples, each at most MAX_SAMPLE_MS). */
  extensionMs: number
  /** The content script's largest share of any single task. */
  maxExtensionInTaskMs: number
}

/** Finds long tasks on the renderer main thread that ran `scriptUrl`, and attributes them. */
export function analyseLongTasks(
  events: TraceEvent[],
  scriptUrl: string,
  thresholdMs = 50,
): LongTaskReport {
  // The page's renderer: the process whose CPU profile holds the content script.
  const profile = events.find((e) => e.name === 'Profile' && e.ph === 'P')
  const chunks = events.filter((e) => e.name === 'ProfileChunk' && e.id === profile?.id)
  const pid = profile?.pid
  const mainTid = events.find(
    (e) => e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain',
  )?.tid
  if (pid === undefined || mainTid === undefined || !profile?.args?.data?.startTime) {
    throw new Error('the trace has no CPU profile of the page renderer')
  }

  // Rebuild the profile: nodes arrive in chunks, samples as deltas from the profile's start.
  const nodes = new Map<number, ProfileNode>()
  const samples: { ts: number; node: number }[] = []
  let ts = profile.args.data.startTime
  for (const chunk of chunks) {
    const data = chunk.args?.data
    for (const node of data?.cpuProfile?.nodes ?? []) nodes.set(node.id, node)
    const ids = data?.cpuProfile?.samples ?? []
    const deltas = data?.timeDeltas ?? []
    ids.forEach((node, i) => {
      ts += deltas[i] ?? 0
      samples.push({ ts, node })
    })
  }
  samples.sort((a, b) => a.ts - b.ts)
  const isExtension = new Map<number, boolean>()
  const fromExtension = (id: number): boolean => {
    const known = isExtension.get(id)
    if (known !== undefined) return known
    const node = nodes.get(id)
    const value =
      node !== undefined &&
      (node.callFrame.url === scriptUrl ||
        (node.parent !== undefined && fromExtension(node.parent)))
    isExtension.set(id, value)
    return value
  }
  // Each sample stands for the time until the next one: as wall time, and capped (see the
  // module comment). Prefix sums over the sorted samples give any window's totals.
  const cap = MAX_SAMPLE_MS * 1000
  const extensionAt: boolean[] = []
  const allCapped = [0]
  const extCapped = [0]
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as { ts: number; node: number }
    const next = samples[i + 1]
    const wall = next ? next.ts - s.ts : 0
    const ext = fromExtension(s.node)
    extensionAt.push(ext)
    allCapped.push((allCapped[i] as number) + Math.min(wall, cap))
    extCapped.push((extCapped[i] as number) + (ext ? Math.min(wall, cap) : 0))
  }
  const firstAtOrAfter = (t: number): number => {
    let lo = 0
    let hi = samples.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((samples[mid] as { ts: number }).ts < t) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const between = (sums: number[], from: number, to: number): number =>
    (sums[to] as number) - (sums[from] as number)
  /** The innermost frame of the content script (the bench build is not minified). */
  const ownFrame = (id: number): string => {
    for (
      let node = nodes.get(id);
      node;
      node = node.parent === undefined ? undefined : nodes.get(node.parent)
    ) {
      if (node.callFrame.url === scriptUrl) {
        const f = node.callFrame as { functionName: string; lineNumber?: number }
        return f.functionName || `(anonymous):${(f.lineNumber ?? -1) + 1}`
      }
    }
    return '?'
  }
  /** The content script's CPU time in a task: its share of the samples times the thread time. */
  const shareOf = (task: TraceEvent): { from: number; to: number; scale: number } => {
    const from = firstAtOrAfter(task.ts)
    const to = firstAtOrAfter(task.ts + (task.dur ?? 0))
    const sampled = between(allCapped, from, to)
    return { from, to, scale: sampled > 0 ? (task.tdur ?? task.dur ?? 0) / sampled : 0 }
  }

  // Top-level tasks of the main thread (nested RunTask events are inside their parent).
  const tasks = events
    .filter(
      (e) =>
        e.pid === pid &&
        e.tid === mainTid &&
        e.ph === 'X' &&
        (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'),
    )
    .sort((a, b) => a.ts - b.ts)
  // Every collector event of the main thread (V8's and Blink's, atomic pauses and the
  // incremental steps taken during allocation); nested ones are counted once.
  const gcEvents = events
    .filter(
      (e) =>
        e.pid === pid &&
        e.tid === mainTid &&
        e.ph === 'X' &&
        /^(MajorGC|MinorGC|V8\.GC|BlinkGC|CppGC)/.test(e.name),
    )
    .sort((a, b) => a.ts - b.ts)
  const gcIn = (start: number, stop: number): number => {
    let sum = 0
    let covered = start
    for (const e of gcEvents) {
      if (e.ts >= stop) break
      const from = Math.max(e.ts, covered)
      const to = Math.min(e.ts + (e.dur ?? 0), stop)
      if (to > from) {
        sum += to - from
        covered = to
      }
    }
    return sum / 1000
  }
  const longTasks: LongTask[] = []
  let end = -Infinity
  for (const task of tasks) {
    const dur = task.dur ?? 0
    if (task.ts < end) continue
    end = task.ts + dur
    if (dur / 1000 <= thresholdMs) continue
    const { from, to, scale } = shareOf(task)
    const functions: Record<string, number> = {}
    let wall = 0
    for (let k = from; k < to; k++) {
      if (!extensionAt[k]) continue
      const s = samples[k] as { ts: number; node: number }
      const name = ownFrame(s.node)
      const spent = between(extCapped, k, k + 1) * scale
      functions[name] = (functions[name] ?? 0) + spent / 1000
      wall += Math.min(samples[k + 1]?.ts ?? s.ts, end) - s.ts
    }
    longTasks.push({
      start: task.ts / 1000,
      durationMs: dur / 1000,
      cpuMs: (task.tdur ?? dur) / 1000,
      extensionMs: (between(extCapped, from, to) * scale) / 1000,
      extensionWallMs: wall / 1000,
      functions,
      gcMs: gcIn(task.ts, task.ts + dur),
    })
  }
  let maxInTask = 0
  for (const task of tasks) {
    if ((task.dur ?? 0) < 1000) continue
    const { from, to, scale } = shareOf(task)
    maxInTask = Math.max(maxInTask, (between(extCapped, from, to) * scale) / 1000)
  }
  return {
    longTasks,
    // Long on the CPU (not only while waiting for a core), and not long without the extension.
    attributable: longTasks.filter(
      (t) => t.cpuMs > thresholdMs && t.extensionMs > 0 && t.cpuMs - t.extensionMs <= thresholdMs,
    ),
    descheduled: longTasks.filter((t) => t.extensionMs > 0 && t.cpuMs <= thresholdMs).length,
    withExtension: longTasks.filter((t) => t.extensionMs > 0).length,
    extensionMs: (extCapped.at(-1) as number) / 1000,
    maxExtensionInTaskMs: maxInTask,
  }
}
