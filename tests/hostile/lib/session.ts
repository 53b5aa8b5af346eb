/**
 * One browser with the built extension, for the hostile-page tests, with what they need:
 *
 * - a small driver (goto, evaluate, hover, press): Firefox's is the e2e one
 *   (tests/e2e/lib/browsers.ts); Chromium is launched here with the same flags as the e2e
 *   launcher but WITH the back/forward cache, which Playwright turns off by default (so a
 *   navigation back resolves at commit, and lifecycle tests wait for the page themselves);
 * - every uncaught error of the tab, whichever world threw it (page or content script):
 *   CDP `Runtime.exceptionThrown` in Chromium (it reports isolated worlds too), puppeteer's
 *   `pageerror` (BiDi `log.entryAdded`) in Firefox;
 * - `inCard(fn)`: runs a function with `this` = the card's dialog element, reached through the
 *   automation protocol like readCard() does (the shadow root is closed to the page);
 * - screenshots of a box, decoded, so a test can check the card is legible;
 * - the raw handles (playwright context and page, puppeteer browser and page) for lifecycle tests.
 */
import path from 'node:path'
import {
  chromium,
  type BrowserContext,
  type CDPSession,
  type Page as PwPage,
} from 'playwright-core'
import type { Browser as PpBrowser, Page as PpPage } from 'puppeteer-core'
import {
  bidiConnection,
  bidiContextId,
  bidiReadMarks,
  cdpReadMarks,
  centerOf,
  firefoxDriver,
  installFirefoxExtension,
  launchFirefox,
  requireBrowser,
  requireBuild,
  type Box,
  type BrowserName,
  type PaintedMark,
  type Point,
} from '../../e2e/lib/browsers.ts'
import { waitFor } from '../../e2e/lib/wait-for.ts'
import { decodePng, type Pixels } from './png.ts'

/** Tag name of the extension's one element (src/content/skip.ts). */
export const HOST_TAG = 'hashtag-context-host'

/** An uncaught error seen in the tab. */
export interface TabError {
  /** 'extension' when the content script's world threw, 'page' otherwise. */
  world: 'extension' | 'page'
  message: string
}

interface ChromiumHandles {
  context: BrowserContext
  page: PwPage
  cdp: CDPSession
  /** Ids of the live execution contexts of extensions in the page (content-script worlds). */
  extensionWorlds(): number[]
}

interface FirefoxHandles {
  browser: PpBrowser
  page: PpPage
  addonId: string
}

/** What the tests do to the page as a user would (a subset of the e2e Driver). */
export interface PageDriver {
  goto(url: string): Promise<void>
  /** Runs `fn(arg)` in the page's main world. */
  evaluate<A, R>(fn: (arg: A) => R, arg: A): Promise<R>
  hover(point: Point): Promise<void>
  press(key: 'Escape' | 'Tab'): Promise<void>
}

/** A browser with the extension and one tab. */
export interface Session {
  name: BrowserName
  driver: PageDriver
  /** Uncaught errors so far (a test clears it with `errors.length = 0`). */
  errors: TabError[]
  /** Runs `fn` (a function expression's source) with `this` = the card dialog, in the probe world. */
  inCard<T>(fn: string): Promise<T | null>
  /** A screenshot of a box of the viewport, decoded. */
  shot(box: Box): Promise<Pixels>
  /** The marks painted now (the e2e Driver's readMarks, on this session's protocol channel). */
  readMarks(): Promise<PaintedMark[]>
  /**
   * Evaluates an expression in the page's main world straight through the protocol (CDP
   * Runtime.evaluate, BiDi script.evaluate), with no helper code of the automation library in the
   * page: works on pages that broke Array.prototype and friends. A promise is awaited. Returns a
   * string result as is, anything else as null.
   */
  evalJs(expression: string): Promise<string | null>
  /**
   * Runs `fn(arg)` (a function expression's source) in the test's own isolated world / sandbox of
   * the page, which sees the native DOM whatever page scripts redefined; returns its JSON result.
   */
  probe<T>(fn: string, arg?: unknown): Promise<T>
  chromium?: ChromiumHandles
  firefox?: FirefoxHandles
  close(): Promise<void>
}

