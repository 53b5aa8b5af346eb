/**
 * One browser with the built extension, as the e2e scenarios use it: a fixture tab (a Driver),
 * the extension's own pages (popup, options) opened in tabs, the toolbar badge, the keyboard
 * shortcut, the colour scheme, and a record of every request.
 *
 * Reaching what a user reaches through the browser's toolbar:
 * - Chromium (playwright-core, CDP): the extension's pages are opened by URL; the popup page is
 *   opened in a background tab (by the service worker's `tabs.create({ active: false })`) so
 *   the fixture tab stays the active tab the popup asks about; the badge is read with
 *   `chrome.action.getBadgeText` in the service worker; the shortcut is pressed as raw key
 *   events through CDP `Input.dispatchKeyEvent`, which the browser's accelerator handling sees
 *   like a real key press (Playwright's own keyboard API does not reach it).
 * - Firefox (puppeteer-core, WebDriver BiDi): the extension gets a fixed moz-extension UUID
 *   (the `extensions.webextensions.uuids` pref), Firefox runs with
 *   `--remote-allow-system-access` so BiDi may open moz-extension:// pages and run script in
 *   the browser window; the badge is read with `browser.action.getBadgeText` from an extension
 *   page in a background tab; the shortcut is typed into the browser window (focus on the tab
 *   strip) with the same TextInputProcessor Firefox's own tests use; dark mode is the
 *   `layout.css.prefers-color-scheme.content-override` pref (Firefox's "website appearance").
 *
 * Requests: every request of the browser context is recorded (Playwright `context.on('request')`
 * with service-worker network events enabled; BiDi `network.beforeRequestSent`), and the
 * browser's proxy is a recording proxy that refuses everything, so anything that tried to
 * leave the machine, from any part of the browser, is in `proxy.requests`.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { BrowserContext, Page as PwPage, Worker } from 'playwright-core'
import type { ElementHandle, Page as PpPage } from 'puppeteer-core'
import type { Browser as WebExtensionApi } from 'webextension-polyfill'
import {
  bidiConnection,
  bidiContextId,
  firefoxDriverFor,
  installFirefoxExtension,
  launchChromium,
  launchFirefox,
  requireBrowser,
  requireBuild,
  type BrowserName,
  type Driver,
} from './browsers.ts'
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.ts'
import { waitFor } from './wait-for.ts'

/** The extension API as seen by code evaluated in the service worker or an extension page. */
declare const chrome: WebExtensionApi

/** A request seen in the browser context. */
export interface SeenRequest {
  url: string
  /** True for a document navigation (a page or frame loading). */
  navigation: boolean
  /** The page or frame URL it came from, or 'service worker'. */
  from: string
}

/** An extension page (popup or options) open in a tab. */
export interface ExtensionPage {
  url: string
  evaluate<A, R>(fn: (arg: A) => R, arg: A): Promise<R>
  evaluateSource(source: string): Promise<unknown>
  /** A real click on the centre of the first element matching `selector`. */
  click(selector: string): Promise<void>
  /** Clicks the field, then types `text` key by key. */
  type(selector: string, text: string): Promise<void>
  /** Waits until `selector` matches an element. */
  waitFor(selector: string): Promise<void>
  /**
   * Chooses a file in the file input `selector`, as a reader does in the file picker (the input
   * gets the file and fires input and change). Chromium: Playwright `setInputFiles`; Firefox:
   * puppeteer `uploadFile`, which is WebDriver BiDi `input.setFiles`.
   */
  chooseFile(selector: string, file: string): Promise<void>
  screenshot(file: string): Promise<void>
  close(): Promise<void>
}

/** See the module comment. */
export interface Session {
  name: BrowserName
  /** The fixture tab. */
  driver: Driver
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  extensionOrigin: string
  requests: SeenRequest[]
  proxy: RecordingProxy
  /** Opens `src/popup/index.html` or another page of the extension in a new tab. */
  openExtensionPage(pathname: string, options: { background: boolean }): Promise<ExtensionPage>
  /** The toolbar badge text of the fixture tab (which must be the active tab). */
  badgeText(): Promise<string>
  /** Presses Alt+Shift+H as a user does (see the module comment for how). */
  pressCommandShortcut(): Promise<void>
  /** Light or dark for the fixture tab and every extension page. */
  setColorScheme(scheme: 'light' | 'dark'): Promise<void>
  close(): Promise<void>
}

/** Launches `name` with the built extension and a recording proxy. */
export async function openSession(name: BrowserName): Promise<Session> {
  requireBrowser(name)
  const extension = requireBuild(name)
  const proxy = await startRecordingProxy()
  try {
    return name === 'chromium'
      ? await chromiumSession(extension, proxy)
      : await firefoxSession(extension, proxy)
  } catch (error) {
    await proxy.close()
    throw error
  }
}

// ---------------------------------------------------------------- Chromium

