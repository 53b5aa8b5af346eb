/**
 * The extension's lifecycle while a page is open, on the built extension. Each test says what it
 * does to the browser; afterwards there must be no orphaned mark, host or listener, no error, and
 * the marks must be right (with a card that opens) once the extension runs again.
 *
 * Chromium (one browser for the file, loaded with a temporary copy of dist/chrome, so the update
 * test can change its files, and with a helper extension that holds the management permission):
 * - reload: CDP `Extensions.loadUnpacked` on the loaded folder, which is what the reload button of
 *   chrome://extensions does (`chrome.runtime.reload()` from the worker leaves a command-line
 *   extension disabled in this headless setup, so it cannot stand in for a reload);
 * - update: the copy's manifest gets a higher version, then the same reload: Chromium reads the
 *   files again and runs the new version (checked through `Extensions.getExtensions`), with the
 *   user's settings kept;
 * - disable and enable: `chrome.management.setEnabled` called in the helper extension's worker,
 *   as the toggle in chrome://extensions does.
 * Chromium injects content scripts only into pages loaded after that, so each test then reloads
 * the page. The content script's listeners are counted through CDP in its own world
 * (lib/listeners.ts): all of them gone after a teardown, the same number after a restart.
 *
 * Firefox (puppeteer over WebDriver BiDi, which can install and uninstall temporary add-ons but
 * not disable them): uninstall then install again stands in for disable and enable, and
 * installing a copy with a higher version over the running add-on is the update. Firefox runs no
 * code of a removed add-on (no teardown can run); the host's lease, an animation the browser runs
 * by itself, must make it invisible within 10 s: no mark painted (pixels and computed visibility),
 * no card shown. Firefox injects content scripts into open pages
 * on install, so the marks must come back without a reload, once (one host, one card), with the
 * old instance's leftovers cleared.
 *
 * Both: a single-page app navigating with history.pushState / popstate (the marks follow each
 * view; the badge in Chromium counts the current view), and a back-forward cache restore (the page
 * must really come from the cache: `pageshow` with `persisted`; marks, card and badge as before).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { CDPSession } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import index from 'virtual:fact-index'
import { createLookup } from '../../src/index/lookup.ts'
import { requireBrowser } from '../e2e/lib/browsers.ts'
import { waitFor } from '../e2e/lib/wait-for.ts'
import { badgeText, extensionWorker } from './lib/badge.ts'
import { expectReadable, lookAtCard } from './lib/card-check.ts'
import { browserCdp, extensionAt, listExtensions, loadUnpacked } from './lib/chromium-extensions.ts'
import { extensionListeners } from './lib/listeners.ts'
import { html, servePages, type PageServer } from './lib/pages.ts'
import {
  cardText,
  closeCard,
  extensionDir,
  HOST_COUNT,
  hoverCard,
  HOST_TAG,
  markPixels as pixelsOfMark,
  markStyles,
  marks,
  openSession,
  sleep,
  type Session,
} from './lib/session.ts'

const lookup = createLookup(index)
function titleOf(tag: string): string {
  const title = lookup.find(tag)?.title
  if (!title) throw new Error(`the fact index lacks #${tag}`)
  return title
}
const SOFT = titleOf('SoftCoup')
const CORBYN = titleOf('WeSupportCorbyn')

const MANAGER = path.join(import.meta.dirname, 'fixtures', 'manager-extension')

const PLAIN = html({ body: '<p>Read #SoftCoup now.</p><p>And #WeSupportCorbyn too.</p>' })

/**
 * A single-page app: links are handled by a router that pushes a history entry and replaces the
 * view (as React routers do); Back (popstate) renders the previous view.
 */
const SPA = html({
  head: `<script>
    const VIEWS = {
      '/spa-a': '<h1>A</h1><p>View A has #SoftCoup.</p>',
      '/spa-b': '<h1>B</h1><p>View B has #WeSupportCorbyn and</p><p>#softcoup, twice: #SOFTCOUP.</p>',
      '/spa-c': '<h1>C</h1><p>View C has no flagged tag, only #cult.</p>',
    }
    function render() {
      const key = Object.keys(VIEWS).find((k) => location.pathname.startsWith(k)) || '/spa-a'
      const parsed = new DOMParser().parseFromString(VIEWS[key], 'text/html')
      document.getElementById('view').replaceChildren(...parsed.body.childNodes)
    }
    addEventListener('popstate', render)
    addEventListener('click', (e) => {
      const a = e.target.closest('a[data-route]')
      if (!a) return
      e.preventDefault()
      history.pushState({}, '', a.getAttribute('href'))
      render()
    })
    addEventListener('DOMContentLoaded', render)
  </script>`,
  body: `<nav><a data-route href="/spa-a">A</a> <a data-route href="/spa-b">B</a>
    <a data-route href="/spa-c">C</a></nav><main id="view"></main>`,
})