/** Options of {@link openSession}. */
export interface SessionOptions {
  /** Extension directory (default: the build in dist/); Chromium takes a comma-separated list. */
  extension?: string
}

/** A node as CDP describes it (DOM.describeNode). */
export interface CdpNode {
  backendNodeId: number
  nodeType: number
  localName: string
  attributes?: string[]
  /** A text node's text. */
  nodeValue?: string
  children?: CdpNode[]
  shadowRoots?: CdpNode[]
}

interface BidiNode {
  type: string
  sharedId?: string
  value?: {
    attributes?: Record<string, string>
    children?: BidiNode[]
    shadowRoot?: BidiNode | null
  }
}

export function findCdp(node: CdpNode, test: (n: CdpNode) => boolean): CdpNode | undefined {
  if (test(node)) return node
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    const hit = findCdp(child, test)
    if (hit) return hit
  }
  return undefined
}

function findBidi(node: BidiNode, test: (n: BidiNode) => boolean): BidiNode | undefined {
  if (test(node)) return node
  const value = node.value
  for (const child of [
    ...(value?.children ?? []),
    ...(value?.shadowRoot ? [value.shadowRoot] : []),
  ]) {
    const hit = findBidi(child, test)
    if (hit) return hit
  }
  return undefined
}

const isDialogCdp = (n: CdpNode): boolean => {
  const a = n.attributes ?? []
  for (let i = 0; i + 1 < a.length; i += 2)
    if (a[i] === 'role' && a[i + 1] === 'dialog') return true
  return false
}

/**
 * The extension's host element with its whole tree, closed shadow root included (CDP
 * DOM.describeNode with pierce), or undefined when the page has none. Only two levels of the
 * document are read first: a page 1,500 elements deep overflows a full tree.
 */
export async function cdpHostTree(cdp: CDPSession): Promise<CdpNode | undefined> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: 2 })) as { root: CdpNode }
  const html = root.children?.find((n) => n.localName === 'html')
  const shallow = html?.children?.find((n) => n.localName === HOST_TAG)
  if (!shallow) return undefined
  const { node } = (await cdp.send('DOM.describeNode', {
    backendNodeId: shallow.backendNodeId,
    depth: -1,
    pierce: true,
  })) as { node: CdpNode | undefined }
  return node
}

/** Name of the test's own isolated world (CDP) / sandbox (BiDi), untouched by page scripts. */
const PROBE_WORLD = 'hashtag-context-test-probe'

/** Wraps a function's source so its result comes back as JSON text. */
const asJson = (fn: string, arg: unknown): string =>
  `JSON.stringify((${fn})(${JSON.stringify(arg ?? null)}))`

