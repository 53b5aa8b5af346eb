/**
 * The end-to-end scenarios, one set for both browsers (chromium.test.ts and firefox.test.ts
 * each call defineScenarios). Every test drives the built extension (dist/) in a real browser
 * the way a user meets it: pages served from 127.0.0.1, a real pointer hovering each hashtag,
 * real key presses, the real popup and options pages.
 *
 * What counts as "flagged": hovering the hashtag's text opens the card, whose heading names the
 * hashtag exactly as written, and the toolbar badge counts it. "Not flagged": hovering it for
 * longer than the hover delay opens nothing, and the badge does not count it. Extension
 * internals are never read; the card's closed shadow tree is read through the automation
 * protocol (lib/browsers.ts), the way assistive technology sees it.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import index from 'virtual:fact-index'
import { HOST_TAG } from '../../src/content/skip.ts'
import { normalizeTag } from '../../src/hashtags/normalize.ts'
import { createLookup } from '../../src/index/lookup.ts'
import { DEFAULT_SETTINGS } from '../../src/shared/settings.ts'
import { formatPartialDate } from '../../src/ui/card-format.ts'
import { getMessage } from '../../src/shared/test-support/get-message.ts'
import { AXE_SOURCE, axeRun, type AxeViolation } from './lib/axe.ts'
import {
  centerOf,
  firefoxDriver,
  launchChromium,
  launchFirefox,
  requireBrowser,
  requireBuild,
  ROOT,
  type Box,
  type BrowserName,
  type CardSnapshot,
  type Driver,
  type Point,
} from './lib/browsers.ts'
import { openSession, type ExtensionPage, type Session } from './lib/extension-session.ts'
import {
  describeItem,
  fixtures,
  FIXTURE_NAMES,
  locateSpec,
  type Fixture,
  type FixtureName,
  type Item,
  type Step,
} from './lib/fixtures.ts'
import { buildFixturePack, type BuiltPack } from './lib/pack-file.ts'
import {
  domSnapshot,
  focusedElement,
  locate,
  packsView,
  type PacksView,
} from './lib/page-probes.ts'
import { proxiedHost } from './lib/recording-proxy.ts'
import { serveStatic, type StaticServer } from './lib/static-server.ts'
import { FIXTURES, timelineFiles } from './lib/timeline-bundle.ts'
import { waitFor } from './lib/wait-for.ts'

/** Screenshots of the card (and failures' evidence) go here; gitignored. */
export const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts')

const lookup = createLookup(index)
/** Where the pointer rests between hovers: the fixture pages keep that corner empty. */
const PARK: Point = { x: 3, y: 3 }
/** How long a hover must rest before a card may open (the default setting), plus a margin. */
const NO_CARD_AFTER_MS = DEFAULT_SETTINGS.hoverDelayMs + 600

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** The card's heading for a hashtag as written (what the user reads first). */
const heading = (written: string): string => getMessage('cardHeading', written)

/** The index entry a flagged item must open; a fixture naming an unknown tag is a fixture bug. */
function entryFor(item: Item) {
  const entry = lookup.find(item.text)
  if (!entry) throw new Error(`fixture bug: ${describeItem(item)} is not in the fact index`)
  return entry
}

/** The entry's verbatim excerpts, whitespace collapsed. */
function quotesOf(entry: ReturnType<typeof entryFor>): string[] {
  return entry.excerpts.flatMap((ref) => {
    const quote = lookup.source(ref.source)?.excerpts.find((e) => e.id === ref.excerpt)?.quote
    return quote ? [quote.replace(/\s+/g, ' ').trim()] : []
  })
}

const isOpen = (card: CardSnapshot | null): card is CardSnapshot & { dialog: Box } =>
  card?.dialog != null

/** The badge text for `count` flagged occurrences (empty at zero, as the browser shows it). */
const badgeFor = (count: number): string => (count > 0 ? String(count) : '')

/** Runs a fixture step's user actions (the same in the baseline browser and with the extension). */
async function perform(driver: Driver, step: Step): Promise<void> {
  if (step.scrollUntil) {
    const selector = step.scrollUntil
    const done = (): Promise<boolean> =>
      driver.evaluate((s) => document.querySelector(s) !== null, selector)
    for (let turn = 0; turn < 60 && !(await done()); turn++) {
      await driver.wheel({ x: 500, y: 400 }, 700)
      await sleep(150)
    }
    if (!(await done())) throw new Error(`scrolling never showed ${selector}`)
  }
  for (const selector of step.click ?? []) {
    const box = await driver.evaluate(locate, { text: '', in: [selector], target: 'element' })
    if (typeof box === 'string') throw new Error(box)
    await driver.click(centerOf(box))
  }
  for (const [selector, text] of Object.entries(step.text ?? {})) {
    await waitFor(
      `${selector} to read ${JSON.stringify(text)}`,
      () =>
        driver.evaluate((s) => document.querySelector(s)?.textContent?.trim() ?? null, selector),
      (seen) => seen === text,
      5_000,
    )
  }
}