async function chromiumSession(extension: string, proxy: RecordingProxy): Promise<Session> {
  const { context, driver } = await launchChromium({
    extension,
    headless: true,
    proxyPort: proxy.port,
  })
  try {
    const requests: SeenRequest[] = []
    context.on('request', (request) => {
      let from = 'service worker'
      if (!request.serviceWorker()) {
        try {
          from = request.frame().url()
        } catch {
          from = 'unknown'
        }
      }
      requests.push({ url: request.url(), navigation: request.isNavigationRequest(), from })
    })
    const page = context.pages()[0]
    if (!page) throw new Error('Chromium opened no page')
    const worker = await serviceWorker(context)
    // Node's URL gives non-special schemes an opaque ("null") origin: build it from the host.
    const extensionOrigin = `chrome-extension://${new URL(worker.url()).host}`
    let scheme: 'light' | 'dark' = 'light'
    const extensionPages = new Set<PwPage>()

    const open = async (pathname: string, background: boolean): Promise<PwPage> => {
      const url = `${extensionOrigin}/${pathname}`
      if (!background) {
        const tab = await context.newPage()
        await tab.goto(url)
        return tab
      }
      const opened = context.waitForEvent('page')
      await worker.evaluate((href) => chrome.tabs.create({ url: href, active: false }), url)
      const tab = await opened
      await tab.waitForURL(url)
      await tab.waitForLoadState('load')
      return tab
    }

    return {
      name: 'chromium',
      driver,
      extensionOrigin,
      requests,
      proxy,
      openExtensionPage: async (pathname, { background }) => {
        const tab = await open(pathname, background)
        extensionPages.add(tab)
        await tab.emulateMedia({ colorScheme: scheme })
        return {
          url: tab.url(),
          evaluate: <A, R>(fn: (arg: A) => R, arg: A) =>
            tab.evaluate(fn as (arg: unknown) => R, arg),
          evaluateSource: (source) => tab.evaluate(source),
          click: (selector) => tab.click(selector),
          type: async (selector, text) => {
            await tab.click(selector)
            await tab.keyboard.type(text)
          },
          waitFor: async (selector) => {
            await tab.waitForSelector(selector)
          },
          chooseFile: (selector, file) => tab.setInputFiles(selector, file),
          screenshot: async (file) => {
            await tab.screenshot({ path: file })
          },
          close: async () => {
            extensionPages.delete(tab)
            await tab.close()
          },
        }
      },
      badgeText: () =>
        worker.evaluate(async () => {
          const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true })
          return tab?.id === undefined
            ? '(no active tab)'
            : chrome.action.getBadgeText({ tabId: tab.id })
        }),
      pressCommandShortcut: async () => {
        const cdp = await context.newCDPSession(page)
        try {
          const ALT = 1
          const SHIFT = 8
          const key = (
            type: 'rawKeyDown' | 'keyUp',
            modifiers: number,
            name: string,
            code: string,
            keyCode: number,
          ) =>
            cdp.send('Input.dispatchKeyEvent', {
              type,
              modifiers,
              key: name,
              code,
              windowsVirtualKeyCode: keyCode,
              nativeVirtualKeyCode: keyCode,
            })
          await key('rawKeyDown', ALT, 'Alt', 'AltLeft', 18)
          await key('rawKeyDown', ALT | SHIFT, 'Shift', 'ShiftLeft', 16)
          await key('rawKeyDown', ALT | SHIFT, 'H', 'KeyH', 72)
          await key('keyUp', ALT | SHIFT, 'H', 'KeyH', 72)
          await key('keyUp', ALT, 'Shift', 'ShiftLeft', 16)
          await key('keyUp', 0, 'Alt', 'AltLeft', 18)
        } finally {
          await cdp.detach().catch(() => undefined)
        }
      },
      setColorScheme: async (next) => {
        scheme = next
        for (const tab of [page, ...extensionPages]) await tab.emulateMedia({ colorScheme: next })
      },
      close: async () => {
        await context.close()
        await proxy.close()
      },
    }
  } catch (error) {
    await context.close()
    throw error
  }
}

/** The extension's service worker (started by the browser with the extension). */
async function serviceWorker(context: BrowserContext): Promise<Worker> {
  const isOurs = (worker: Worker): boolean => worker.url().startsWith('chrome-extension://')
  return (
    context.serviceWorkers().find(isOurs) ??
    (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 15_000 }))
  )
}

// ---------------------------------------------------------------- Firefox

/** The moz-extension:// UUID the test profile gives the extension. */
const FIREFOX_UUID = '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'

/** The add-on id from the built manifest (browser_specific_settings.gecko.id). */
function geckoId(extension: string): string {
  const manifest = JSON.parse(readFileSync(path.join(extension, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } }
  }
  const id = manifest.browser_specific_settings?.gecko?.id
  if (!id) throw new Error(`${extension}/manifest.json has no gecko id`)
  return id
}

