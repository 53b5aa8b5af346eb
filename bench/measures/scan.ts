/**
 * Measures 1 and 7: the initial scan. For each page load, the time from the content script's
 * start to the last flagged hashtag marked, against the floor: a bare TreeWalker pass reading
 * every text node's data, run on the same page in a fresh isolated world of a browser without
 * the extension (so it pays the same per-node wrapper cost a content script pays). Loads
 * alternate between the two browsers so both see the same machine load.
 */
import type { BenchBrowser } from '../lib/chromium.ts'
import { flaggedOn, timelineUrl } from '../lib/config.ts'
import { contentScriptHeap, type ContentHeap } from '../lib/heap.ts'
import { FLOOR_PASS, SCAN_STATE, type FloorResult, type ScanState } from '../lib/probes.ts'
import { median } from '../lib/stats.ts'

/** One page size's scan figures (medians over the runs). */
export interface ScanResult {
  posts: number
  runs: number
  textNodes: number
  floorMs: number
  /** Content script start to the last flagged tag marked. */
  marksMs: number
  marksRatio: number
  /** Content script start to the scanner idle (includes the search for shadow roots). */
  doneMs: number
  /** Main-thread time in the scanner's slices of text (the search for shadow roots apart). */
  busyMs: number
  busyRatio: number
  /** Main-thread time of the background search for shadow roots. */
  searchMs: number
  /** Content script start to the settings read from storage (nothing is scanned before). */
  settingsMs: number
  marks: number
  expectedMarks: number
  tokenised: number
  samples: {
    floorMs: number[]
    marksMs: number[]
    doneMs: number[]
    busyMs: number[]
    searchMs: number[]
    settingsMs: number[]
  }
}

/** Loads the page in `ext` and returns the scanner's state once it has caught up. */
export async function scanOnce(ext: BenchBrowser, url: string): Promise<ScanState> {
  await ext.goto(url)
  return ext.inExtension<ScanState>(SCAN_STATE, 120_000)
}

/** Marks-drawn time of a settled scan (the scan's end if nothing was flagged). */
export function marksTime(state: ScanState): number {
  return (state.marks > 0 ? state.foundAt : state.idleAt) - state.start
}

/** Measure 1 for one page size. */
export async function measureScan(
  plain: BenchBrowser,
  ext: BenchBrowser,
  base: string,
  posts: number,
  runs: number,
): Promise<ScanResult> {
  const url = timelineUrl(base, posts)
  const samples = {
    floorMs: [] as number[],
    marksMs: [] as number[],
    doneMs: [] as number[],
    busyMs: [] as number[],
    searchMs: [] as number[],
    settingsMs: [] as number[],
  }
  let last: ScanState | null = null
  let textNodes = 0
  for (let run = 0; run < runs; run++) {
    await plain.goto(url)
    const floor = await plain.inNewWorld<FloorResult>(FLOOR_PASS)
    textNodes = floor.count
    samples.floorMs.push(floor.ms)
    const state = await scanOnce(ext, url)
    samples.marksMs.push(marksTime(state))
    samples.doneMs.push(state.idleAt - state.start)
    samples.busyMs.push(state.busyMs - state.searchMs)
    samples.searchMs.push(state.searchMs)
    samples.settingsMs.push(state.settingsAt - state.start)
    last = state
  }
  const floorMs = median(samples.floorMs)
  const marksMs = median(samples.marksMs)
  const busyMs = median(samples.busyMs)
  return {
    posts,
    runs,
    textNodes,
    floorMs,
    marksMs,
    marksRatio: marksMs / floorMs,
    doneMs: median(samples.doneMs),
    busyMs,
    busyRatio: busyMs / floorMs,
    searchMs: median(samples.searchMs),
    settingsMs: median(samples.settingsMs),
    marks: last?.marks ?? 0,
    expectedMarks: flaggedOn(posts),
    tokenised: last?.tokenised ?? 0,
    samples,
  }
}