/** A page that records whether it came back from the back/forward cache. */
const BF_A = html({
  head: `<script>window.__shows = []; addEventListener('pageshow', (e) => __shows.push(e.persisted))</script>`,
  body: '<p>Before leaving: #SoftCoup and #WeSupportCorbyn.</p><p><a id="away" href="/bf-b">away</a></p>',
})
const BF_B = html({ body: '<p>Elsewhere, nothing flagged.</p>' })

const sorted = (list: string[]): string[] => [...list].sort()

/** How soon what a removed add-on showed must be invisible: its 8 s lease, plus a margin. */
const LEASE_LIMIT_MS = 10_000

let server: PageServer
let spaUrl: string

beforeAll(async () => {
  server = await servePages()
  // The app answers its own routes (a server would send the same page for each).
  spaUrl = server.page('spa-a', SPA)
  server.page('spa-b', SPA)
  server.page('spa-c', SPA)
  server.page('bf-a', BF_A)
  server.page('bf-b', BF_B)
})

afterAll(async () => {
  await server?.close()
})

/**
 * One round through the SPA fixture, from view A: pushState to B (three marks, a card), to C
 * (none), back to B and back to A (a card; one host). `badge`, where the browser lets the test
 * read it, must follow each view.
 */
async function spaRound(
  session: Session,
  back: () => Promise<unknown>,
  badge?: () => Promise<string | null>,
): Promise<void> {
  const click = (route: string): Promise<string | null> =>
    session.evalJs(`document.querySelector('a[href="${route}"]').click(), location.pathname`)
  expect(await click('/spa-b')).toBe('/spa-b')
  await waitFor(
    'view B',
    () => marks(session),
    (t) => sorted(t).join() === '#SOFTCOUP,#WeSupportCorbyn,#softcoup',
  )
  if (badge) await waitFor('the badge of view B', badge, (b) => b === '3')
  await hoverCard(session, '#WeSupportCorbyn', CORBYN)
  expect(await click('/spa-c')).toBe('/spa-c')
  await waitFor(
    'view C',
    () => marks(session),
    (t) => t.length === 0,
  )
  if (badge) await waitFor('the badge of view C', badge, (b) => b === '')
  await back()
  await waitFor(
    'view B again',
    () => marks(session),
    (t) => t.length === 3,
  )
  await back()
  await waitFor(
    'view A again',
    () => marks(session),
    (t) => sorted(t).join() === '#SoftCoup',
  )
  await hoverCard(session, '#SoftCoup', SOFT)
  expect(await session.probe(HOST_COUNT, HOST_TAG)).toEqual({ all: 1, underHtml: 1 })
}

/** Waits until no mark is painted and no host of the extension is left in the page. */
async function expectTornDown(session: Session): Promise<void> {
  await waitFor(
    'the marks to go',
    () => marks(session),
    (t) => t.length === 0,
  )
  expect(await session.probe(HOST_COUNT, HOST_TAG)).toEqual({ all: 0, underHtml: 0 })
}

/**
 * Hovering a tag shows no card (the extension is gone) and moving about throws nothing. A card
 * host an old instance could not remove (Firefox) may be there, hidden.
 */
async function expectInert(session: Session): Promise<void> {
  await session.driver.hover({ x: 1, y: 1 })
  const box = await session.probe<{ x: number; y: number; width: number; height: number } | null>(
    `(needle) => { const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
      for (let n = w.nextNode(); n; n = w.nextNode()) { const i = n.data.indexOf(needle); if (i < 0) continue
        const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + needle.length)
        const b = r.getBoundingClientRect(); return { x: b.left, y: b.top, width: b.width, height: b.height } }
      return null }`,
    '#SoftCoup',
  )
  if (box) await session.driver.hover({ x: box.x + box.width / 2, y: box.y + box.height / 2 })
  await session.driver.press('Tab')
  await sleep(900)
  const shown = await session.inCard<string>(
    'function () { return getComputedStyle(this).visibility }',
  )
  expect(shown === null || shown === 'hidden', `card visibility: ${shown}`).toBe(true)
}

