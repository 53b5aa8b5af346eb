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
import { HOST_TAG } from '../../../src/content/skip.ts'

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
  /**
   * The card's buttons with their disclosure state (`aria-expanded`, null when the button has
   * none), their toggle state (`aria-pressed`, null when none: the choice between entries) and
   * the id they control; `ref` works with linkPoint().
   */
  buttons: {
    text: string
    expanded: string | null
    pressed: string | null
    controls: string | null
    ref: string
  }[]
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
  /** Evaluates a script's source in the page's main world (e.g. axe-core's). */
  evaluateSource(source: string): Promise<unknown>
  hover(point: Point): Promise<void>
  /** A real click (pointer down and up) at a point. */
  click(point: Point): Promise<void>
  /** Turns the mouse wheel by `deltaY` CSS pixels with the pointer at `at`. */
  wheel(at: Point, deltaY: number): Promise<void>
  /** Clicks at a point and returns the URL of the page the click opened (new tab), if any. */
  clickForPopup(point: Point): Promise<string | null>
  /** A key press by its `KeyboardEvent.key` name ('Escape', 'Tab', 'a'…). */
  press(key: string): Promise<void>
  /** Makes this tab the active one of its window. */
  bringToFront(): Promise<void>
  /** Resizes the viewport (CSS pixels), as a user resizing the window does. */
  setViewport(width: number, height: number): Promise<void>
  /**
   * The card, read from the closed shadow tree of the extension's host in the top document or
   * any same-origin frame (the first one that shows a card). `dialog` is in its frame's viewport.
   */
  readCard(): Promise<CardSnapshot | null>
  /**
   * Every mark the extension paints now, in the top document and its same-origin frames, read
   * from the hosts' closed shadow roots through the protocol and measured in a world of the
   * test's own (see readPaintedMarks). Marks the lease turned invisible are not painted.
   */
  readMarks(): Promise<PaintedMark[]>
  /**
   * Scrolls a card link into view inside the card (as a user scrolls a long card) and returns
   * its centre, or null once it is gone.
   */
  linkPoint(ref: string): Promise<Point | null>
  /**
   * Test-only: gives the top document's card host an own `shadowRoot` property that returns its
   * closed shadow root, through the automation protocol, so a page-world tool (axe-core) can
   * walk the real card. Undone by reloading the page. False when no card host is there.
   */
  exposeCard(): Promise<boolean>
  /** Console errors and uncaught page errors since the last goto(). */
  errors(): string[]
  screenshot(file: string, clip?: Box): Promise<void>
  close(): Promise<void>
}

/** A mark the extension paints, as the reader sees it. */
export interface PaintedMark {
  /** The hashtag as written (the mark's `data-tag`). */
  tag: string
  /** The mark style: 'underline', 'highlight' or 'outline'. */
  style: string
  /** True for the tag whose card is open. */
  active: boolean
  /**
   * What is painted: the mark's box minus its clip-path insets, cut to its frame's viewport, in
   * the top viewport's CSS pixels.
   */
  box: Box
}

/** Name of the world (CDP isolated world, BiDi sandbox) marks are measured in. */
const MARKS_WORLD = 'hashtag-context-test-marks'

/** Finds the extension's hosts (the page may add look-alikes: only closed roots count). */
const HOSTS = `document.querySelectorAll(':root > ${HOST_TAG}')`

/**
 * Runs with `this` = a host's shadow root in the test's own world, whose DOM built-ins no page
 * script can have replaced: every visible `.hc-mark`, its client box minus the `inset()` of its
 * clip-path (CSS may write 1 to 4 values back), moved into the top viewport through the
 * same-origin frames above it and cut to each frame's viewport. Returns JSON text.
 */
