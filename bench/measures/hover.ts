/**
 * Measure 4: hover to card. The pointer moves onto a flagged hashtag in one step; the card
 * opens after the hover-intent delay. Measured in the page (which sees what a user sees): from
 * the pointermove plus the delay to the end of the frame that first shows the card, taken as a
 * user-blocking task posted from the requestAnimationFrame callback in which a hit test beside
 * the tag first finds the extension's host (the frame's style, layout and paint run between the
 * two; the host holds the marks already, and its shadow root is closed). That frame must show the
 * card beside its tag: at the end of it, a hit test just below or just above the tag must find
 * the host, and one on the tag must not (a card inserted hidden or unplaced and put right a frame
 * later would be timed too early). The content script fetches and renders a card while the
 * pointer rests (during the delay); the first card of the page still pays for cold styles and
 * fonts.
 */
import { DEFAULT_SETTINGS } from '../../src/shared/settings.ts'
import type { BenchBrowser } from '../lib/chromium.ts'
import { SETTLE_FRAMES } from '../lib/probes.ts'
import { median, sleep } from '../lib/stats.ts'

/** Hover figures (ms from the end of the hover delay to the card painted). */
export interface HoverResult {
  hovers: number
  delayMs: number
  /** The first card of the page (its entry fetched during the delay; styles and fonts cold). */
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

/** How far below (or above) the tag's centre the card must be hit: inside it, either way. */
const CARD_PROBE_DY = 30

/**
 * The page-side probe for a tag centred at (x, y) (a string: functions handed to the page must not
 * depend on the transpiler's helpers); resolves to a Probe when the card's first frame has been
 * painted, and rejects if that frame does not show the card at the tag.
 */
const probe = (x: number, y: number): string => `new Promise((resolve, reject) => {
  let moveAt = 0
  const onMove = () => { if (moveAt === 0) moveAt = performance.now() }
  addEventListener('pointermove', onMove, { capture: true })
  const timer = setTimeout(() => reject(new Error('no card within 5 s')), 5000)
  // The host is in the page already (it holds the marks) and its shadow root is closed, so the
  // card is seen from outside: in each frame's animation callbacks, whether the point beside the
  // tag hits the host. The frame in which it first does is the one that paints the card.
  const hit = (dy) => document.elementFromPoint(${x}, ${y} + dy)?.localName === '${HOST}'
  const look = () => {
    if (moveAt === 0 || !(hit(${CARD_PROBE_DY}) || hit(-${CARD_PROBE_DY}))) {
      requestAnimationFrame(look)
      return
    }
    removeEventListener('pointermove', onMove, { capture: true })
    const insertedAt = performance.now()
    // User-blocking: the first task after the frame, not behind timers that fell due during it.
    scheduler.postTask(() => {
      const paintedAt = performance.now()
      clearTimeout(timer)
      if (!hit(0)) resolve({ moveAt, insertedAt, paintedAt })
      else reject(new Error('the frame measured does not show the card beside its tag'))
    }, { priority: 'user-blocking' })
  }
  requestAnimationFrame(look)
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
    // Past the grace period: the card of the last hover has closed.
    await sleep(500)
    const point = await page.evaluate(
      (n) => (window as unknown as { HCBench: HCBench }).HCBench.revealTag(n),
      i,
    )
    await ext.inExtension(SETTLE_FRAMES)
    await sleep(50)
    const result = page.evaluate<Probe>(probe(point.x, point.y))
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