async function chromiumSession(extension: string): Promise<Session> {
  const context = await chromium.launchPersistentContext('', {
    executablePath: requireBrowser('chromium'),
    headless: true,
    // Playwright turns the back/forward cache off; the lifecycle tests need it.
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      // Comma-separated lists: the lifecycle tests load helper extensions beside it.
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
    ],
    viewport: { width: 1000, height: 800 },
  })
  // No request leaves the machine (nothing here should try; a stub answers if it does).
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) =>
    route.fulfill({ status: 200, contentType: 'text/plain', body: 'stub' }),
  )
  const page = context.pages()[0] ?? (await context.newPage())
  const driver: PageDriver = {
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' })
    },
    evaluate: <A, R>(fn: (arg: A) => R, arg: A) => page.evaluate(fn as (arg: unknown) => R, arg),
    hover: (point) => page.mouse.move(point.x, point.y, { steps: 4 }),
    press: (key) => page.keyboard.press(key),
  }
  const cdp = await context.newCDPSession(page)
  const errors: TabError[] = []
  // Every extension world ever seen (errors keep their attribution), and the live ones.
  const extensionContexts = new Set<number>()
  const live = new Set<number>()
  cdp.on('Runtime.executionContextCreated', (e) => {
    if (!e.context.origin.startsWith('chrome-extension://')) return
    extensionContexts.add(e.context.id)
    live.add(e.context.id)
  })
  cdp.on('Runtime.executionContextDestroyed', (e) => live.delete(e.executionContextId))
  cdp.on('Runtime.executionContextsCleared', () => live.clear())
  cdp.on('Runtime.exceptionThrown', (e) => {
    const d = e.exceptionDetails
    const world =
      (d.executionContextId !== undefined && extensionContexts.has(d.executionContextId)) ||
      (d.url ?? '').startsWith('chrome-extension://') ||
      (d.exception?.description ?? '').includes('chrome-extension://')
        ? 'extension'
        : 'page'
    errors.push({ world, message: `${d.text} ${d.exception?.description ?? ''}`.trim() })
  })
  await cdp.send('Runtime.enable')

  /** A fresh probe world in the current document (worlds die with their document). */
  const probeWorld = async (): Promise<number> => {
    const { frameTree } = await cdp.send('Page.getFrameTree')
    const { executionContextId } = await cdp.send('Page.createIsolatedWorld', {
      frameId: frameTree.frame.id,
      worldName: PROBE_WORLD,
    })
    return executionContextId
  }

  return {
    name: 'chromium',
    driver,
    errors,
    chromium: { context, page, cdp, extensionWorlds: () => [...live] },
    async probe<T>(fn: string, arg?: unknown): Promise<T> {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
        expression: asJson(fn, arg),
        contextId: await probeWorld(),
        returnByValue: true,
      })
      if (exceptionDetails) {
        throw new Error(
          `probe: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`,
        )
      }
      return JSON.parse(String(result.value)) as T
    },
    async inCard<T>(fn: string): Promise<T | null> {
      const host = await cdpHostTree(cdp)
      const dialog = host && findCdp(host, isDialogCdp)
      if (!dialog) return null
      const resolved = await cdp
        .send('DOM.resolveNode', {
          backendNodeId: dialog.backendNodeId,
          executionContextId: await probeWorld(),
        })
        .catch(() => null)
      const objectId = resolved?.object.objectId
      if (!objectId) return null
      try {
        const { result } = await cdp.send('Runtime.callFunctionOn', {
          objectId,
          functionDeclaration: `function () { return JSON.stringify((${fn}).call(this)) }`,
          returnByValue: true,
        })
        return typeof result.value === 'string' ? (JSON.parse(result.value) as T) : null
      } finally {
        await cdp.send('Runtime.releaseObject', { objectId }).catch(() => undefined)
      }
    },
    readMarks: () => cdpReadMarks(cdp),
    async shot(box) {
      const png = await page.screenshot({ clip: box, animations: 'disabled' })
      return decodePng(png)
    },
    async evalJs(expression) {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
        expression,
        returnByValue: true,
        awaitPromise: true,
      })
      if (exceptionDetails) {
        throw new Error(`page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`)
      }
      return typeof result.value === 'string' ? result.value : null
    },
    close: () => context.close(),
  }
}

