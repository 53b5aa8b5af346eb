/** The benchmark's settings: the full run, and `--quick` (CI: keeps the benchmark working). */

/** How much of everything to run. */
export interface Config {
  quick: boolean
  /** Posts on the small, medium and large timeline pages. */
  sizes: readonly [number, number, number]
  /** Page loads per size for the scan (each figure is their median). */
  scanRuns: readonly [number, number, number]
  /** Appends and edits per page size. */
  incrementRuns: number
  /** Posts per append. */
  appendPosts: number
  /** Hovers over different marks. */
  hovers: number
  /** How long the per-frame ticker runs at each scroll position, and how often. */
  frameWindowMs: number
  frameReps: number
  /** Simulated seconds of DOM churn. */
  churnSeconds: number
  /** Hashtags in the generated index (measure 5), and page loads per index. */
  syntheticTags: number
  indexRuns: number
  /** Scroll positions visited in the long-task trace. */
  scrollStops: number
}

/** The full benchmark (about 10 minutes on 2 cores). */
export const FULL: Config = {
  quick: false,
  sizes: [1_000, 10_000, 50_000],
  scanRuns: [7, 5, 3],
  incrementRuns: 7,
  appendPosts: 100,
  hovers: 9,
  frameWindowMs: 2_000,
  frameReps: 3,
  churnSeconds: 600,
  syntheticTags: 100_000,
  indexRuns: 5,
  scrollStops: 30,
}

/** A smoke run of every measure on small pages (under a minute); its figures judge nothing. */
export const QUICK: Config = {
  quick: true,
  sizes: [200, 1_000, 2_000],
  scanRuns: [1, 1, 1],
  incrementRuns: 1,
  appendPosts: 100,
  hovers: 1,
  frameWindowMs: 300,
  frameReps: 1,
  churnSeconds: 20,
  syntheticTags: 1_000,
  indexRuns: 1,
  scrollStops: 3,
}

/** The benchmark page with `posts` posts. */
export function timelineUrl(base: string, posts: number): string {
  return `${base}timeline.html?posts=${posts}`
}

/** Flagged hashtags on a page of `posts` posts (post i carries one when i % 100 === 50). */
export function flaggedOn(posts: number): number {
  return Math.floor((posts + 49) / 100)
}