const MEASURE_MARKS = `function () {
  if (this.mode !== 'closed' || !this.host.isConnected) return '[]'
  let dx = 0, dy = 0
  let view = { left: 0, top: 0, right: innerWidth, bottom: innerHeight }
  const cut = (a, b) => ({ left: Math.max(a.left, b.left), top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) })
  try {
    for (let w = window; w.frameElement; w = w.parent) {
      const f = w.frameElement, r = f.getBoundingClientRect(), s = w.parent.getComputedStyle(f)
      const x = r.left + f.clientLeft + parseFloat(s.paddingLeft)
      const y = r.top + f.clientTop + parseFloat(s.paddingTop)
      dx += x; dy += y
      view = { left: view.left + x, top: view.top + y, right: view.right + x, bottom: view.bottom + y }
      view = cut(view, { left: 0, top: 0, right: w.parent.innerWidth, bottom: w.parent.innerHeight })
    }
  } catch (e) {}
  const top = window === window.top
  const out = []
  for (const el of this.querySelectorAll('.hc-mark')) {
    const s = getComputedStyle(el)
    if (s.visibility !== 'visible' || s.display === 'none') continue
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue
    const r = el.getBoundingClientRect()
    const m = /inset\\(([^)]*)\\)/.exec(el.style.clipPath)
    const v = m ? m[1].trim().split(/\\s+/).map(parseFloat) : []
    const t = v[0] || 0, ri = v.length > 1 ? v[1] : t, b = v.length > 2 ? v[2] : t, l = v.length > 3 ? v[3] : ri
    let box = { left: r.left + l + dx, top: r.top + t + dy, right: r.right - ri + dx, bottom: r.bottom - b + dy }
    if (!top) box = cut(box, view)
    if (box.right <= box.left || box.bottom <= box.top) continue
    const style = [...el.classList].find((c) => c !== 'hc-mark' && c !== 'hc-active') || ''
    out.push({ tag: el.dataset.tag || '', style: style.replace(/^hc-/, ''),
      active: el.classList.contains('hc-active'),
      box: { x: box.left, y: box.top, width: box.right - box.left, height: box.bottom - box.top } })
  }
  return JSON.stringify(out)
}`

/** The painted marks of every frame a CDP session sees (see MEASURE_MARKS). */
export async function cdpReadMarks(cdp: CDPSession): Promise<PaintedMark[]> {
  const { frameTree } = await cdp.send('Page.getFrameTree')
  const frames: string[] = []
  const walk = (tree: typeof frameTree): void => {
    frames.push(tree.frame.id)
    for (const child of tree.childFrames ?? []) walk(child)
  }
  walk(frameTree)
  const out: PaintedMark[] = []
  for (const frameId of frames) {
    // A cross-origin frame (in another process) has no world here: it is not measured.
    const world = await cdp
      .send('Page.createIsolatedWorld', { frameId, worldName: MARKS_WORLD })
      .catch(() => null)
    if (!world) continue
    const contextId = world.executionContextId
    const { result: list } = await cdp.send('Runtime.evaluate', {
      expression: HOSTS,
      contextId,
      objectGroup: MARKS_WORLD,
    })
    if (!list.objectId) continue
    try {
      const { result: length } = await cdp.send('Runtime.callFunctionOn', {
        objectId: list.objectId,
        functionDeclaration: 'function () { return this.length }',
        returnByValue: true,
      })
      for (let i = 0; i < Number(length.value); i++) {
        const { result: host } = await cdp.send('Runtime.callFunctionOn', {
          objectId: list.objectId,
          functionDeclaration: 'function (i) { return this[i] }',
          arguments: [{ value: i }],
          objectGroup: MARKS_WORLD,
        })
        if (!host.objectId) continue
        const { node } = await cdp.send('DOM.describeNode', {
          objectId: host.objectId,
          depth: 1,
          pierce: true,
        })
        const shadow = node.shadowRoots?.find((root) => root.shadowRootType === 'closed')
        if (!shadow) continue
        const { object } = await cdp.send('DOM.resolveNode', {
          backendNodeId: shadow.backendNodeId,
          executionContextId: contextId,
          objectGroup: MARKS_WORLD,
        })
        if (!object.objectId) continue
        const { result } = await cdp.send('Runtime.callFunctionOn', {
          objectId: object.objectId,
          functionDeclaration: MEASURE_MARKS,
          returnByValue: true,
        })
        out.push(...(JSON.parse(String(result.value)) as PaintedMark[]))
      }
    } finally {
      await cdp
        .send('Runtime.releaseObjectGroup', { objectGroup: MARKS_WORLD })
        .catch(() => undefined)
    }
  }
  return out
}

