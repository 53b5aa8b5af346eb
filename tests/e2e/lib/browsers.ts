/**
 * Launches the real browsers with the built extension, behind one small Driver interface so the
 * smoke test and the demo run the same steps in Chromium (playwright-core, CDP) and Firefox
 * (puppeteer-core, WebDriver BiDi).
 *
 * The card lives in a CLOSED shadow root, which page scripts (and Playwright's locators) cannot
 * enter. readCard() therefore reads it through the automation protocol, which sees the whole
 * tree without exposing anything to the page: CDP `DOM.getDocument({ pierce: true })` in
 * Chromium, BiDi `script.evaluate` with `includeShadowTree: 'all'` in Firefox. Geometry comes
 * from the same channel (a node reference resolved in the page realm), so the test can hover
 * and click exactly what a user would.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import {
  chromium,
  type BrowserContext,
  type CDPSession,
  type Page as PwPage,
} from 'playwright-core'
import puppeteer, {
  TargetType,
  type Browser as PpBrowser,
  type Page as PpPage,
} from 'puppeteer-core'

/** Where the Debian packages put the browsers; override with CHROMIUM_PATH / FIREFOX_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'
export const INSTALL_HINT =
  'apt-get install -y --no-install-recommends chromium firefox-esr fonts-liberation'

/** Project root (two levels above this file's folder). */
export const ROOT = path.resolve(import.meta.dirname, '../../..')

export type BrowserName = 'chromium' | 'firefox'

/** Throws a message that says how to install the browser when its binary is missing. */
export function requireBrowser(name: BrowserName): string {
  const binary = name === 'chromium' ? CHROMIUM_PATH : FIREFOX_PATH
  if (!existsSync(binary)) {
    throw new Error(`${name} not found at ${binary}. Install it with: ${INSTALL_HINT}`)
  }
  return binary
}

/** The unpacked extension for a browser; throws when it has not been built. */
export function requireBuild(name: BrowserName): string {
  const dir = path.join(ROOT, 'dist', name === 'chromium' ? 'chrome' : 'firefox')
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`${dir}/manifest.json is missing: run npm run build first`)
  }
  return dir
}

/** A point in CSS pixels of the viewport. */
export interface Point {
  x: number
  y: number
}

/** What the card shows, read from its closed shadow tree. */
export interface CardSnapshot {
  /** Local name of the extension's host element. */
  host: string
  /** Rendered text, whitespace collapsed (style and script text excluded). */
  text: string
  /** `ref` names the link for linkPoint(). */
  links: { href: string; text: string; ref: string }[]
  /** The role="dialog" element's box, if any. */
  dialog: Box | null
}

/** A box in CSS pixels of the viewport. */
export interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** One page of one browser. */
export interface Driver {
  name: BrowserName
  goto(url: string): Promise<void>
  /** Runs `fn(arg)` in the page's main world (page scripts' view). */
  evaluate<A, R>(fn: (arg: A) => R, arg: A): Promise<R>
  hover(point: Point): Promise<void>
  /** Clicks at a point and returns the URL of the page the click opened (new tab), if any. */
  clickForPopup(point: Point): Promise<string | null>
  press(key: 'Escape' | 'Tab'): Promise<void>
  readCard(): Promise<CardSnapshot | null>
  /**
   * Scrolls a card link into view inside the card (as a user scrolls a long card) and returns
   * its centre, or null once it is gone.
   */
  linkPoint(ref: string): Promise<Point | null>
  screenshot(file: string): Promise<void>
  close(): Promise<void>
}

const isRoot = process.getuid?.() === 0

/** Options of the launchers. */
export interface LaunchOptions {
  /** Unpacked extension to load; none for a baseline browser. */
  extension?: string
  headless: boolean
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim()

/**
 * Runs with `this` = an element of the card (handed over by the protocol, never reachable by
 * page scripts): scrolls it into view within its scrolling box and measures it.
 */
const SCROLL_AND_MEASURE = `function () {
  this.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  const r = this.getBoundingClientRect()
  return [r.left, r.top, r.width, r.height]
}`

/** The centre of a box. */
export const centerOf = (box: Box): Point => ({
  x: box.x + box.width / 2,
  y: box.y + box.height / 2,
})

const toBox = (value: number[] | undefined): Box | null => {
  if (!value) return null
  const [x = 0, y = 0, width = 0, height = 0] = value
  return { x, y, width, height }
}

// ---------------------------------------------------------------- Chromium (playwright + CDP)

interface CdpNode {
  nodeId: number
  backendNodeId: number
  nodeType: number
  localName: string
  nodeValue: string
  attributes?: string[]
  children?: CdpNode[]
  shadowRoots?: CdpNode[]
}

/** Launches Chromium (a persistent context: the only kind that loads extensions). */
export async function launchChromium(options: LaunchOptions): Promise<{
  context: BrowserContext
  driver: Driver
}> {
  const executablePath = requireBrowser('chromium')
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    ...(isRoot ? ['--no-sandbox'] : []),
    ...(options.extension
      ? [
          `--disable-extensions-except=${options.extension}`,
          `--load-extension=${options.extension}`,
        ]
      : []),
  ]
  const context = await chromium.launchPersistentContext('', {
    executablePath,
    headless: options.headless,
    args,
    viewport: { width: 1000, height: 800 },
  })
  // No request leaves the machine: source links open into a stub, proving only that they work.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
    route.fulfill({ status: 200, contentType: 'text/plain', body: 'stub' }),
  )
  const page = context.pages()[0] ?? (await context.newPage())
  return { context, driver: chromiumDriver(context, page) }
}

