/**
 * Expressions the benchmark evaluates in the page through CDP. The ones for the content script
 * run in its isolated world and read the bench build's hook (src/content/main.ts,
 * `Symbol.for('hashtag-context.bench')`): when the script started and the running app, whose
 * scanner keeps counters and timestamps (ScannerStats). All times are performance.now() of the
 * page, which the page world and the isolated world share.
 */

/** What the scanner reports once it has caught up with the page. */
export interface ScanState {
  /** When the content script started. */
  start: number
  /** When a flagged tag was last marked. */
  foundAt: number
  /** When the scanner last ran out of work (including the search for shadow roots). */
  idleAt: number
  /** Main-thread time in the scanner's slices so far (both kinds). */
  busyMs: number
  /** Of that, in the background search for shadow roots. */
  searchMs: number
  tokenised: number
  slices: number
  /** Flagged occurrences marked. */
  marks: number
  /** When the settings arrived from storage (the scan starts then). */
  settingsAt: number
}

/** Waits for the app (settings are read first), then for the scanner to settle; a ScanState. */
export const SCAN_STATE = `(async () => {
  const key = Symbol.for('hashtag-context.bench')
  const deadline = performance.now() + 120000
  while (!globalThis[key] || !globalThis[key].app()) {
    if (performance.now() > deadline) throw new Error('the content script did not start')
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  const hook = globalThis[key]
  const app = hook.app()
  await app.settled()
  const s = app.scanner.stats
  return {
    start: hook.start, foundAt: s.foundAt, idleAt: s.idleAt, busyMs: s.busyMs,
    searchMs: s.searchMs, tokenised: s.tokenised, slices: s.slices, marks: app.marks.size,
    settingsAt: (hook.events.find((e) => e[0] === 'settings') ?? [null, NaN])[1],
  }
})()`

/**
 * The floor: a bare TreeWalker pass that reads every text node's data, nothing else. Run in a
 * fresh isolated world, so it pays for the same per-node wrappers a content script pays for.
 */
export const FLOOR_PASS = `(() => {
  const start = performance.now()
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_TEXT)
  let length = 0
  let count = 0
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    length += node.data.length
    count++
  }
  return { ms: performance.now() - start, count, length }
})()`

/** The floor pass's result. */
export interface FloorResult {
  ms: number
  count: number
  length: number
}

/**
 * Waits for the scanner to settle and two frames to pass (observer callbacks that draw the
 * marks near the viewport run after a frame).
 */
export const SETTLE_FRAMES = `(async () => {
  const app = globalThis[Symbol.for('hashtag-context.bench')].app()
  await app.settled()
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  await app.settled()
  return true
})()`

/**
 * Page-world script: the ranges in the page's custom-highlight registry (`CSS.highlights`, as
 * any page script sees it), 0 where there is none. Marks drawn with the Highlight API show
 * here; marks drawn in an element of the extension's own do not.
 */
export const HIGHLIGHT_RANGES = `(() => {
  if (typeof CSS === 'undefined' || !CSS.highlights) return 0
  let n = 0
  for (const h of CSS.highlights.values()) n += h.size
  return n
})()`

/**
 * Page-world script: resolves once the main thread has given `count` idle periods in a row of
 * (nearly) the longest kind (50 ms), that is when nothing else wanted the thread; with whether
 * it got there before `timeoutMs`. The same with or without an extension, in either browser.
 */
export const UNTIL_IDLE = (count = 5, timeoutMs = 60_000): string => `new Promise((resolve) => {
  const deadline = performance.now() + ${timeoutMs}
  let run = 0
  const next = () => requestIdleCallback((idle) => {
    run = idle.timeRemaining() >= 45 ? run + 1 : 0
    if (run >= ${count} || performance.now() > deadline) resolve(run >= ${count})
    else next()
  })
  next()
})`
