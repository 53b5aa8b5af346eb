/**
 * Smoke test of the built extension (dist/chrome, dist/firefox) in real Chromium and Firefox,
 * on the demo page served from 127.0.0.1: the tag is marked, hovering it opens the card with a
 * verbatim excerpt and working https source links, Esc closes it, and the page's own DOM stays
 * byte-identical to the same page in a browser without the extension.
 *
 * What is observed, and how (the card's shadow root is closed):
 * - marks: the page's CSS.highlights registry, read from the page's own world;
 * - the card: the closed shadow tree, read through the automation protocol (CDP in Chromium,
 *   WebDriver BiDi in Firefox; see lib/browsers.ts): text, links and the dialog's geometry;
 * - the page: a deep clone of <html> serialised in the page, minus the one element the
 *   extension is allowed to add (its card host).
 * Run with `npm run test:e2e` after `npm run build`.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import index from 'virtual:fact-index'
import { normalizeTag } from '../../src/hashtags/normalize.ts'
import { createLookup } from '../../src/index/lookup.ts'
import { HOST_TAG } from '../../src/content/skip.ts'
import {
  centerOf,
  firefoxDriver,
  installFirefoxExtension,
  launchChromium,
  launchFirefox,
  requireBrowser,
  requireBuild,
  ROOT,
  type BrowserName,
  type CardSnapshot,
  type Driver,
} from './lib/browsers.ts'
import { findText, highlightedTexts, pageHtml } from './lib/page-probes.ts'
import { serveStatic, type StaticServer } from './lib/static-server.ts'
import { waitFor } from './lib/wait-for.ts'

const HIGHLIGHT_PREFIX = 'hashtag-context'
const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts')

const lookup = createLookup(index)
const entry = lookup.find('SoftCoup')
if (!entry) throw new Error('the fact index has no #SoftCoup entry: the smoke test needs one')
const quotes = entry.excerpts.flatMap((ref) => {
  const quote = lookup.source(ref.source)?.excerpts.find((e) => e.id === ref.excerpt)?.quote
  return quote ? [quote.replace(/\s+/g, ' ').trim()] : []
})
const sourceUrls = new Set(Object.values(index.sources).map((source) => source.url))

const cardOpen = (card: CardSnapshot | null): card is CardSnapshot =>
  card !== null && card.dialog !== null && card.text.includes(entry.title)

let server: StaticServer
let pageUrl: string

beforeAll(async () => {
  server = await serveStatic(path.join(ROOT, 'demo'))
  pageUrl = `${server.url}index.html`
  mkdirSync(ARTIFACTS, { recursive: true })
})

afterAll(async () => {
  await server?.close()
})

/** The page's serialisation in a browser without the extension. */
async function baseline(name: BrowserName): Promise<string> {
  if (name === 'chromium') {
    const { driver } = await launchChromium({ headless: true })
    try {
      await driver.goto(pageUrl)
      return (await driver.evaluate(pageHtml, undefined)).html
    } finally {
      await driver.close()
    }
  }
  const browser = await launchFirefox({ headless: true })
  try {
    const driver = await firefoxDriver(browser)
    await driver.goto(pageUrl)
    return (await driver.evaluate(pageHtml, undefined)).html
  } finally {
    await browser.close()
  }
}

/** A browser with the extension, on the demo page; `close` ends the browser. */
async function withExtension(
  name: BrowserName,
): Promise<{ driver: Driver; close: () => Promise<void> }> {
  const extension = requireBuild(name)
  if (name === 'chromium') {
    const { driver } = await launchChromium({ extension, headless: true })
    return { driver, close: () => driver.close() }
  }
  const browser = await launchFirefox({ headless: true })
  try {
    await installFirefoxExtension(browser, extension)
    return { driver: await firefoxDriver(browser), close: () => browser.close() }
  } catch (error) {
    await browser.close()
    throw error
  }
}

describe.each<BrowserName>(['chromium', 'firefox'])('%s with the built extension', (name) => {
  let driver: Driver
  let close: (() => Promise<void>) | undefined
  let expectedHtml: string

  beforeAll(async () => {
    requireBrowser(name)
    requireBuild(name)
    expectedHtml = await baseline(name)
    ;({ driver, close } = await withExtension(name))
    await driver.goto(pageUrl)
  })

  afterAll(async () => {
    await close?.()
  })

  it('marks the flagged hashtags, and only those', async () => {
    const marked = await waitFor(
      'the #SoftCoup mark',
      () => driver.evaluate(highlightedTexts, HIGHLIGHT_PREFIX),
      (texts) => texts.includes('#SoftCoup') && texts.includes('#softcoup'),
    )
    for (const text of marked) expect(index.tags[normalizeTag(text)], text).toBeDefined()
    expect(marked).not.toContain('#cult')
    expect(marked).not.toContain('#SoftCoupPlotters')
  })

  it("leaves the page's DOM byte-identical while marking", async () => {
    const { html, added } = await driver.evaluate(pageHtml, undefined)
    expect(added.every((tag) => tag === HOST_TAG)).toBe(true)
    expect(html).toBe(expectedHtml)
  })

  it('opens the card on hover, with a verbatim excerpt and https source links', async () => {
    const box = await driver.evaluate(findText, '#SoftCoup')
    expect(box).not.toBeNull()
    if (!box) return
    await driver.hover({ x: 5, y: 5 })
    await driver.hover(centerOf(box))
    const card = await waitFor('the card', () => driver.readCard(), cardOpen)
    await driver.screenshot(path.join(ARTIFACTS, `smoke-${name}-card.png`))
    expect(card.host).toBe(HOST_TAG)
    expect(quotes.some((quote) => card.text.includes(quote))).toBe(true)
    expect(card.links.length).toBeGreaterThan(0)
    for (const link of card.links) {
      expect(link.href).toMatch(/^https:\/\//)
      expect(sourceUrls.has(link.href), link.href).toBe(true)
    }
    const { added, html } = await driver.evaluate(pageHtml, undefined)
    expect(added).toEqual([HOST_TAG])
    expect(html).toBe(expectedHtml)
  })

  it('opens a source link from the card in a new tab', async () => {
    const card = await waitFor('the card', () => driver.readCard(), cardOpen)
    const link = card.links[0]
    expect(link).toBeDefined()
    if (!link) return
    const point = await driver.linkPoint(link.ref)
    expect(point).not.toBeNull()
    if (!point) return
    expect(await driver.clickForPopup(point)).toBe(link.href)
  })

  it('closes the card with Esc and still leaves the page untouched', async () => {
    let card = await driver.readCard()
    if (!cardOpen(card)) {
      const box = await driver.evaluate(findText, '#SoftCoup')
      if (box) await driver.hover(centerOf(box))
      card = await waitFor('the card', () => driver.readCard(), cardOpen)
    }
    await driver.press('Escape')
    await waitFor(
      'the card to close',
      () => driver.readCard(),
      (c) => !cardOpen(c),
      5_000,
    )
    const { html } = await driver.evaluate(pageHtml, undefined)
    expect(html).toBe(expectedHtml)
  })
})