/** The third arm of measure 7: the bench build with an index pack imported (measures/packs.ts). */
export interface PackArm {
  browser: BenchBrowser
  /** Hashtags in the pack. */
  tags: number
  /** The pack's hashtags put on the page (timelineUrl's `extra`): only the pack flags them. */
  pageTags: (posts: number) => string[]
}

/** Measure 7: the same page with the shipped index, a generated one, and the shipped one plus a pack. */
export interface IndexScaleResult {
  posts: number
  syntheticTags: number
  shippedMs: number
  syntheticMs: number
  /** syntheticMs / shippedMs. */
  ratio: number
  shippedBusyMs: number
  syntheticBusyMs: number
  packTags: number
  packMs: number
  /** packMs / shippedMs. */
  packRatio: number
  packBusyMs: number
  /** Marks with the shipped index, and with the pack (which adds its tags on the page). */
  shippedMarks: number
  packMarks: number
  packOnlyTags: number
  /** The content script's JS heap on the small page, with each index (bench/lib/heap.ts). */
  heapPosts: number
  shippedHeap: ContentHeap
  syntheticHeap: ContentHeap
  packHeap: ContentHeap
  samples: { shippedMs: number[]; syntheticMs: number[]; packMs: number[] }
}

/**
 * Measure 7: alternating loads of one page in the shipped-index build, the synthetic-index build
 * and the shipped-index build with a pack imported; then the content script's heap with each, on
 * the `heapPosts` page. The page carries some of the pack's tags in every arm: the pack's arm
 * must mark exactly those on top of the others' marks.
 */
export async function measureIndexScale(
  shipped: BenchBrowser,
  synthetic: BenchBrowser,
  pack: PackArm,
  base: string,
  posts: number,
  runs: number,
  syntheticTags: number,
  heapPosts: number,
): Promise<IndexScaleResult> {
  const extra = pack.pageTags(posts)
  const url = timelineUrl(base, posts, extra)
  const samples = { shippedMs: [] as number[], syntheticMs: [] as number[], packMs: [] as number[] }
  const busy = { shipped: [] as number[], synthetic: [] as number[], pack: [] as number[] }
  const marks = { shipped: 0, pack: 0 }
  for (let run = 0; run < runs; run++) {
    const a = await scanOnce(shipped, url)
    const b = await scanOnce(synthetic, url)
    const c = await scanOnce(pack.browser, url)
    samples.shippedMs.push(marksTime(a))
    samples.syntheticMs.push(marksTime(b))
    samples.packMs.push(marksTime(c))
    busy.shipped.push(a.busyMs - a.searchMs)
    busy.synthetic.push(b.busyMs - b.searchMs)
    busy.pack.push(c.busyMs - c.searchMs)
    if (a.marks !== b.marks) throw new Error(`index scale: ${a.marks} vs ${b.marks} marks`)
    if (c.marks !== a.marks + extra.length) {
      throw new Error(
        `index scale: ${c.marks} marks with the pack, expected ${a.marks} + its ${extra.length} tags on the page`,
      )
    }
    marks.shipped = a.marks
    marks.pack = c.marks
  }
  const heapOf = async (browser: BenchBrowser): Promise<ContentHeap> => {
    await scanOnce(browser, timelineUrl(base, heapPosts, pack.pageTags(heapPosts)))
    return contentScriptHeap(browser.cdp, browser.extensionId ?? '')
  }
  const shippedMs = median(samples.shippedMs)
  const syntheticMs = median(samples.syntheticMs)
  const packMs = median(samples.packMs)
  return {
    posts,
    syntheticTags,
    shippedMs,
    syntheticMs,
    ratio: syntheticMs / shippedMs,
    shippedBusyMs: median(busy.shipped),
    syntheticBusyMs: median(busy.synthetic),
    packTags: pack.tags,
    packMs,
    packRatio: packMs / shippedMs,
    packBusyMs: median(busy.pack),
    shippedMarks: marks.shipped,
    packMarks: marks.pack,
    packOnlyTags: extra.length,
    heapPosts,
    shippedHeap: await heapOf(shipped),
    syntheticHeap: await heapOf(synthetic),
    packHeap: await heapOf(pack.browser),
    samples,
  }
}