describe('chromium: reload, update, disable and enable while a page is open', () => {
  let session: Session
  let cdp: CDPSession
  let bcdp: CDPSession
  let copy: string
  let id = ''
  let origin = ''
  let freshListeners = 0

  beforeAll(async () => {
    requireBrowser('chromium')
    copy = mkdtempSync(path.join(tmpdir(), 'hashtag-context-'))
    cpSync(extensionDir('chromium'), copy, { recursive: true })
    session = await openSession('chromium', { extension: `${copy},${MANAGER}` })
    const handles = session.chromium
    if (!handles) throw new Error('not a Chromium session')
    cdp = handles.cdp
    bcdp = await browserCdp(handles.context)
    id = (await extensionAt(bcdp, copy)).id
    origin = `chrome-extension://${id}`
  })

  afterAll(async () => {
    await session?.close()
    if (copy) rmSync(copy, { recursive: true, force: true })
  })

  // Each test answers for the errors of its own steps.
  beforeEach(() => {
    if (session) session.errors.length = 0
  })

  /** Stores settings as the options page does (in the extension's own worker). */
  const setSettings = async (settings: Record<string, unknown>): Promise<void> => {
    const worker = await extensionWorker(session.chromium!.context, id)
    await worker.evaluate(
      (value) =>
        (
          globalThis as unknown as {
            chrome: { storage: { sync: { set(items: object): Promise<void> } } }
          }
        ).chrome.storage.sync.set({ settings: value }),
      settings,
    )
  }

  const listeners = async (): Promise<string[]> => {
    const worlds = session.chromium?.extensionWorlds() ?? []
    return (await extensionListeners(cdp, origin, worlds)).types
  }

  /** Opens the plain page and a card on it; returns the content script's listeners then. */
  const openWithCard = async (): Promise<string[]> => {
    await session.driver.goto(server.page('plain.html', PLAIN))
    await waitFor(
      'the marks',
      () => marks(session),
      (t) => t.length === 2,
    )
    await hoverCard(session, '#SoftCoup', SOFT)
    return listeners()
  }

  /**
   * The page adds a flagged tag, so the content script has a report to the background pending
   * (debounced) when the extension goes away: it must not throw when it finds the context gone.
   */
  const withReportPending = async (): Promise<void> => {
    // The open card covers the text below it, and no mark is drawn under it: close it first.
    await closeCard(session)
    await session.evalJs(
      `document.body.append(Object.assign(document.createElement('p'), { textContent: 'New: #softcoup' })), 'ok'`,
    )
    await waitFor(
      'the new mark',
      () => marks(session),
      (t) => t.includes('#softcoup'),
    )
  }

  /** Reloads the page and checks a fresh instance runs: marks, card, same listeners as ever. */
  const expectFreshInstance = async (): Promise<void> => {
    await session.chromium?.page.reload()
    const found = await waitFor(
      'the marks',
      () => marks(session),
      (t) => t.length === 2,
    )
    expect(sorted(found)).toEqual(['#SoftCoup', '#WeSupportCorbyn'])
    await hoverCard(session, '#SoftCoup', SOFT)
    expectReadable(await lookAtCard(session))
    expect(await session.probe(HOST_COUNT, HOST_TAG)).toEqual({ all: 1, underHtml: 1 })
    expect((await listeners()).length).toBe(freshListeners)
  }

  it('tears down completely when reloaded, and runs again on the next page load', async () => {
    const before = await openWithCard()
    freshListeners = before.length
    expect(before.length).toBeGreaterThan(5)
    await withReportPending()
    await loadUnpacked(bcdp, copy)
    await expectTornDown(session)
    expect(await listeners()).toEqual([])
    await expectInert(session)
    // Past the report's debounce: it would have thrown by now.
    expect(session.errors).toEqual([])
    await expectFreshInstance()
    expect(session.errors).toEqual([])
  })

  it('updates to a new version with the settings kept, leaving nothing of the old one', async () => {
    await openWithCard()
    // A setting the user chose before the update; the page applies it at once.
    await setSettings({ markStyle: 'highlight' })
    await waitFor(
      'the highlight style',
      () => markStyles(session),
      (styles) => styles.join() === 'highlight',
    )
    const manifestFile = path.join(copy, 'manifest.json')
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { version: string }
    const next = manifest.version.replace(/\d+$/, (n) => String(Number(n) + 1))
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, version: next }, null, 2))
    await loadUnpacked(bcdp, copy)
    expect((await extensionAt(bcdp, copy)).version).toBe(next)
    await expectTornDown(session)
    expect(await listeners()).toEqual([])
    await expectFreshInstance()
    expect(await markStyles(session)).toEqual(['highlight'])
    await setSettings({ markStyle: 'underline' })
    expect(session.errors).toEqual([])
  })

  it('tears down when disabled, stays inert, and runs once again after being enabled', async () => {
    await openWithCard()
    const managerId = (await listExtensions(bcdp)).find((e) => e.path === MANAGER)?.id
    expect(managerId).toBeDefined()
    const manager = await extensionWorker(session.chromium!.context, managerId)
    const setEnabled = (enabled: boolean): Promise<void> =>
      manager.evaluate(
        ([target, on]) =>
          (
            globalThis as unknown as {
              chrome: { management: { setEnabled(id: string, on: boolean): Promise<void> } }
            }
          ).chrome.management.setEnabled(target, on),
        [id, enabled] as const,
      )
    await withReportPending()
    await setEnabled(false)
    expect((await extensionAt(bcdp, copy)).enabled).toBe(false)
    await expectTornDown(session)
    expect(await listeners()).toEqual([])
    await expectInert(session)
    await setEnabled(true)
    expect((await extensionAt(bcdp, copy)).enabled).toBe(true)
    await expectFreshInstance()
    expect(session.errors).toEqual([])
  })

  it('follows a single-page app through pushState and popstate, with no listener piling up', async () => {
    await session.driver.goto(spaUrl)
    await waitFor(
      'view A',
      () => marks(session),
      (t) => sorted(t).join() === '#SoftCoup',
    )
    const start = await listeners()
    const closeCard = async (): Promise<void> => {
      await session.driver.press('Escape')
      await waitFor(
        'no card',
        () => cardText(session),
        (t) => t === null,
      )
    }
    for (let round = 0; round < 2; round++) {
      await spaRound(
        session,
        () => session.chromium!.page.goBack({ waitUntil: 'commit' }),
        () => badgeText(session.chromium!.context, id),
      )
      await closeCard()
    }
    expect(await listeners()).toEqual(start)
    expect(session.errors).toEqual([])
  })

  it('comes back from the back/forward cache with its marks, card and badge', async () => {
    const page = session.chromium!.page
    await session.driver.goto(`${server.url}bf-a`)
    await waitFor(
      'the shows',
      () => session.evalJs('JSON.stringify(__shows)'),
      (v) => v === '[false]',
    )
    await waitFor(
      'the marks',
      () => marks(session),
      (t) => t.length === 2,
    )
    await waitFor(
      'the badge',
      () => badgeText(session.chromium!.context, id),
      (b) => b === '2',
    )
    const start = await listeners()
    await session.evalJs('document.getElementById("away").click(), "ok"')
    await waitFor(
      'the other page',
      () => session.evalJs('location.pathname'),
      (p) => p === '/bf-b',
    )
    await waitFor(
      'the badge of the other page',
      () => badgeText(session.chromium!.context, id),
      (b) => b === '',
    )
    // A restore from the cache fires no load event: wait for the page itself.
    await page.goBack({ waitUntil: 'commit' })
    await waitFor(
      'the page again',
      () => session.evalJs('location.pathname'),
      (p) => p === '/bf-a',
    )
    await waitFor(
      'the restore',
      () => session.evalJs('JSON.stringify(__shows)'),
      (v) => v !== '[false]',
    )
    // Really restored from the cache, not loaded again.
    expect(await session.evalJs('JSON.stringify(__shows)')).toBe('[false,true]')
    expect(sorted(await marks(session))).toEqual(['#SoftCoup', '#WeSupportCorbyn'])
    await waitFor(
      'the badge again',
      () => badgeText(session.chromium!.context, id),
      (b) => b === '2',
    )
    await hoverCard(session, '#WeSupportCorbyn', CORBYN)
    await session.driver.press('Escape')
    await waitFor(
      'no card',
      () => cardText(session),
      (t) => t === null,
    )
    expect(await listeners()).toEqual(start)
    expect(session.errors).toEqual([])
  })
})

