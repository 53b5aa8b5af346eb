/**
 * Measure 4: hover to card. The pointer moves onto a flagged hashtag in one step; the card
 * opens after the hover-intent delay. Measured in the page (which sees what a user sees): from
 * the pointermove plus the delay to the end of the frame that first shows the card, taken as a
 * task posted from the requestAnimationFrame callback that follows the card host's insertion
 * (the frame's style, layout and paint run between the two). The first card of an entry fetches
 * it from the background; later ones come from the content script's cache.
 */
import { DEFAULT_SETTINGS } from '../../src/shared/settings.ts'
import type { BenchBrowser } from '../lib/chromium.ts'
import { SETTLE_FRAMES } from '../lib/probes.ts'
import { median, sleep } from '../lib/stats.ts'

/** Hover figures (ms from the end of the hover delay to the card painted). */
export interface HoverResult {
  hovers: number
  delayMs: number
  /** The first card (entry fetched from the background). */
  firstMs: number
  medianMs: number
  maxMs: number
  samples: number[]
}

interface Probe {
  moveAt: number
  insertedAt: number
  paintedAt: number
}

interface HCBench {
  flaggedPosts(from: number, limit: number): number[]
  revealTag(i: number): { x: number; y: number }
}

const HOST = 'hashtag-context-host'

/**
 * The page-side probe (a string: functions handed to the page must not depend on the
 * transpiler's helpers); resolves to a Probe when the card's first frame has been painted.
 */
const PROBE = `new Promise((resolve, reject) => {
  let moveAt = 0
  const onMove = () => { if (moveAt === 0) moveAt = performance.now() }
  addEventListener('pointermove', onMove, { capture: true })
  const timer = setTimeout(() => reject(new Error('no card within 5 s')), 5000)
  const observer = new MutationObserver(() => {
    if (!document.documentElement.querySelector(':scope > ${HOST}')) return
    observer.disconnect()
    removeEventListener('pointermove', onMove, { capture: true })
    const insertedAt = performance.now()
    requestAnimationFrame(() => {
      const channel = new MessageChannel()
      channel.port1.onmessage = () => {
        clearTimeout(timer)
        resolve({ moveAt, insertedAt, paintedAt: performance.now() })
      }
      channel.port2.postMessage(0)
    })
  })
  observer.observe(document.documentElement, { childList: true })
})`

/** Hovers `hovers` flagged tags of the page loaded in `ext` (already scanned). */
export async function measureHover(ext: BenchBrowser, hovers: number): Promise<HoverResult> {
  const page = ext.page
  const delayMs = DEFAULT_SETTINGS.hoverDelayMs
  const posts = await page.evaluate(
    (n) => (window as unknown as { HCBench: HCBench }).HCBench.flaggedPosts(0, n),
    hovers,
  )
  if (posts.length === 0) throw new Error('hover: the page has no flagged hashtag')
  const samples: number[] = []
  for (const i of posts) {
    // Away from any mark, and no card left open.
    await page.mouse.move(2, 2)
    await page.waitForFunction((host) => !document.querySelector(host), HOST, { timeout: 5_000 })
    const point = await page.evaluate(
      (n) => (window as unknown as { HCBench: HCBench }).HCBench.revealTag(n),
      i,
    )
    await ext.inExtension(SETTLE_FRAMES)
    await sleep(50)
    const result = page.evaluate<Probe>(PROBE)
    await page.mouse.move(point.x, point.y)
    const { moveAt, paintedAt } = await result
    samples.push(paintedAt - (moveAt + delayMs))
  }
  await page.mouse.move(2, 2)
  return {
    hovers: samples.length,
    delayMs,
    firstMs: samples[0] ?? Number.NaN,
    medianMs: median(samples),
    maxMs: Math.max(...samples),
    samples,
  }
}