function chromiumDriver(context: BrowserContext, page: PwPage): Driver {
  return {
    name: 'chromium',
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' })
    },
    // Playwright's evaluate types its argument as Unboxed<A>; the probes take plain JSON.
    evaluate: <A, R>(fn: (arg: A) => R, arg: A) => page.evaluate(fn as (arg: unknown) => R, arg),
    hover: (point) => page.mouse.move(point.x, point.y, { steps: 4 }),
    clickForPopup: async (point) => {
      const popup = context.waitForEvent('page', { timeout: 5_000 }).catch(() => null)
      await page.mouse.click(point.x, point.y)
      const opened = await popup
      if (!opened) return null
      await opened.waitForLoadState('domcontentloaded').catch(() => undefined)
      const url = opened.url()
      await opened.close()
      return url
    },
    press: (key) => page.keyboard.press(key),
    readCard: async () => {
      const cdp = await context.newCDPSession(page)
      try {
        const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as {
          root: CdpNode
        }
        const html = root.children?.find((node) => node.localName === 'html')
        const host = html?.children?.find((node) => (node.shadowRoots?.length ?? 0) > 0)
        const shadow = host?.shadowRoots?.[0]
        if (!host || !shadow) return null
        const texts: string[] = []
        const anchors: CdpNode[] = []
        let dialog: CdpNode | undefined
        const walk = (node: CdpNode): void => {
          if (node.nodeType === 3) texts.push(node.nodeValue)
          if (node.localName === 'style' || node.localName === 'script') return
          const attributes = attrs(node)
          if (node.localName === 'a' && attributes.href !== undefined) anchors.push(node)
          if (attributes.role === 'dialog') dialog ??= node
          for (const child of node.children ?? []) walk(child)
        }
        walk(shadow)
        return {
          host: host.localName,
          text: collapse(texts.join(' ')),
          links: anchors.map((anchor) => ({
            href: attrs(anchor).href ?? '',
            text: collapse(textOf(anchor)),
            ref: String(anchor.backendNodeId),
          })),
          dialog: dialog ? await measure(cdp, dialog.backendNodeId, false) : null,
        }
      } finally {
        await cdp.detach()
      }
    },
    linkPoint: async (ref) => {
      const cdp = await context.newCDPSession(page)
      try {
        const box = await measure(cdp, Number(ref), true)
        return box && centerOf(box)
      } finally {
        await cdp.detach()
      }
    },
    screenshot: async (file) => {
      await page.screenshot({ path: file })
    },
    close: () => context.close(),
  }
}

/** Measures (and optionally scrolls into view) a node found by DOM.getDocument. */
async function measure(
  cdp: CDPSession,
  backendNodeId: number,
  scroll: boolean,
): Promise<Box | null> {
  const resolved = (await cdp.send('DOM.resolveNode', { backendNodeId }).catch(() => null)) as {
    object: { objectId?: string }
  } | null
  const objectId = resolved?.object.objectId
  if (!objectId) return null
  try {
    const { result } = (await cdp.send('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: scroll
        ? SCROLL_AND_MEASURE
        : SCROLL_AND_MEASURE.replace(/this\.scrollIntoView[^\n]*\n/, ''),
      returnByValue: true,
    })) as { result: { value?: number[] } }
    return toBox(result.value)
  } finally {
    await cdp.send('Runtime.releaseObject', { objectId }).catch(() => undefined)
  }
}

function attrs(node: CdpNode): Record<string, string> {
  const out: Record<string, string> = {}
  const list = node.attributes ?? []
  for (let i = 0; i + 1 < list.length; i += 2) out[list[i] as string] = list[i + 1] as string
  return out
}

function textOf(node: CdpNode): string {
  if (node.nodeType === 3) return node.nodeValue
  return (node.children ?? []).map(textOf).join('')
}

// ---------------------------------------------------------------- Firefox (puppeteer + BiDi)

interface BidiNode {
  type: 'node'
  sharedId?: string
  value?: {
    nodeType: number
    localName?: string
    nodeValue?: string
    attributes?: Record<string, string>
    children?: BidiNode[]
    shadowRoot?: BidiNode | null
  }
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>
}

