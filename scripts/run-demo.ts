/**
 * `npm start`: serves demo/ on 127.0.0.1 and opens it in Chromium with dist/chrome loaded
 * (`--firefox`: Firefox ESR with dist/firefox).
 *
 * With a display ($DISPLAY or $WAYLAND_DISPLAY) the browser opens headed and the script waits
 * until you close it. Without one it runs headless: waits for the marks, hovers the first
 * painted mark, waits for the card, saves dist/demo-card.png and prints what the card shows.
 * The card's shadow root is closed, so its text is read through the browser's automation
 * protocol (tests/e2e/lib/browsers.ts), never through anything exposed to the page.
 */
import path from 'node:path'
import {
  centerOf,
  firefoxDriver,
  installFirefoxExtension,
  launchChromium,
  launchFirefox,
  requireBuild,
  ROOT,
  type BrowserName,
  type Driver,
} from '../tests/e2e/lib/browsers.ts'
import { serveStatic } from '../tests/e2e/lib/static-server.ts'
import { waitFor } from '../tests/e2e/lib/wait-for.ts'

const name: BrowserName = process.argv.includes('--firefox') ? 'firefox' : 'chromium'
const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
const SCREENSHOT = path.join(ROOT, 'dist', 'demo-card.png')

/** Launches the browser with the extension; `closed` settles when the user closes it. */
async function launch(): Promise<{
  driver: Driver
  closed: Promise<void>
  quit: () => Promise<void>
}> {
  const extension = requireBuild(name)
  if (name === 'chromium') {
    const { context, driver } = await launchChromium({ extension, headless: !headed })
    const closed = new Promise<void>((resolve) => context.on('close', () => resolve()))
    return { driver, closed, quit: () => context.close() }
  }
  const browser = await launchFirefox({ headless: !headed })
  await installFirefoxExtension(browser, extension)
  const closed = new Promise<void>((resolve) => browser.on('disconnected', () => resolve()))
  const startTabs = await browser.pages()
  const driver = await firefoxDriver(browser)
  // The blank tab Firefox starts with would sit beside the demo's: close it.
  for (const page of startTabs) await page.close()
  return { driver, closed, quit: () => browser.close() }
}

async function main(): Promise<void> {
  const server = await serveStatic(path.join(ROOT, 'demo'))
  const url = `${server.url}index.html`
  const { driver, closed, quit } = await launch()
  try {
    await driver.goto(url)
    if (headed) {
      console.log(`Demo page: ${url}\nHover a marked hashtag. Close the browser to stop.`)
      await closed
      return
    }
    const marked = await waitFor(
      'marks on the demo page',
      () => driver.readMarks(),
      (marks) => marks.length > 0,
    )
    console.log(`${name}: marked ${marked.map((mark) => mark.tag).join(', ')}`)
    // The pointer goes where the first mark is painted, as a reader's would.
    const mark = marked[0]
    if (!mark) throw new Error('no mark on the demo page')
    const first = mark.tag
    await driver.hover(centerOf(mark.box))
    const card = await waitFor(
      'the card',
      () => driver.readCard(),
      (c) => c?.dialog != null,
    )
    await driver.screenshot(SCREENSHOT)
    console.log(`Card for ${first} (screenshot: ${path.relative(ROOT, SCREENSHOT)}):\n`)
    // Wrapped for a terminal; the card's own layout is in the screenshot.
    console.log((card?.text ?? '').replace(/(.{1,100})(?:\s+|$)/g, '$1\n'))
    console.log('\nLinks:')
    for (const link of card?.links ?? []) console.log(`  ${link.text} <${link.href}>`)
  } finally {
    await quit().catch(() => undefined)
    await server.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