/** The painted marks of some BiDi browsing contexts, top first (see MEASURE_MARKS). */
export async function bidiReadMarks(
  connection: BidiConnection,
  contexts: string[],
): Promise<PaintedMark[]> {
  const out: PaintedMark[] = []
  for (const context of contexts) {
    const target = { context, sandbox: MARKS_WORLD }
    const response = await connection
      .send('script.evaluate', {
        expression: HOSTS,
        target,
        awaitPromise: false,
        resultOwnership: 'none',
        serializationOptions: { maxDomDepth: 1, includeShadowTree: 'all' },
      })
      .catch(() => null)
    const list = response?.result.result as { type: string; value?: BidiNode[] } | undefined
    for (const host of list?.type === 'nodelist' ? (list.value ?? []) : []) {
      const shadow = host.value?.shadowRoot
      if (!shadow?.sharedId || shadow.value?.mode !== 'closed') continue
      const measured = await connection
        .send('script.callFunction', {
          functionDeclaration: MEASURE_MARKS,
          this: { sharedId: shadow.sharedId },
          target,
          awaitPromise: false,
          resultOwnership: 'none',
        })
        .catch(() => null)
      const text = (measured?.result.result as { value?: unknown } | undefined)?.value
      if (typeof text === 'string') out.push(...(JSON.parse(text) as PaintedMark[]))
    }
  }
  return out
}

const isRoot = process.getuid?.() === 0