/** Launches Firefox over WebDriver BiDi (no extension yet: see installExtension()). */
export async function launchFirefox(options: { headless: boolean }): Promise<PpBrowser> {
  const executablePath = requireBrowser('firefox')
  return puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: options.headless,
    defaultViewport: { width: 1000, height: 800 },
    extraPrefsFirefox: {
      // Quiet, offline-friendly profile: no update checks, telemetry or first-run pages.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      // Source links must not reach the network from a test: every https request goes to a
      // proxy port nobody listens on (the discard port). Loopback is never proxied.
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
    },
  })
}

/**
 * The URL a tab tried to open. The test profile sends https through a dead proxy, so Firefox
 * shows its error page, whose `u` parameter is the URL that was requested.
 */
function requestedUrl(url: string | null): string | null {
  if (!url?.startsWith('about:neterror')) return url
  return new URLSearchParams(url.slice(url.indexOf('?') + 1)).get('u')
}

/** Installs the unpacked extension (temporary add-on, as web-ext run and about:debugging do). */
export async function installFirefoxExtension(browser: PpBrowser, dir: string): Promise<string> {
  return browser.installExtension(dir)
}

/** A driver over a new tab of a Firefox launched by launchFirefox(). */
export async function firefoxDriver(browser: PpBrowser): Promise<Driver> {
  const page: PpPage = await browser.newPage()
  // puppeteer keeps the raw BiDi connection and the tab's browsing-context id internal; both
  // are needed for includeShadowTree: 'all', which puppeteer's own API does not offer.
  const connection = (browser as unknown as { connection: BidiConnection }).connection
  const context = (page.mainFrame() as unknown as { _id: string })._id

  const measure = async (sharedId: string, scroll: boolean): Promise<Box | null> => {
    const response = await connection
      .send('script.callFunction', {
        functionDeclaration: scroll
          ? SCROLL_AND_MEASURE
          : SCROLL_AND_MEASURE.replace(/this\.scrollIntoView[^\n]*\n/, ''),
        this: { sharedId },
        target: { context },
        awaitPromise: false,
        resultOwnership: 'none',
      })
      .catch(() => null)
    const value = (response?.result.result as { value?: { value: number }[] } | undefined)?.value
    return toBox(value?.map((item) => item.value))
  }

  return {
    name: 'firefox',
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' })
    },
    evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => never, arg),
    hover: async (point) => {
      await page.mouse.move(point.x, point.y, { steps: 4 })
    },
    clickForPopup: async (point) => {
      const before = new Set(browser.targets())
      const target = browser
        .waitForTarget(
          (t) => !before.has(t) && t.type() === TargetType.PAGE && t.url() !== 'about:blank',
          {
            timeout: 5_000,
          },
        )
        .catch(() => null)
      await page.mouse.click(point.x, point.y)
      const opened = await target
      await (await opened?.page())?.close()
      return requestedUrl(opened?.url() ?? null)
    },
    press: (key) => page.keyboard.press(key),
    readCard: async () => {
      const { result } = await connection.send('script.evaluate', {
        // Finds the extra child of <html> (the only node the extension adds); reading only.
        expression: `[...document.documentElement.children].find((el) => el.localName !== 'head' && el.localName !== 'body') ?? null`,
        target: { context },
        awaitPromise: false,
        resultOwnership: 'none',
        serializationOptions: { maxDomDepth: 64, includeShadowTree: 'all' },
      })
      const host = result.result as BidiNode | { type: 'null' }
      if (host.type !== 'node' || !host.value?.shadowRoot) return null
      const texts: string[] = []
      const anchors: BidiNode[] = []
      let dialog: BidiNode | undefined
      const walk = (node: BidiNode): void => {
        const value = node.value
        if (!value) return
        if (value.nodeType === 3) texts.push(value.nodeValue ?? '')
        if (value.localName === 'style' || value.localName === 'script') return
        if (value.localName === 'a' && value.attributes?.href !== undefined) anchors.push(node)
        if (value.attributes?.role === 'dialog') dialog ??= node
        for (const child of value.children ?? []) walk(child)
      }
      walk(host.value.shadowRoot)
      const textOfBidi = (node: BidiNode): string =>
        node.value?.nodeType === 3
          ? (node.value.nodeValue ?? '')
          : (node.value?.children ?? []).map(textOfBidi).join('')
      return {
        host: host.value.localName ?? '',
        text: collapse(texts.join(' ')),
        links: anchors.map((anchor) => ({
          href: anchor.value?.attributes?.href ?? '',
          text: collapse(textOfBidi(anchor)),
          ref: anchor.sharedId ?? '',
        })),
        dialog: dialog?.sharedId ? await measure(dialog.sharedId, false) : null,
      }
    },
    linkPoint: async (ref) => {
      const box = ref ? await measure(ref, true) : null
      return box && centerOf(box)
    },
    screenshot: async (file) => {
      await page.screenshot({ path: file })
    },
    close: () => page.close(),
  }
}
