/** The benchmark's settings: the full run, and `--quick` (CI: keeps the benchmark working). */
import type { Quiet } from './page-cost.ts'

/** How much of everything to run. */
export interface Config {
  quick: boolean
  /** Posts on the small, medium and large timeline pages. */
  sizes: readonly [number, number, number]
  /** Page loads per size for the scan's latency (each figure is their median). */
  scanRuns: readonly [number, number, number]
  /** Pairs of traced loads (without, with the extension) per size for the load's cost (0: skip). */
  loadPairs: readonly [number, number, number]
  /** Appends and edits per page size. */
  incrementRuns: number
  /** Posts per append. */
  appendPosts: number
  /** Hovers over different marks. */
  hovers: number
  /** Page sizes of the per-frame measure; how long its ticker runs, and pairs per case. */
  frameSizes: readonly number[]
  frameWindowMs: number
  framePairs: number
  /** Page sizes, pairs and ticker window of the Firefox frame rate. */
  firefoxSizes: readonly number[]
  firefoxPairs: number
  firefoxWindowMs: number
  /** Simulated seconds of DOM churn. */
  churnSeconds: number
  /** Hashtags in the generated index (measure 5), and page loads per index. */
  syntheticTags: number
  indexRuns: number
  /** Hashtags in the generated index pack (measure 7's third arm), and Node runs of its check. */
  packTags: number
  packCheckRuns: number
  /** Lookups sent to a stopped service worker, with and without the pack. */
  coldLookups: number
  /** Scroll positions visited in the long-task trace. */
  scrollStops: number
  /** How long the mutation storm of the long-task measure runs. */
  stormMs: number
  /** Elements holding text on the long-task measure's large page (pages/many.html). */
  manyElements: number
  /** Posts on the long-task measure's scrolled timeline. */
  longTaskPosts: number
  /** Whether the long-task measure also traces each scene without the extension. */
  longTasksWithout: boolean
  /** When the page's main thread counts as done with a change (lib/page-cost.ts). */
  quiet: Quiet
}

/** The full benchmark (about 10 minutes on 2 cores). */
export const FULL: Config = {
  quick: false,
  sizes: [1_000, 10_000, 50_000],
  scanRuns: [5, 3, 3],
  loadPairs: [5, 5, 3],
  incrementRuns: 7,
  appendPosts: 100,
  hovers: 9,
  frameSizes: [1_000, 10_000, 50_000],
  frameWindowMs: 1_500,
  framePairs: 3,
  firefoxSizes: [1_000, 10_000, 50_000],
  firefoxPairs: 3,
  firefoxWindowMs: 2_000,
  churnSeconds: 600,
  syntheticTags: 100_000,
  indexRuns: 5,
  packTags: 100_000,
  packCheckRuns: 3,
  coldLookups: 5,
  scrollStops: 30,
  stormMs: 10_000,
  manyElements: 200_000,
  longTaskPosts: 50_000,
  longTasksWithout: true,
  quiet: { windowMs: 500, busyMs: 3, minMs: 500, maxMs: 30_000 },
}

/** A smoke run of every measure on small pages (under a minute); its figures judge nothing. */
export const QUICK: Config = {
  quick: true,
  sizes: [200, 1_000, 2_000],
  scanRuns: [1, 1, 1],
  loadPairs: [1, 0, 0],
  incrementRuns: 1,
  appendPosts: 100,
  hovers: 1,
  frameSizes: [200],
  frameWindowMs: 200,
  framePairs: 1,
  firefoxSizes: [200],
  firefoxPairs: 1,
  firefoxWindowMs: 300,
  churnSeconds: 20,
  syntheticTags: 1_000,
  indexRuns: 1,
  packTags: 1_000,
  packCheckRuns: 1,
  coldLookups: 1,
  scrollStops: 1,
  stormMs: 500,
  manyElements: 2_000,
  longTaskPosts: 200,
  longTasksWithout: false,
  quiet: { windowMs: 250, busyMs: 3, minMs: 250, maxMs: 10_000 },
}

/**
 * The benchmark page with `posts` posts; `extra` hashtags (at most extraSlotsOn(posts) of them)
 * are written one each into posts 255, 1255, 2255, …
 */
export function timelineUrl(base: string, posts: number, extra: readonly string[] = []): string {
  const also = extra.length > 0 ? `&extra=${extra.map(encodeURIComponent).join(',')}` : ''
  return `${base}timeline.html?posts=${posts}${also}`
}

/** How many extra hashtags a page of `posts` posts has room for (one per 1,000 posts). */
export function extraSlotsOn(posts: number): number {
  return Math.floor((posts + 744) / 1000)
}

/** Flagged hashtags on a page of `posts` posts (post i carries one when i % 100 === 50). */
export function flaggedOn(posts: number): number {
  return Math.floor((posts + 49) / 100)
}