/** Options of the launchers. */
export interface LaunchOptions {
  /** Unpacked extension to load; none for a baseline browser. */
  extension?: string
  headless: boolean
  /**
   * Port of a loopback proxy (lib/recording-proxy.ts) that receives every request bound for
   * anywhere but 127.0.0.1. Chromium without it goes direct; Firefox without it uses a dead port.
   */
  proxyPort?: number
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

/**
 * Runs with `this` = the card's host element in the page's main world and `root` = its closed
 * shadow root (both handed over by the protocol): makes `host.shadowRoot` return the root.
 */
const EXPOSE_ROOT = `function (root) {
  Object.defineProperty(this, 'shadowRoot', { configurable: true, get: () => root })
  return true
}`

/** Finds the child of <html> that is not head or body: the only kind the extension adds. */
const ADDED_CHILD = `[...document.documentElement.children].find((el) => el.localName !== 'head' && el.localName !== 'body') ?? null`

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
  contentDocument?: CdpNode
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
    // The browser's own Google services (form predictions, account checks, extension and
    // component updates) would otherwise call home during a test: point them at the discard
    // port on loopback, so only what pages and extensions request can reach the proxy.
    '--autofill-server-url=http://127.0.0.1:9/',
    '--gaia-url=http://127.0.0.1:9/',
    '--apps-gallery-update-url=http://127.0.0.1:9/',
    '--component-updater=url-source=http://127.0.0.1:9/',
    ...(options.proxyPort ? [`--proxy-server=http://127.0.0.1:${options.proxyPort}`] : []),
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

/** The hosts the extension added (extra children of any document's <html>, frames included). */
function cdpHosts(root: CdpNode): CdpNode[] {
  const hosts: CdpNode[] = []
  const walk = (node: CdpNode): void => {
    if (node.localName === 'html') {
      for (const child of node.children ?? []) {
        if (child.localName !== 'head' && child.localName !== 'body' && child.shadowRoots?.length)
          hosts.push(child)
      }
    }
    for (const child of node.children ?? []) walk(child)
    for (const shadow of node.shadowRoots ?? []) walk(shadow)
    if (node.contentDocument) walk(node.contentDocument)
  }
  walk(root)
  return hosts
}

/** A driver over one Playwright page of a context from launchChromium(). */
export function chromiumDriver(context: BrowserContext, page: PwPage): Driver {
  let errors: string[] = []
  page.on('console', (message) => {
    const { url, lineNumber } = message.location()
    if (message.type() === 'error') errors.push(`${message.text()} (${url}:${lineNumber})`)
  })
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`))

  const withCdp = async <T>(use: (cdp: CDPSession) => Promise<T>): Promise<T> => {
    const cdp = await context.newCDPSession(page)
    try {
      return await use(cdp)
    } finally {
      await cdp.detach().catch(() => undefined)
    }
  }
  const documentTree = async (cdp: CDPSession): Promise<CdpNode> =>
    ((await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode }).root

  return {
    name: 'chromium',
    goto: async (url) => {
      errors = []
      await page.goto(url, { waitUntil: 'load' })
    },
    // Playwright's evaluate types its argument as Unboxed<A>; the probes take plain JSON.
    evaluate: <A, R>(fn: (arg: A) => R, arg: A) => page.evaluate(fn as (arg: unknown) => R, arg),
    evaluateSource: (source) => page.evaluate(source),
    hover: (point) => page.mouse.move(point.x, point.y, { steps: 4 }),
    click: (point) => page.mouse.click(point.x, point.y),
    wheel: async (at, deltaY) => {
      await page.mouse.move(at.x, at.y)
      await page.mouse.wheel(0, deltaY)
    },
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
    bringToFront: () => page.bringToFront(),
    setViewport: (width, height) => page.setViewportSize({ width, height }),
    readCard: () =>
      withCdp(async (cdp) => {
        const hosts = cdpHosts(await documentTree(cdp))
        let first: CardSnapshot | null = null
        for (const host of hosts) {
          const card = await cdpCard(cdp, host)
          if (card?.dialog) return card
          first ??= card
        }
        return first
      }),
    readMarks: () => withCdp(cdpReadMarks),
    linkPoint: (ref) =>
      withCdp(async (cdp) => {
        const box = await measure(cdp, Number(ref), true)
        return box && centerOf(box)
      }),
    exposeCard: () =>
      withCdp(async (cdp) => {
        const html = (await documentTree(cdp)).children?.find((n) => n.localName === 'html')
        const host = html && cdpHosts({ ...html, children: html.children ?? [] })[0]
        const shadow = host?.shadowRoots?.[0]
        if (!host || !shadow) return false
        const resolve = async (backendNodeId: number): Promise<string | undefined> =>
          (
            (await cdp.send('DOM.resolveNode', { backendNodeId })) as {
              object: { objectId?: string }
            }
          ).object.objectId
        const hostId = await resolve(host.backendNodeId)
        const rootId = await resolve(shadow.backendNodeId)
        if (!hostId || !rootId) return false
        const { result } = (await cdp.send('Runtime.callFunctionOn', {
          objectId: hostId,
          functionDeclaration: EXPOSE_ROOT,
          arguments: [{ objectId: rootId }],
          returnByValue: true,
        })) as { result: { value?: boolean } }
        return result.value === true
      }),
    errors: () => [...errors],
    screenshot: async (file, clip) => {
      await page.screenshot({ path: file, ...(clip ? { clip } : {}) })
    },
    close: () => context.close(),
  }
}

/** The card under one host node: text, links and the dialog's box. */
async function cdpCard(cdp: CDPSession, host: CdpNode): Promise<CardSnapshot | null> {
  const shadow = host.shadowRoots?.[0]
  if (!shadow) return null
  const texts: string[] = []
  const anchors: CdpNode[] = []
  const buttons: CdpNode[] = []
  let dialog: CdpNode | undefined
  const walk = (node: CdpNode): void => {
    if (node.nodeType === 3) texts.push(node.nodeValue)
    if (node.localName === 'style' || node.localName === 'script') return
    const attributes = attrs(node)
    if (node.localName === 'a' && attributes.href !== undefined) anchors.push(node)
    if (node.localName === 'button') buttons.push(node)
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
    buttons: buttons.map((button) => ({
      text: collapse(textOf(button)),
      expanded: attrs(button)['aria-expanded'] ?? null,
      pressed: attrs(button)['aria-pressed'] ?? null,
      controls: attrs(button)['aria-controls'] ?? null,
      ref: String(button.backendNodeId),
    })),
    dialog: dialog ? await measure(cdp, dialog.backendNodeId, false) : null,
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
    mode?: 'open' | 'closed'
    attributes?: Record<string, string>
    children?: BidiNode[]
    shadowRoot?: BidiNode | null
  }
}

/** puppeteer's raw WebDriver BiDi connection (kept internal by puppeteer). */
export interface BidiConnection {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>
  on(event: string, listener: (params: Record<string, unknown>) => void): unknown
}

/** The raw BiDi connection of a browser from launchFirefox(). */
export function bidiConnection(browser: PpBrowser): BidiConnection {
  return (browser as unknown as { connection: BidiConnection }).connection
}

/** The BiDi browsing-context id of a puppeteer frame (kept internal by puppeteer). */
export function bidiContextId(frame: ReturnType<PpPage['mainFrame']>): string {
  return (frame as unknown as { _id: string })._id
}

/** Options of {@link launchFirefox}. */
export interface FirefoxLaunchOptions {
  headless: boolean
  /** See LaunchOptions.proxyPort. */
  proxyPort?: number
  /**
   * Fixes the moz-extension:// UUID Firefox gives this add-on id (the pref Firefox keeps its
   * UUIDs in), so a test knows the extension pages' origin.
   */
  extensionUuid?: { addonId: string; uuid: string }
  /**
   * Lets WebDriver BiDi open moz-extension:// pages and run scripts in the browser window
   * (`--remote-allow-system-access`): the test's way to what a user reaches through the
   * toolbar (popup, options) and to type shortcuts into the browser window.
   */
  systemAccess?: boolean
}

/** Launches Firefox over WebDriver BiDi (no extension yet: see installExtension()). */
export async function launchFirefox(options: FirefoxLaunchOptions): Promise<PpBrowser> {
  const executablePath = requireBrowser('firefox')
  const proxyPort = options.proxyPort ?? 9
  return puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: options.headless,
    defaultViewport: { width: 1000, height: 800 },
    args: options.systemAccess ? ['--remote-allow-system-access'] : [],
    // Release builds ignore the remote-settings server pref below unless this is set, and then
    // fetch blocklists from Mozilla's servers: a test browser must stay quiet.
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: {
      // Quiet, offline-friendly profile: no update checks, telemetry or first-run pages.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      // The value Firefox's remote agent recommends: remote settings (blocklists and the like)
      // stay offline instead of asking a server.
      'services.settings.server': 'data:,#remote-settings-dummy/v1',
      // Every request bound for anywhere but loopback goes to the proxy: a recording one
      // (options.proxyPort) or the discard port nobody listens on. Loopback is never proxied.
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxyPort,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxyPort,
      ...(options.extensionUuid
        ? {
            'extensions.webextensions.uuids': JSON.stringify({
              [options.extensionUuid.addonId]: options.extensionUuid.uuid,
            }),
          }
        : {}),
    },
  })
}

/**
 * The URL a tab tried to open. The test profile sends https through a proxy that refuses it,
 * so Firefox shows its error page, whose `u` parameter is the URL that was requested.
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
  return firefoxDriverFor(browser, await browser.newPage())
}

/** A driver over an existing tab of a Firefox launched by launchFirefox(). */
export function firefoxDriverFor(browser: PpBrowser, page: PpPage): Driver {
  // puppeteer keeps the raw BiDi connection and the tab's browsing-context id internal; both
  // are needed for includeShadowTree: 'all', which puppeteer's own API does not offer.
  const connection = bidiConnection(browser)
  const topContext = bidiContextId(page.mainFrame())
  let errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(String(error)))

  const measure = async (
    context: string,
    sharedId: string,
    scroll: boolean,
  ): Promise<Box | null> => {
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

  /** The extension's host in one browsing context, serialised with its shadow tree. */
  const hostIn = async (context: string): Promise<BidiNode | null> => {
    const response = await connection
      .send('script.evaluate', {
        // Finds the extra child of <html> (the only node the extension adds); reading only.
        expression: ADDED_CHILD,
        target: { context },
        awaitPromise: false,
        resultOwnership: 'none',
        serializationOptions: { maxDomDepth: 64, includeShadowTree: 'all' },
      })
      .catch(() => null)
    const host = response?.result.result as BidiNode | { type: 'null' } | undefined
    return host?.type === 'node' && host.value?.shadowRoot ? host : null
  }

  const cardIn = async (context: string): Promise<CardSnapshot | null> => {
    const host = await hostIn(context)
    const shadowRoot = host?.value?.shadowRoot
    if (!host || !shadowRoot) return null
    const texts: string[] = []
    const anchors: BidiNode[] = []
    const buttons: BidiNode[] = []
    let dialog: BidiNode | undefined
    const walk = (node: BidiNode): void => {
      const value = node.value
      if (!value) return
      if (value.nodeType === 3) texts.push(value.nodeValue ?? '')
      if (value.localName === 'style' || value.localName === 'script') return
      if (value.localName === 'a' && value.attributes?.href !== undefined) anchors.push(node)
      if (value.localName === 'button') buttons.push(node)
      if (value.attributes?.role === 'dialog') dialog ??= node
      for (const child of value.children ?? []) walk(child)
    }
    walk(shadowRoot)
    const textOfBidi = (node: BidiNode): string =>
      node.value?.nodeType === 3
        ? (node.value.nodeValue ?? '')
        : (node.value?.children ?? []).map(textOfBidi).join('')
    return {
      host: host.value?.localName ?? '',
      text: collapse(texts.join(' ')),
      links: anchors.map((anchor) => ({
        href: anchor.value?.attributes?.href ?? '',
        text: collapse(textOfBidi(anchor)),
        ref: anchor.sharedId ? `${context} ${anchor.sharedId}` : '',
      })),
      buttons: buttons.map((button) => ({
        text: collapse(textOfBidi(button)),
        expanded: button.value?.attributes?.['aria-expanded'] ?? null,
        pressed: button.value?.attributes?.['aria-pressed'] ?? null,
        controls: button.value?.attributes?.['aria-controls'] ?? null,
        ref: button.sharedId ? `${context} ${button.sharedId}` : '',
      })),
      dialog: dialog?.sharedId ? await measure(context, dialog.sharedId, false) : null,
    }
  }

  return {
    name: 'firefox',
    goto: async (url) => {
      errors = []
      await page.goto(url, { waitUntil: 'load' })
    },
    evaluate: (fn, arg) => page.evaluate(fn as (arg: unknown) => never, arg),
    evaluateSource: (source) => page.evaluate(source),
    hover: async (point) => {
      await page.mouse.move(point.x, point.y, { steps: 4 })
    },
    click: (point) => page.mouse.click(point.x, point.y),
    wheel: async (at, deltaY) => {
      await page.mouse.move(at.x, at.y)
      await page.mouse.wheel({ deltaY })
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
    press: (key) => page.keyboard.press(key as Parameters<PpPage['keyboard']['press']>[0]),
    bringToFront: () => page.bringToFront(),
    setViewport: (width, height) => page.setViewport({ width, height }),
    readCard: async () => {
      let first: CardSnapshot | null = null
      // Top document first, then its frames (each has its own content script and card).
      for (const frame of page.frames()) {
        const card = await cardIn(bidiContextId(frame))
        if (card?.dialog) return card
        first ??= card
      }
      return first
    },
    readMarks: () => bidiReadMarks(connection, page.frames().map(bidiContextId)),
    linkPoint: async (ref) => {
      const [context = topContext, sharedId] = ref.split(' ')
      const box = sharedId ? await measure(context, sharedId, true) : null
      return box && centerOf(box)
    },
    exposeCard: async () => {
      const host = await hostIn(topContext)
      const root = host?.value?.shadowRoot
      if (!host?.sharedId || !root?.sharedId) return false
      const response = await connection.send('script.callFunction', {
        functionDeclaration: EXPOSE_ROOT,
        this: { sharedId: host.sharedId },
        arguments: [{ sharedId: root.sharedId }],
        target: { context: topContext },
        awaitPromise: false,
        resultOwnership: 'none',
      })
      return (response.result.result as { value?: unknown } | undefined)?.value === true
    },
    errors: () => [...errors],
    screenshot: async (file, clip) => {
      await page.screenshot({ path: file, ...(clip ? { clip } : {}) })
    },
    close: () => page.close(),
  }
}