/** Loads a fixture and runs all its steps. */
async function visit(driver: Driver, url: string, fixture: Fixture): Promise<void> {
  await driver.goto(url)
  for (const step of fixture.expected.steps ?? []) await perform(driver, step)
}

/** Each fixture's DOM in a browser without the extension, after the same steps. */
async function baselines(
  name: BrowserName,
  urlOf: (fixture: Fixture) => string,
): Promise<Record<FixtureName, string>> {
  const out: Partial<Record<FixtureName, string>> = {}
  const run = async (driver: Driver): Promise<void> => {
    for (const fixtureName of FIXTURE_NAMES) {
      const fixture = fixtures[fixtureName]
      await visit(driver, urlOf(fixture), fixture)
      out[fixtureName] = (await driver.evaluate(domSnapshot, undefined)).html
    }
  }
  if (name === 'chromium') {
    const { driver } = await launchChromium({ headless: true })
    try {
      await run(driver)
    } finally {
      await driver.close()
    }
  } else {
    const browser = await launchFirefox({ headless: true })
    try {
      await run(await firefoxDriver(browser))
    } finally {
      await browser.close()
    }
  }
  return out as Record<FixtureName, string>
}

/** Defines every scenario as a named test for one browser. */
export function defineScenarios(name: BrowserName, notes: { shortcut: string }): void {
  describe(`${name} with the built extension`, () => {
    let server: StaticServer
    let session: Session
    let driver: Driver
    let expectedDom: Record<FixtureName, string>
    /** What is loaded in the fixture tab: a fixture name plus whether its steps ran. */
    let loaded = ''
    /** Source links the tests clicked: user-initiated navigations, allowed to leave. */
    const userOpened: string[] = []

    const urlOf = (fixture: Fixture): string => `${server.url}${fixture.page}`

    /** Why the browser could not be set up (missing, not built…): every test fails with it. */
    let setupError: Error | null = null

    beforeAll(async () => {
      try {
        requireBrowser(name)
        requireBuild(name)
        mkdirSync(ARTIFACTS, { recursive: true })
        // The demo page (demo/index.html) is served beside the fixtures: its expected.json
        // is fixtures/demo/, so every new index entry is hovered on it in both browsers.
        const demo = readFileSync(path.join(ROOT, 'demo', 'index.html'), 'utf8')
        server = await serveStatic(FIXTURES, {
          ...(await timelineFiles()),
          '/demo/index.html': demo,
        })
        expectedDom = await baselines(name, urlOf)
        session = await openSession(name)
        driver = session.driver
      } catch (error) {
        setupError = error instanceof Error ? error : new Error(String(error))
      }
    })

    /** A test that fails (never skips) when the browser could not be set up. */
    const scenario = (title: string, body: () => Promise<void> | void): void => {
      it(title, async () => {
        if (setupError) throw setupError
        await body()
      })
    }

    afterAll(async () => {
      await session?.close()
      await server?.close()
    })

    /** Loads a fixture in the fixture tab (with its steps when asked), unless it is there. */
    const show = async (fixtureName: FixtureName, withSteps = false): Promise<Fixture> => {
      const fixture = fixtures[fixtureName]
      const key = `${fixtureName}${withSteps ? '+steps' : ''}`
      if (loaded !== key) {
        loaded = ''
        await driver.bringToFront()
        if (withSteps) await visit(driver, urlOf(fixture), fixture)
        else await driver.goto(urlOf(fixture))
        loaded = key
      }
      return fixture
    }

    /** Moves the pointer to the empty corner and waits for any pointer-opened card to close. */
    const park = async (): Promise<void> => {
      await driver.hover(PARK)
      await waitFor(
        'no card',
        () => driver.readCard(),
        (card) => !isOpen(card),
        5_000,
      )
    }

    /** Scrolls an item into view and returns the point a user would rest the pointer on. */
    const pointAt = async (item: Item): Promise<Point> => {
      const box = await driver.evaluate(locate, locateSpec(item))
      if (typeof box === 'string') throw new Error(`${describeItem(item)}: ${box}`)
      // Two frames for the page (and the marks) to catch up with the scroll.
      await driver.evaluate(
        () =>
          new Promise<boolean>((resolve) => {
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))
            setTimeout(() => resolve(false), 300)
          }),
        undefined,
      )
      return centerOf(box)
    }

    /**
     * Hovers a flagged item and returns its open card (fails if none, or another, opens), whose
     * title must be `title`: its bundled index entry's by default.
     */
    const hoverFlagged = async (
      item: Item,
      title = entryFor(item).title,
    ): Promise<CardSnapshot & { dialog: Box }> => {
      await park()
      await driver.hover(await pointAt(item))
      const card = await waitFor(
        `the card of ${describeItem(item)}`,
        () => driver.readCard(),
        (c): c is CardSnapshot & { dialog: Box } =>
          isOpen(c) && c.text.startsWith(heading(item.text)),
        5_000,
      )
      expect(card.text, describeItem(item)).toContain(title)
      return card
    }

    /** Hovers an unflagged item past the hover delay and expects no card. */
    const hoverUnflagged = async (item: Item): Promise<void> => {
      await park()
      await driver.hover(await pointAt(item))
      await sleep(NO_CARD_AFTER_MS)
      const card = await driver.readCard()
      expect(isOpen(card) ? card.text.slice(0, 80) : null, describeItem(item)).toBeNull()
    }

    /**
     * Shows or hides the open card's details with a real click on its disclosure button (the
     * one with aria-expanded), unless they already are; returns the card as it then reads. The
     * card keeps its state while the page stays loaded, so scenarios ask for the state they
     * check instead of assuming it.
     */
    const setDetails = async (
      card: CardSnapshot,
      shown: boolean,
    ): Promise<CardSnapshot & { dialog: Box }> => {
      const want = shown ? 'true' : 'false'
      const button = card.buttons.find((b) => b.expanded !== null)
      if (!button) throw new Error('the card has no disclosure button')
      if (button.expanded !== want) {
        const point = await driver.linkPoint(button.ref)
        if (!point) throw new Error('the disclosure button has no box')
        await driver.click(point)
      }
      return waitFor(
        `the card's details to be ${shown ? 'shown' : 'hidden'}`,
        () => driver.readCard(),
        (c): c is CardSnapshot & { dialog: Box } =>
          isOpen(c) && c.buttons.some((b) => b.expanded === want),
        3_000,
      )
    }

    /** Waits for the card to close (after Esc). */
    const cardClosed = (): Promise<unknown> =>
      waitFor(
        'the card to close',
        () => driver.readCard(),
        (c) => !isOpen(c),
        2_000,
      )

    /** Checks every item by hovering it: flagged ones open their card, the others nothing. */
    const checkItems = async (flagged: Item[], unflagged: Item[]): Promise<void> => {
      for (const item of flagged) await hoverFlagged(item)
      for (const item of unflagged) {
        if (item.target !== 'none') await hoverUnflagged(item)
      }
      await park()
    }

    const expectBadge = async (count: number): Promise<void> => {
      const text = await waitFor(
        `the badge to read ${JSON.stringify(badgeFor(count))}`,
        () => session.badgeText(),
        (seen) => seen === badgeFor(count),
        10_000,
      )
      expect(text).toBe(badgeFor(count))
    }

    // ------------------------------------------------------------ each fixture page

    for (const fixtureName of FIXTURE_NAMES) {
      const { expected } = fixtures[fixtureName]
      const label = fixtureName === 'timeline' ? 'timeline (React)' : fixtureName

      scenario(
        `${label}: every expected hashtag is flagged and no other (hovering each; the badge counts exactly the flagged ones)`,
        async () => {
          await show(fixtureName)
          await checkItems(expected.flagged, expected.unflagged)
          await expectBadge(expected.flagged.length)
        },
      )

      if (expected.steps) {
        scenario(
          `${label}: posts appended on scroll and edited in place are flagged as they change, and the page logs no errors`,
          async () => {
            await show(fixtureName)
            for (const step of expected.steps ?? []) {
              await perform(driver, step)
              await checkItems(step.flagged, step.unflagged)
              await expectBadge(step.count)
            }
            loaded = `${fixtureName}+steps`
            expect(driver.errors()).toEqual([])
          },
        )
      }

      scenario(
        `${label}: the page's DOM outside the extension's host is byte-identical with and without the extension`,
        async () => {
          await show(fixtureName, true)
          // A card open, so the extension's one element is in the page too.
          const item = expected.steps?.at(-1)?.flagged[0] ?? expected.flagged[0]
          if (item) await hoverFlagged(item)
          const { html, added } = await driver.evaluate(domSnapshot, undefined)
          expect(
            added.every((tag) => tag === HOST_TAG),
            added.join(),
          ).toBe(true)
          expect(html, firstDifference(html, expectedDom[fixtureName])).toBe(
            expectedDom[fixtureName],
          )
          await park()
        },
      )
    }

    // ------------------------------------------------------------ the card

    scenario(
      'the card opens short (title, summary, kinds and counts of sources, no links), and its details button shows a verbatim excerpt and source links; a source link opens its URL in a new tab',
      async () => {
        const fixture = await show('news')
        const item = fixture.expected.flagged[0] as Item
        const entry = entryFor(item)
        const collapsed = await setDetails(await hoverFlagged(item), false)
        expect(collapsed.host).toBe(HOST_TAG)
        expect(collapsed.text).toContain(entry.title)
        expect(collapsed.text).toContain(getMessage('cardDetails'))
        expect(collapsed.links).toEqual([])
        const quotes = quotesOf(entry)
        expect(quotes.some((quote) => collapsed.text.includes(quote))).toBe(false)
        const button = collapsed.buttons.find((b) => b.expanded !== null)
        expect(button?.controls).toBeTruthy()
        const card = await setDetails(collapsed, true)
        expect(quotes.some((quote) => card.text.includes(quote))).toBe(true)
        const sourceUrls = new Set(Object.values(index.sources).map((source) => source.url))
        expect(card.links.length).toBeGreaterThan(0)
        for (const link of card.links) expect(sourceUrls.has(link.href), link.href).toBe(true)
        const link = card.links[0]
        if (!link) return
        const point = await driver.linkPoint(link.ref)
        expect(point).not.toBeNull()
        if (!point) return
        userOpened.push(link.href)
        expect(await driver.clickForPopup(point)).toBe(link.href)
        await driver.bringToFront()
        await setDetails(card, false)
        await park()
      },
    )

    scenario(
      'a card whose sources have no archived text says there is no archived excerpt, and its details link the sources (demo page)',
      async () => {
        const fixture = await show('demo')
        const item = fixture.expected.flagged.find((i) => entryFor(i).excerpts.length === 0)
        if (!item) throw new Error('the demo page has no tag of an entry without excerpts')
        const collapsed = await setDetails(await hoverFlagged(item), false)
        expect(collapsed.text).toContain(getMessage('cardGlanceNoExcerpt'))
        const card = await setDetails(collapsed, true)
        expect(card.text).toContain(getMessage('cardNoExcerpt'))
        const entry = entryFor(item)
        const urls = entry.summary.sources.map((id) => lookup.source(id)?.url)
        for (const url of urls) expect(card.links.map((l) => l.href)).toContain(url)
        await setDetails(card, false)
        await driver.press('Escape')
        await cardClosed()
      },
    )

    scenario('Esc closes the card', async () => {
      const fixture = await show('news')
      await hoverFlagged(fixture.expected.flagged[1] as Item)
      await driver.press('Escape')
      await waitFor(
        'the card to close',
        () => driver.readCard(),
        (c) => !isOpen(c),
        2_000,
      )
    })

    scenario(
      'the pointer can move from the hashtag into the card, and the card stays open there',
      async () => {
        const fixture = await show('news')
        const item = fixture.expected.flagged[0] as Item
        const card = await hoverFlagged(item)
        const inside = centerOf(card.dialog)
        await driver.hover(inside)
        await sleep(1_000)
        const still = await driver.readCard()
        expect(isOpen(still) && still.text.startsWith(heading(item.text))).toBe(true)
        await driver.hover({ x: inside.x, y: card.dialog.y + 10 })
        await sleep(500)
        expect(isOpen(await driver.readCard())).toBe(true)
        // Leaving both the hashtag and the card closes it.
        await park()
      },
    )

    scenario(
      'keyboard focus on a hashtag link (Tab) opens its card; Tab goes into the card, Esc closes it and focus returns to the link',
      async () => {
        const fixture = await show('tricky')
        const link = fixture.expected.flagged[0] as Item
        await park()
        await driver.goto(urlOf(fixture))
        // The page is scanned (as it is long before a reader gets to it with Tab).
        await expectBadge(fixture.expected.flagged.length)
        const target = `a[href=/hashtag/SoftCoup]: ${link.text}`
        let focused = ''
        for (let presses = 0; presses < 10 && focused !== target; presses++) {
          await driver.press('Tab')
          focused = await driver.evaluate(focusedElement, undefined)
        }
        expect(focused).toBe(target)
        await waitFor(
          'the card of the focused link',
          () => driver.readCard(),
          (c) => isOpen(c) && c.text.startsWith(heading(link.text)),
          5_000,
        )
        await driver.press('Tab')
        await waitFor(
          'focus in the card',
          () => driver.evaluate(focusedElement, undefined),
          (f) => f.startsWith(`${HOST_TAG}:`),
          3_000,
        )
        await driver.press('Escape')
        await waitFor(
          'the card to close',
          () => driver.readCard(),
          (c) => !isOpen(c),
          3_000,
        )
        expect(await driver.evaluate(focusedElement, undefined)).toBe(target)
      },
    )

    scenario(
      `the command shortcut Alt+Shift+H steps through the flagged hashtags in page order (${notes.shortcut})`,
      async () => {
        const fixture = await show('news')
        await park()
        await driver.goto(urlOf(fixture))
        await expectBadge(fixture.expected.flagged.length)
        for (const item of fixture.expected.flagged.slice(0, 3)) {
          await session.pressCommandShortcut()
          await waitFor(
            `the card of ${describeItem(item)}`,
            () => driver.readCard(),
            (c) => isOpen(c) && c.text.startsWith(heading(item.text)),
            5_000,
          )
        }
        await driver.press('Escape')
      },
    )

    // ------------------------------------------------------------ toolbar, popup, options

    scenario(
      'the toolbar badge count and the popup list match the page (top document and its iframe)',
      async () => {
        const fixture = await show('iframe')
        const flagged = fixture.expected.flagged
        await expectBadge(flagged.length)
        const rows = new Map<string, { tag: string; count: number }>()
        for (const item of flagged) {
          const key = normalizeTag(item.text)
          const row = rows.get(key)
          if (row) row.count++
          else rows.set(key, { tag: `#${item.text.slice(1)}`, count: 1 })
        }
        const popup = await session.openExtensionPage('src/popup/index.html', { background: true })
        try {
          await popup.waitFor('.flagged-list, .empty')
          const shown = await popup.evaluate(
            () =>
              [...document.querySelectorAll('.flagged-item')].map((row) => ({
                tag: row.querySelector('.flagged-tag')?.textContent ?? '',
                count: Number(row.querySelector('.flagged-count')?.textContent),
              })),
            undefined,
          )
          const bySpelling = (a: { tag: string }, b: { tag: string }): number =>
            a.tag.localeCompare(b.tag)
          expect(shown.sort(bySpelling)).toEqual([...rows.values()].sort(bySpelling))
          const text = await popup.evaluate(() => document.body.innerText, undefined)
          expect(text).toContain(getMessage('popupActiveOn', '127.0.0.1'))
        } finally {
          await popup.close()
        }
      },
    )

    /** Opens the options page, runs `change`, and returns the page (left open). */
    const options = async (
      change: (page: ExtensionPage) => Promise<void>,
    ): Promise<ExtensionPage> => {
      const page = await session.openExtensionPage('src/options/index.html', { background: false })
      await page.waitFor('#muted-input')
      await change(page)
      return page
    }

    scenario(
      'muting a hashtag in the options page unmarks it in the open tab, without a reload',
      async () => {
        const fixture = await show('news')
        const all = fixture.expected.flagged
        const [softCoup, other] = [all[0] as Item, all[1] as Item]
        const mutedKey = normalizeTag(softCoup.text)
        const remaining = all.filter((item) => normalizeTag(item.text) !== mutedKey)
        await expectBadge(all.length)
        const page = await options(async (p) => {
          await p.type('#muted-input', softCoup.text)
          await p.click('form:has(#muted-input) button[type=submit]')
          await p.waitFor(
            `button.remove[aria-label="${getMessage('optionsMutedRemove', `#${mutedKey}`)}"]`,
          )
        })
        try {
          await driver.bringToFront()
          await expectBadge(remaining.length)
          await hoverUnflagged(softCoup)
          await hoverFlagged(other)
          // Unmuting brings it back, still without a reload.
          await page.click(
            `button.remove[aria-label="${getMessage('optionsMutedRemove', `#${mutedKey}`)}"]`,
          )
          await driver.bringToFront()
          await expectBadge(all.length)
          await hoverFlagged(softCoup)
          await park()
        } finally {
          await page.close()
        }
      },
    )

    scenario(
      'turning the extension off for the site in the options page unmarks the open tab, without a reload',
      async () => {
        const fixture = await show('news')
        const all = fixture.expected.flagged
        const host = '127.0.0.1'
        const remove = `button.remove[aria-label="${getMessage('optionsSitesRemove', host)}"]`
        await expectBadge(all.length)
        const page = await options(async (p) => {
          await p.type('#sites-input', host)
          await p.click('form:has(#sites-input) button[type=submit]')
          await p.waitFor(remove)
        })
        try {
          await driver.bringToFront()
          await expectBadge(0)
          for (const item of all.slice(0, 2)) await hoverUnflagged(item)
          await page.click(remove)
          await driver.bringToFront()
          await expectBadge(all.length)
          await hoverFlagged(all[0] as Item)
          await park()
        } finally {
          await page.close()
        }
      },
    )

    // ------------------------------------------------------------ index packs

    /** The packs fixture page (not in FIXTURE_NAMES: its tags are the test pack's). */
    const PACKS_PAGE = 'packs/index.html'
    const packItem = (text: string, selector: string): Item => ({
      text,
      in: [selector],
      target: 'text',
    })
    const packTag = packItem('#PackFixtureTag', '#pack-tag')
    const packAlias = packItem('#PackFixtureAlias', '#pack-alias')
    const sharedTag = packItem('#SoftCoup', '#shared-tag')
    const longerTag = packItem('#PackFixtureTagged', '#longer-tag')
    /** Flagged on the packs page with the pack on, and with it off (the bundled index only). */
    const WITH_PACK = [packTag, packAlias, sharedTag]
    const WITHOUT_PACK = [sharedTag]

    const showPacksPage = async (): Promise<void> => {
      if (loaded === PACKS_PAGE) return
      loaded = ''
      await driver.bringToFront()
      await driver.goto(`${server.url}${PACKS_PAGE}`)
      loaded = PACKS_PAGE
    }

    /** The default locale of a page's Intl: the one the card and the options page format with. */
    const localeOf = (read: <R>(fn: () => R) => Promise<R>): Promise<string> =>
      read(() => Intl.DateTimeFormat().resolvedOptions().locale)

    const readPacks = (page: ExtensionPage): Promise<PacksView> =>
      page.evaluate(packsView, undefined)
    const waitForPacks = (
      page: ExtensionPage,
      what: string,
      accept: (view: PacksView) => boolean,
    ): Promise<PacksView> => waitFor(what, () => readPacks(page), accept, 10_000)

    /** The choice buttons of a card (the ones with aria-pressed), as text → pressed. */
    const choicesOf = (card: CardSnapshot): Record<string, string | null> =>
      Object.fromEntries(
        card.buttons.filter((b) => b.pressed !== null).map((b) => [b.text, b.pressed]),
      )

    /** The details line a listed pack must show, up to its size (which the store measures). */
    const detailsPrefix = (built: BuiltPack, locale: string): string => {
      const { pack } = built
      const cut = '\u0000'
      return getMessage('packsDetails', [
        pack.publisher,
        pack.version,
        String(Object.keys(pack.entries).length),
        String(Object.keys(pack.tags).length),
        formatPartialDate(pack.reviewed, locale) ?? pack.reviewed,
        cut,
      ]).split(cut)[0] as string
    }

    /** Chooses the built pack in the options page and waits for it to be listed, turned on. */
    const importBuilt = async (page: ExtensionPage, built: BuiltPack): Promise<PacksView> => {
      const { pack } = built
      const added = getMessage('packsAdded', [
        pack.name,
        pack.version,
        String(Object.keys(pack.entries).length),
        String(Object.keys(pack.tags).length),
      ])
      await page.chooseFile('#pack-file', built.file)
      // The status comes with the store's answer, the list with the storage change after it.
      const view = await waitForPacks(
        page,
        `the import status ${JSON.stringify(added)} and the pack listed`,
        (v) => (v.status === added && v.packs.length > 0) || v.alert !== null,
      )
      expect(view.alert).toBeNull()
      expect(view.status).toBe(added)
      const locale = await localeOf((fn) => page.evaluate(fn, undefined))
      expect(view.packs).toHaveLength(1)
      expect(view.packs[0]?.name).toBe(pack.name)
      expect(view.packs[0]?.details.startsWith(detailsPrefix(built, locale))).toBe(true)
      expect(view.packs[0]?.on).toBe(true)
      return view
    }

    const PACK_SWITCH = 'ul.packs > li.pack label.switch'
    /** Flips the pack's switch with a real click on its label, and waits for the new state. */
    const switchPack = async (page: ExtensionPage, on: boolean): Promise<void> => {
      await page.click(PACK_SWITCH)
      await waitForPacks(page, `the pack switch to be ${on ? 'on' : 'off'}`, (v) =>
        v.packs.every((p) => p.on === on),
      )
    }

    /** Removes the pack with its Remove button (when it is listed) and waits for the empty list. */
    const removeBuilt = async (page: ExtensionPage, built: BuiltPack): Promise<PacksView> => {
      const { name } = built.pack
      if ((await readPacks(page)).packs.length > 0) {
        await page.click(`button[aria-label="${getMessage('packsRemoveLabel', name)}"]`)
      }
      return waitForPacks(page, 'no pack listed', (v) => v.empty === getMessage('packsEmpty'))
    }

    /**
     * Builds the fixture pack with the CLI and runs `body` with it and an options page (opened
     * again by `reopen`); afterwards, failed or not, the pack is removed through that page, so
     * the scenarios after it meet no pack.
     */
    const withPack = async (
      body: (
        built: BuiltPack,
        page: ExtensionPage,
        reopen: () => Promise<ExtensionPage>,
      ) => Promise<void>,
    ): Promise<void> => {
      const built = await buildFixturePack()
      let page: ExtensionPage | null = null
      const reopen = async (): Promise<ExtensionPage> => {
        await page?.close()
        page = null
        page = await options((p) => p.waitFor('#pack-file'))
        return page
      }
      try {
        await body(built, await reopen(), reopen)
      } finally {
        const open = page as ExtensionPage | null
        if (open) {
          await removeBuilt(open, built).catch(() => undefined)
          await open.close()
        }
        await built.remove()
        await driver.bringToFront()
      }
    }

    /** Checks the packs page: `flagged` open their cards (the pack's entry where it has one). */
    const checkPacksPage = async (built: BuiltPack | null, flagged: Item[]): Promise<void> => {
      await driver.bringToFront()
      await expectBadge(flagged.length)
      for (const item of flagged) {
        const fromPack = built && item !== sharedTag ? built.entryOf(item.text) : null
        await hoverFlagged(item, fromPack?.title)
      }
      for (const item of [...WITH_PACK.filter((i) => !flagged.includes(i)), longerTag]) {
        await hoverUnflagged(item)
      }
      await park()
    }

    scenario(
      'index packs: a pack the CLI built from a fixture folder, imported in the options page, is listed; its tags open cards naming the pack; a tag the bundled index explains too offers both entries; turning the pack off and removing it unmark its tags without a reload',
      () =>
        withPack(async (built, page) => {
          const { pack } = built
          await showPacksPage()
          await checkPacksPage(null, WITHOUT_PACK)
          await importBuilt(page, built)
          // The index browser lists the pack's entries, each naming the pack.
          const origin = getMessage('indexFromPack', [pack.name, pack.publisher])
          const listed = await waitForPacks(
            page,
            "the index browser to list the pack's entries",
            (v) => v.fromPacks.length === Object.keys(pack.entries).length,
          )
          expect(listed.fromPacks.sort((a, b) => a.title.localeCompare(b.title))).toEqual(
            Object.values(pack.entries)
              .map((entry) => ({ title: entry.title, origin }))
              .sort((a, b) => a.title.localeCompare(b.title)),
          )

          // The pack's own tag and its alias: cards of the pack's entry, naming the pack.
          await checkPacksPage(built, WITH_PACK)
          const locale = await localeOf((fn) => driver.evaluate(fn, undefined))
          const footer = getMessage('cardPackFooter', [
            pack.name,
            pack.publisher,
            formatPartialDate(pack.reviewed, locale) ?? pack.reviewed,
          ])
          const card = await hoverFlagged(packTag, built.entryOf(packTag.text).title)
          expect(card.text).toContain(footer)
          expect(choicesOf(card)).toEqual({})

          // #SoftCoup: the bundled entry first, the pack's one press away, and back.
          const bundled = getMessage('cardBundledIndex')
          const own = built.entryOf(sharedTag.text)
          const shared = await hoverFlagged(sharedTag)
          expect(choicesOf(shared)).toEqual({ [bundled]: 'true', [pack.name]: 'false' })
          expect(shared.text).not.toContain(own.title)
          const choose = async (label: string, title: string): Promise<CardSnapshot> => {
            const current = await driver.readCard()
            const button = current?.buttons.find((b) => b.pressed !== null && b.text === label)
            if (!button) throw new Error(`the card has no choice ${JSON.stringify(label)}`)
            const point = await driver.linkPoint(button.ref)
            if (!point) throw new Error(`the choice ${JSON.stringify(label)} has no box`)
            await driver.click(point)
            return waitFor(
              `the card to show ${JSON.stringify(title)}`,
              () => driver.readCard(),
              (c): c is CardSnapshot =>
                isOpen(c) && c.text.includes(title) && choicesOf(c)[label] === 'true',
              5_000,
            )
          }
          const chosen = await choose(pack.name, own.title)
          expect(chosen.text.startsWith(heading(sharedTag.text))).toBe(true)
          expect(choicesOf(chosen)).toEqual({ [bundled]: 'false', [pack.name]: 'true' })
          expect(chosen.text).toContain(footer)
          const back = await choose(bundled, entryFor(sharedTag).title)
          expect(back.text).not.toContain(own.title)
          await park()

          // Off: only the bundled tag is marked, with no choice left; the index browser drops
          // the pack's entries. On again: marked again.
          await switchPack(page, false)
          await waitForPacks(page, "the index browser to drop the pack's entries", (v) =>
            v.fromPacks.every((e) => e.origin !== origin),
          )
          await checkPacksPage(built, WITHOUT_PACK)
          expect(choicesOf(await hoverFlagged(sharedTag))).toEqual({})
          await park()
          await switchPack(page, true)
          await checkPacksPage(built, WITH_PACK)

          // Removed: unmarked, and gone from the list and the index browser.
          await removeBuilt(page, built)
          const removedText = getMessage('packsRemoved', pack.name)
          const removed = await waitForPacks(
            page,
            `the status ${JSON.stringify(removedText)}`,
            (v) => v.status === removedText,
          )
          expect(removed.packs).toEqual([])
          expect(removed.fromPacks).toEqual([])
          await checkPacksPage(built, WITHOUT_PACK)
        }),
    )

    scenario(
      'index packs: a pack file edited after the CLI built it is refused with an alert naming the file and the field (sha256); the imported pack, its list entry and its marks stay as they were',
      () =>
        withPack(async (built, first, reopen) => {
          let page = first
          // A would-be update: only the version changed, so only the hash can tell.
          const name = 'test-fixture-pack-edited.json'
          const edited = await built.edited(name, (p) => {
            p.version = '1.0.1'
          })
          const before = await importBuilt(page, built)
          await page.chooseFile('#pack-file', edited)
          const refused = await waitForPacks(page, 'the alert', (v) => v.alert !== null)
          expect(refused.alert?.startsWith(getMessage('packsInvalid', [name, '1']))).toBe(true)
          expect(refused.problems).toHaveLength(1)
          expect(refused.problems[0]).toMatch(
            new RegExp(`^${name.replace(/\./g, '\\.')}:\\d+ sha256: `),
          )
          expect(refused.status).toBe('')
          expect(refused.packs).toEqual(before.packs)
          await checkPacksPage(built, WITH_PACK)
          // After a reload too: nothing of the edited file was stored.
          page = await reopen()
          await page.waitFor('ul.packs')
          expect((await readPacks(page)).packs).toEqual(before.packs)
        }),
    )

    // ------------------------------------------------------------ accessibility

    const expectNoViolations = (violations: AxeViolation[] | string): void => {
      expect(violations).toEqual([])
    }

    for (const scheme of ['light', 'dark'] as const) {
      scenario(
        `axe-core finds no violations in the card, collapsed and expanded (${scheme}; the real card in its closed shadow root, handed to axe through the automation protocol); screenshots saved`,
        async () => {
          await session.setColorScheme(scheme)
          try {
            const fixture = await show('news')
            const item = fixture.expected.flagged[0] as Item
            const tag = await driver.evaluate(locate, locateSpec(item))
            const shot = async (card: CardSnapshot & { dialog: Box }, suffix: string) =>
              driver.screenshot(
                path.join(ARTIFACTS, `card-${name}-${scheme}${suffix}.png`),
                clipAround([card.dialog, ...(typeof tag === 'string' ? [] : [tag])]),
              )
            const collapsed = await setDetails(await hoverFlagged(item), false)
            await shot(collapsed, '')
            expect(await driver.exposeCard()).toBe(true)
            await driver.evaluateSource(AXE_SOURCE)
            expectNoViolations(await driver.evaluate(axeRun, { selector: HOST_TAG }))
            const expanded = await setDetails(collapsed, true)
            await shot(expanded, '-expanded')
            expectNoViolations(await driver.evaluate(axeRun, { selector: HOST_TAG }))
          } finally {
            await park()
            // exposeCard() gave the page a way into the card: start afresh.
            loaded = ''
            await session.setColorScheme('light')
          }
        },
      )
    }

    for (const [page, pathname, ready] of [
      ['popup', 'src/popup/index.html', '.flagged-list, .empty'],
      ['options page', 'src/options/index.html', '#muted-input'],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        scenario(`axe-core finds no violations in the ${page} (${scheme})`, async () => {
          await show('news')
          await session.setColorScheme(scheme)
          const opened = await session.openExtensionPage(pathname, { background: page === 'popup' })
          try {
            await opened.waitFor(ready)
            await opened.evaluateSource(AXE_SOURCE)
            expectNoViolations(await opened.evaluate(axeRun, { selector: null }))
          } finally {
            await opened.close()
            await session.setColorScheme('light')
            await driver.bringToFront()
          }
        })
      }
    }

    // ------------------------------------------------------------ privacy (runs last)

    scenario(
      'no request leaves the browser from the extension (every request of the context, and the proxy every other request must pass, over all the scenarios above)',
      async () => {
        // At least a fixture and an extension page, even when this test runs alone.
        await show('news')
        const popup = await session.openExtensionPage('src/popup/index.html', { background: true })
        await popup.waitFor('.flagged-list, .empty')
        await popup.close()
        await driver.bringToFront()
        const own = [server.url, `${session.extensionOrigin}/`, 'data:', 'blob:', 'about:']
        const allowed = (url: string): boolean =>
          own.some((prefix) => url.startsWith(prefix)) || userOpened.includes(url)
        expect(session.requests.filter((r) => !allowed(r.url))).toEqual([])
        const userHosts = new Set(userOpened.map((url) => new URL(url).hostname))
        expect(session.proxy.requests.filter((r) => !userHosts.has(proxiedHost(r)))).toEqual([])
        // The recorders do record: they saw the fixture. Chromium's also sees the extension's
        // pages load; Firefox's BiDi network events cover web content only, so there the proxy
        // is what watches the extension.
        expect(session.requests.some((r) => r.url.startsWith(server.url))).toBe(true)
        if (name === 'chromium') {
          expect(session.requests.some((r) => r.url.startsWith(session.extensionOrigin))).toBe(true)
        }
      },
    )
  })
}

/** Where two serialisations first differ, with some context of each (for failure messages). */
function firstDifference(actual: string, expected: string): string {
  let at = 0
  while (at < actual.length && actual[at] === expected[at]) at++
  const around = (text: string): string => JSON.stringify(text.slice(Math.max(0, at - 60), at + 60))
  return `first difference at ${at}: with the extension ${around(actual)}, without ${around(expected)}`
}

/** A screenshot box around some boxes, with a margin, kept inside the 1000×800 viewport. */
function clipAround(boxes: Box[]): Box {
  const margin = 16
  const left = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin)
  const top = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin)
  const right = Math.min(1000, Math.max(...boxes.map((b) => b.x + b.width)) + margin)
  const bottom = Math.min(800, Math.max(...boxes.map((b) => b.y + b.height)) + margin)
  return { x: left, y: top, width: right - left, height: bottom - top }
}