async function firefoxSession(extension: string): Promise<Session> {
  const browser = await launchFirefox({ headless: true })
  try {
    const addonId = await installFirefoxExtension(browser, extension)
    const driver = await firefoxDriver(browser)
    const pages = await browser.pages()
    const page = pages.at(-1)
    if (!page) throw new Error('Firefox opened no page')
    const errors: TabError[] = []
    page.on('pageerror', (error: unknown) => {
      const message =
        error instanceof Error ? `${error.message} ${error.stack ?? ''}` : String(error)
      errors.push({
        world: message.includes('moz-extension://') ? 'extension' : 'page',
        message,
      })
    })
    const connection = bidiConnection(browser)
    const context = bidiContextId(page.mainFrame())
    const sandbox = { context, sandbox: PROBE_WORLD }
    const value = (response: { result: Record<string, unknown> } | null): unknown => {
      const result = response?.result as
        | { type: string; result?: { type: string; value?: unknown }; exceptionDetails?: unknown }
        | undefined
      if (result?.type === 'exception') {
        throw new Error(`script: ${JSON.stringify(result.exceptionDetails).slice(0, 500)}`)
      }
      return result?.result?.value
    }
    return {
      name: 'firefox',
      driver,
      errors,
      firefox: { browser, page, addonId },
      async probe<T>(fn: string, arg?: unknown): Promise<T> {
        const response = await connection.send('script.evaluate', {
          expression: asJson(fn, arg),
          target: sandbox,
          awaitPromise: false,
          resultOwnership: 'none',
        })
        return JSON.parse(String(value(response))) as T
      },
      async inCard<T>(fn: string): Promise<T | null> {
        const { result } = await connection.send('script.evaluate', {
          expression: `document.querySelector(${JSON.stringify(HOST_TAG)})`,
          target: sandbox,
          awaitPromise: false,
          resultOwnership: 'none',
          serializationOptions: { maxDomDepth: 64, includeShadowTree: 'all' },
        })
        const host = result.result as BidiNode
        const dialog =
          host.type === 'node' && host.value?.shadowRoot
            ? findBidi(host.value.shadowRoot, (n) => n.value?.attributes?.role === 'dialog')
            : undefined
        if (!dialog?.sharedId) return null
        const response = await connection
          .send('script.callFunction', {
            functionDeclaration: `function () { return JSON.stringify((${fn}).call(this)) }`,
            this: { sharedId: dialog.sharedId },
            target: sandbox,
            awaitPromise: false,
            resultOwnership: 'none',
          })
          .catch(() => null)
        const text = value(response)
        return typeof text === 'string' ? (JSON.parse(text) as T) : null
      },
      readMarks: () => bidiReadMarks(connection, page.frames().map(bidiContextId)),
      async shot(box) {
        const png = await page.screenshot({ clip: box, encoding: 'binary' })
        return decodePng(png)
      },
      async evalJs(expression) {
        const text = value(
          await connection.send('script.evaluate', {
            expression,
            target: { context },
            awaitPromise: true,
            resultOwnership: 'none',
          }),
        )
        return typeof text === 'string' ? text : null
      },
      close: () => browser.close(),
    }
  } catch (error) {
    await browser.close()
    throw error
  }
}

/**
 * The unpacked extension under test: dist/chrome or dist/firefox, or the same folders under
 * $HC_DIST (a snapshot of dist/, so a rebuild running elsewhere cannot swap files mid-test).
 */
export function extensionDir(name: BrowserName): string {
  const snapshot = process.env.HC_DIST
  if (snapshot) return path.join(snapshot, name === 'chromium' ? 'chrome' : 'firefox')
  return requireBuild(name)
}

/** Launches `name` with the extension (headless) and one tab. */
export async function openSession(
  name: BrowserName,
  options: SessionOptions = {},
): Promise<Session> {
  const extension = options.extension ?? extensionDir(name)
  return name === 'chromium' ? chromiumSession(extension) : firefoxSession(extension)
}

/**
 * The texts marked: the tag of every mark box painted now (one per line a tag spans), read
 * through the protocol in a world of the test's own, so it works on pages that broke
 * Array.prototype and friends.
 */
export async function marks(session: Session): Promise<string[]> {
  return (await session.readMarks()).map((mark) => mark.tag)
}

/** The style of the marks painted now ('underline', 'highlight', 'outline'), each once, sorted. */
export async function markStyles(session: Session): Promise<string[]> {
  return [...new Set((await session.readMarks()).map((mark) => mark.style))].sort()
}

/** Waits until the marked texts satisfy `accept`. */
export function waitForMarks(
  session: Session,
  what: string,
  accept: (texts: string[]) => boolean,
  timeoutMs?: number,
): Promise<string[]> {
  return waitFor(what, () => marks(session), accept, timeoutMs)
}

/**
 * Probe (see Session.probe): the box of the first occurrence of `needle` in the body's visible
 * text (not in scripts or styles), or null.
 */