async function firefoxSession(extension: string, proxy: RecordingProxy): Promise<Session> {
  const browser = await launchFirefox({
    headless: true,
    proxyPort: proxy.port,
    extensionUuid: { addonId: geckoId(extension), uuid: FIREFOX_UUID },
    systemAccess: true,
  })
  try {
    const connection = bidiConnection(browser)
    const requests: SeenRequest[] = []
    connection.on('network.beforeRequestSent', (params) => {
      const event = params as {
        request?: { url?: string }
        navigation?: string | null
        context?: string
      }
      requests.push({
        url: event.request?.url ?? '',
        navigation: Boolean(event.navigation),
        from: event.context ?? 'unknown',
      })
    })
    await installFirefoxExtension(browser, extension)
    const extensionOrigin = `moz-extension://${FIREFOX_UUID}`
    const startTabs = await browser.pages()
    const page = await browser.newPage()
    for (const tab of startTabs) await tab.close()
    const driver = firefoxDriverFor(browser, page)
    let helper: PpPage | null = null

    /** Runs script in the browser window (chrome scope: allowed by systemAccess). */
    const inBrowserWindow = async (expression: string): Promise<unknown> => {
      const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })
      const contexts = (tree.result.contexts ?? []) as { context: string; url: string }[]
      const window = contexts.find((c) => c.url.startsWith('chrome://browser/'))
      if (!window) throw new Error('no browser window found over BiDi')
      const response = await connection.send('script.evaluate', {
        expression,
        target: { context: window.context },
        awaitPromise: true,
      })
      const result = response.result as {
        type: string
        result?: { value?: unknown }
        exceptionDetails?: { text?: string }
      }
      if (result.type === 'exception')
        throw new Error(`browser window script: ${result.exceptionDetails?.text ?? ''}`)
      return result.result?.value
    }

    const open = async (pathname: string, background: boolean): Promise<PpPage> => {
      const url = `${extensionOrigin}/${pathname}`
      const tab = await browser.newPage({ background })
      // puppeteer's goto() waits for events Firefox does not send for this cross-process
      // navigation; navigate over BiDi and wait for the document instead.
      await connection.send('browsingContext.navigate', {
        context: bidiContextId(tab.mainFrame()),
        url,
        wait: 'none',
      })
      await waitFor(
        `${url} to load`,
        () =>
          tab
            .evaluate(() => `${location.href} ${document.readyState}`)
            .catch((error: unknown) => String(error)),
        (state) => state === `${url} complete`,
      )
      return tab
    }

    const extensionPage = (tab: PpPage, url: string): ExtensionPage => ({
      url,
      evaluate: (fn, arg) => tab.evaluate(fn as (arg: unknown) => never, arg),
      evaluateSource: (source) => tab.evaluate(source),
      click: (selector) => tab.click(selector),
      type: async (selector, text) => {
        await tab.click(selector)
        await tab.keyboard.type(text)
      },
      waitFor: async (selector) => {
        await waitFor(
          selector,
          () => tab.evaluate((s) => document.querySelector(s) !== null, selector),
          (found) => found,
        )
      },
      chooseFile: async (selector, file) => {
        const input = await tab.$(selector)
        if (!input) throw new Error(`no element matches ${selector}`)
        try {
          await (input as ElementHandle<HTMLInputElement>).uploadFile(file)
        } finally {
          await input.dispose()
        }
      },
      screenshot: async (file) => {
        await tab.screenshot({ path: file })
      },
      close: () => tab.close(),
    })

    return {
      name: 'firefox',
      driver,
      extensionOrigin,
      requests,
      proxy,
      openExtensionPage: async (pathname, { background }) =>
        extensionPage(await open(pathname, background), `${extensionOrigin}/${pathname}`),
      badgeText: async () => {
        // Any extension page can ask; a background tab leaves the fixture tab active.
        helper ??= await open('src/options/index.html', true)
        return helper.evaluate(async () => {
          const api = (globalThis as unknown as { browser: WebExtensionApi }).browser
          const [tab] = await api.tabs.query({ active: true, currentWindow: true })
          return tab?.id === undefined
            ? '(no active tab)'
            : api.action.getBadgeText({ tabId: tab.id })
        })
      },
      pressCommandShortcut: async () => {
        await inBrowserWindow(`(() => {
          const tip = Cc['@mozilla.org/text-input-processor;1'].createInstance(Ci.nsITextInputProcessor)
          if (!tip.beginInputTransactionForTests(window)) throw new Error('no input transaction')
          // Focus in the browser's own UI (the tab strip): where Firefox handles its shortcuts.
          gBrowser.selectedTab.focus()
          const key = (key, code, keyCode) => new KeyboardEvent('', { key, code, keyCode })
          tip.keydown(key('Alt', 'AltLeft', 18))
          tip.keydown(key('Shift', 'ShiftLeft', 16))
          tip.keydown(key('H', 'KeyH', 72))
          tip.keyup(key('H', 'KeyH', 72))
          tip.keyup(key('Shift', 'ShiftLeft', 16))
          tip.keyup(key('Alt', 'AltLeft', 18))
          return true
        })()`)
      },
      setColorScheme: async (scheme) => {
        // 0: dark, 1: light (Settings > General > Website appearance).
        await inBrowserWindow(
          `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${scheme === 'dark' ? 0 : 1}), true`,
        )
      },
      close: async () => {
        await browser.close()
        await proxy.close()
      },
    }
  } catch (error) {
    await browser.close()
    throw error
  }
}
