/**
 * What one registered highlight range costs a page that changes something every frame, per
 * ::highlight() style, in Chromium without the extension (a page stylesheet, one range over a
 * flagged tag in the middle of the viewport, the timeline page's progress-bar ticker). Main-thread
 * time per frame as in measure 8 (bench/README.md): CDP TaskDuration over the frames counted.
 *
 *   npx tsx bench/highlight-styles.ts [posts=50000]
 */
import { launchBench } from './lib/chromium.ts'
import { timelineUrl } from './lib/config.ts'
import { servePages } from './lib/server.ts'
import { median, sleep } from './lib/stats.ts'

const STYLES: Record<string, string> = {
  none: '',
  'background-color': 'background-color: rgb(255 170 0 / 0.33);',
  color: 'color: #b23c00;',
  'text-decoration underline': 'text-decoration: underline dotted 2px #e8590c;',
  'text-decoration overline': 'text-decoration: overline solid 1px #e8590c;',
}

interface Bench {
  posts(): number
  flaggedPosts(from: number, limit: number): number[]
  revealTag(i: number): { x: number; y: number }
  tickerStart(): void
  tickerStop(): number
}

const posts = Number(process.argv[2] ?? 50_000)
const server = await servePages()
const browser = await launchBench(null)
try {
  await browser.cdp.send('Performance.enable', { timeDomain: 'threadTicks' })
  await browser.goto(timelineUrl(server.url, posts))
  const taskSeconds = async (): Promise<number> => {
    const { metrics } = await browser.cdp.send('Performance.getMetrics')
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN
  }
  const samples = new Map<string, number[]>()
  for (let rep = 0; rep < 3; rep++) {
    for (const [name, css] of Object.entries(STYLES)) {
      await browser.page.evaluate((rule) => {
        const bench = (window as unknown as { HCBench: Bench }).HCBench
        const [post] = bench.flaggedPosts(Math.floor(bench.posts() / 2), 1)
        if (post !== undefined) bench.revealTag(post)
        CSS.highlights.clear()
        document.getElementById('hl-style')?.remove()
        if (!rule) return
        const style = document.createElement('style')
        style.id = 'hl-style'
        style.textContent = `::highlight(bench) { ${rule} }`
        document.head.append(style)
        const el = document.querySelector(`article[data-i="${post}"]`)
        const walker = document.createTreeWalker(el ?? document.body, NodeFilter.SHOW_TEXT)
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const at = (n as Text).data.search(/#(softcoup|wesupportcorbyn)/i)
          if (at < 0) continue
          const range = new Range()
          range.setStart(n, at)
          range.setEnd(n, at + 9)
          CSS.highlights.set('bench', new Highlight(range))
          break
        }
      }, css)
      await sleep(500)
      await browser.page.evaluate(() =>
        (window as unknown as { HCBench: Bench }).HCBench.tickerStart(),
      )
      const before = await taskSeconds()
      await sleep(1_500)
      const after = await taskSeconds()
      const frames = await browser.page.evaluate(() =>
        (window as unknown as { HCBench: Bench }).HCBench.tickerStop(),
      )
      const list = samples.get(name) ?? []
      list.push(((after - before) * 1000) / Math.max(1, frames))
      samples.set(name, list)
    }
  }
  console.log(`${posts.toLocaleString('en-US')} posts, one highlight range in view, ms a frame:`)
  for (const [name, list] of samples) console.log(`  ${name.padEnd(28)} ${median(list).toFixed(2)}`)
} finally {
  await browser.close()
  await server.close()
}