export const TEXT_BOX = `(needle) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(needle)
    if (at < 0 || node.parentElement.closest('script, style, template')) continue
    const range = document.createRange()
    range.setStart(node, at)
    range.setEnd(node, at + needle.length)
    const r = range.getBoundingClientRect()
    return { x: r.left, y: r.top, width: r.width, height: r.height }
  }
  return null
}`

/** Probe: how many elements named `tag` there are, and how many are children of <html>. */
export const HOST_COUNT = `(tag) => ({
  all: document.querySelectorAll(tag).length,
  underHtml: document.querySelectorAll(':root > ' + tag).length,
})`

/** The open card's text (whitespace collapsed), or null when no card is open. */
export function cardText(session: Session): Promise<string | null> {
  return session.inCard<string>(`function () { return this.textContent.replace(/\\s+/g, ' ') }`)
}

/** Presses Esc and waits for the card to close (a mark under the card is drawn only then). */
export async function closeCard(session: Session): Promise<void> {
  await session.driver.press('Escape')
  await waitFor(
    'no card',
    () => cardText(session),
    (t) => t === null,
  )
}

/**
 * Moves the pointer away, then onto `needle`, and waits for the card whose text includes `title`;
 * returns the card's text. (The card is found by its element name, not as "the extra child of
 * <html>", so pages that add their own children to <html> do not confuse it.) The pointer is
 * moved again if no card came: right after an add-on install, Firefox's WebDriver input can
 * deliver a move long after the command returned, while a user's pointer sends moves all along.
 */
export async function hoverCard(
  session: Session,
  needle: string,
  title: string,
  timeoutMs = 10_000,
): Promise<string> {
  const attempts = 3
  for (let attempt = 1; ; attempt++) {
    const box = await session.probe<Box | null>(TEXT_BOX, needle)
    if (!box) throw new Error(`${needle} is not on the page`)
    await session.driver.hover({ x: 1, y: 1 })
    await session.driver.hover(centerOf(box))
    try {
      const text = await waitFor(
        `the card of ${needle}`,
        () => cardText(session),
        (t) => t !== null && t.includes(title),
        timeoutMs / attempts,
      )
      return text ?? ''
    } catch (error) {
      if (attempt === attempts) throw error
    }
  }
}

/**
 * Pixels of the mark colour (page-host.css: #e8590c, the underline and outline borders) in the
 * box of `needle`'s text and the 4 px under it: its mark is drawn there.
 */
export async function markPixels(session: Session, needle: string): Promise<number> {
  const box = await session.probe<Box | null>(TEXT_BOX, needle)
  if (!box) throw new Error(`${needle} is not on the page`)
  const shot = await session.shot({
    x: Math.floor(box.x),
    y: Math.floor(box.y),
    width: Math.ceil(box.width),
    height: Math.ceil(box.height) + 4,
  })
  let n = 0
  for (let i = 0; i < shot.data.length; i += 4) {
    const [r = 0, g = 0, b = 0] = shot.data.subarray(i, i + 3)
    if (r > 200 && g < 140 && b < 90) n++
  }
  return n
}

/**
 * Where `needle`'s mark is against its text: the painted box and the text's own (measured in the
 * test's world), and the mark's style; null fields when either is missing.
 */
export async function markOnText(
  session: Session,
  needle: string,
): Promise<{ mark: Box | null; text: Box | null; style: string | null }> {
  const text = await session.probe<Box | null>(TEXT_BOX, needle)
  const mark = (await session.readMarks()).find((m) => m.tag === needle)
  return { mark: mark?.box ?? null, text, style: mark?.style ?? null }
}

/** The largest distance between two boxes' edges, in CSS pixels (Infinity if one is missing). */
export function boxDistance(a: Box | null, b: Box | null): number {
  if (!a || !b) return Infinity
  return Math.max(
    Math.abs(a.x - b.x),
    Math.abs(a.y - b.y),
    Math.abs(a.x + a.width - (b.x + b.width)),
    Math.abs(a.y + a.height - (b.y + b.height)),
  )
}

/** Sleeps. */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms))