describe('firefox: uninstall and install (disable and enable), update, SPA and back/forward cache', () => {
  let session: Session
  let copy: string

  beforeAll(async () => {
    requireBrowser('firefox')
    copy = mkdtempSync(path.join(tmpdir(), 'hashtag-context-'))
    cpSync(extensionDir('firefox'), copy, { recursive: true })
    session = await openSession('firefox', { extension: copy })
  })

  afterAll(async () => {
    await session?.close()
    if (copy) rmSync(copy, { recursive: true, force: true })
  })

  // Each test answers for the errors of its own steps.
  beforeEach(() => {
    if (session) session.errors.length = 0
  })

  const firefox = (): NonNullable<Session['firefox']> => {
    if (!session.firefox) throw new Error('not a Firefox session')
    return session.firefox
  }

  /** Marks right, a card that opens, and one host: one instance running. */
  const expectOneInstance = async (): Promise<void> => {
    const found = await waitFor(
      'the marks',
      () => marks(session),
      (t) => t.length === 2,
    )
    expect(sorted(found)).toEqual(['#SoftCoup', '#WeSupportCorbyn'])
    await hoverCard(session, '#SoftCoup', SOFT)
    expectReadable(await lookAtCard(session))
    expect(await session.probe(HOST_COUNT, HOST_TAG)).toEqual({ all: 1, underHtml: 1 })
  }

  const markPixels = (needle: string): Promise<number> => pixelsOfMark(session, needle)

  it('leaves nothing visible when uninstalled, and comes back into the open page when installed again', async () => {
    await session.driver.goto(server.page('plain.html', PLAIN))
    await expectOneInstance()
    await session.driver.press('Escape')
    await waitFor(
      'no card',
      () => cardText(session),
      (t) => t === null,
    )
    // The card covered it: its mark is drawn again once the card is gone.
    await waitFor(
      'the mark the card covered',
      () => markPixels('#WeSupportCorbyn'),
      (n) => n > 0,
    )
    await hoverCard(session, '#SoftCoup', SOFT)
    // The open card's tag keeps its (active) mark; the card covers the other one.
    expect(await markPixels('#SoftCoup')).toBeGreaterThan(0)
    const removed = Date.now()
    await firefox().browser.uninstallExtension(firefox().addonId)
    // Firefox runs no code of a removed add-on: the host's lease (page-host.ts), an animation the
    // browser runs on its own, turns what it showed invisible once nothing renews it (~8 s).
    await waitFor(
      'the marks to fade',
      () => markPixels('#SoftCoup'),
      (n) => n === 0,
      LEASE_LIMIT_MS,
    )
    expect(await marks(session)).toEqual([])
    expect(Date.now() - removed).toBeLessThan(LEASE_LIMIT_MS)
    expect(await session.inCard('function () { return getComputedStyle(this).visibility }')).toBe(
      'hidden',
    )
    await expectInert(session)
    await firefox().browser.installExtension(copy)
    // Firefox injects content scripts into open pages on install: no reload needed. The new
    // instance clears what the old one left (its host).
    await expectOneInstance()
    expect(await markStyles(session)).toEqual(['underline'])
    expect(await markPixels('#SoftCoup')).toBeGreaterThan(0)
    expect(session.errors).toEqual([])
  })

  it('updates in place to a new version, with one instance afterwards', async () => {
    const manifestFile = path.join(copy, 'manifest.json')
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { version: string }
    const next = manifest.version.replace(/\d+$/, (n) => String(Number(n) + 1))
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, version: next }, null, 2))
    await hoverCard(session, '#SoftCoup', SOFT)
    await firefox().browser.installExtension(copy)
    await expectOneInstance()
    expect(session.errors).toEqual([])
  })

  it('follows a single-page app through pushState and popstate', async () => {
    await session.driver.goto(spaUrl)
    await waitFor(
      'view A',
      () => marks(session),
      (t) => sorted(t).join() === '#SoftCoup',
    )
    await spaRound(session, () => session.evalJs('history.back(), "ok"'))
    expect(session.errors).toEqual([])
  })

  it('comes back from the back/forward cache with its marks and card', async () => {
    await session.driver.goto(`${server.url}bf-a`)
    await waitFor(
      'the marks',
      () => marks(session),
      (t) => t.length === 2,
    )
    await session.evalJs('document.getElementById("away").click(), "ok"')
    await waitFor(
      'the other page',
      () => session.evalJs('location.pathname'),
      (p) => p === '/bf-b',
    )
    await session.evalJs('history.back(), "ok"')
    await waitFor(
      'the page again',
      () => session.evalJs('location.pathname'),
      (p) => p === '/bf-a',
    )
    await waitFor(
      'the restore',
      () => session.evalJs('JSON.stringify(__shows)'),
      (s) => s === '[false,true]',
    )
    expect(sorted(await marks(session))).toEqual(['#SoftCoup', '#WeSupportCorbyn'])
    await hoverCard(session, '#WeSupportCorbyn', CORBYN)
    expect(session.errors).toEqual([])
  })
})
