/**
 * Chromium for the benchmark: Debian's binary through playwright-core (a persistent context,
 * the only kind that loads extensions), and CDP helpers to evaluate in the content script's
 * isolated world, read heap usage and page metrics.
 */
import { existsSync } from 'node:fs'
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core'

/** Debian's Chromium; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** The viewport every measure runs in (CSS pixels). */
export const VIEWPORT = { width: 1000, height: 800 }

/** One browser with one page and a CDP session on it. */
export interface BenchBrowser {
  context: BrowserContext
  page: Page
  cdp: CDPSession
  /** The extension id, or null for a browser without the extension. */
  extensionId: string | null
  /**
   * Evaluates `expression` in the content script's isolated world of the current document
   * (awaits promises, returns by value). Throws for a browser without the extension.
   */
  inExtension<T>(expression: string, timeoutMs?: number): Promise<T>
  /** Evaluates in a fresh isolated world of the page's main frame (same kind as a content script). */
  inNewWorld<T>(expression: string): Promise<T>
  /** Navigates and waits for the load event. */
  goto(url: string): Promise<void>
  /** JS heap of the page's renderer isolate after a full garbage collection, in bytes. */
  heapAfterGc(): Promise<number>
  close(): Promise<void>
}

interface ContextDescription {
  id: number
  origin: string
  name: string
  auxData?: { isDefault?: boolean; type?: string; frameId?: string }
}

const isRoot = process.getuid?.() === 0

/** Launches headless Chromium, with the unpacked extension at `extension` if given. */
export async function launchBench(extension: string | null): Promise<BenchBrowser> {
  const executablePath = CHROMIUM_PATH
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Install it with: apt-get install -y --no-install-recommends chromium fonts-liberation`,
    )
  }
  const context = await chromium.launchPersistentContext('', {
    executablePath,
    headless: true,
    viewport: VIEWPORT,
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...(isRoot ? ['--no-sandbox'] : []),
      ...(extension
        ? [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`]
        : []),
    ],
  })
  let extensionId: string | null = null
  if (extension) {
    const worker =
      context.serviceWorkers()[0] ??
      (await context.waitForEvent('serviceworker', { timeout: 15_000 }))
    extensionId = new URL(worker.url()).host
  }
  const page = context.pages()[0] ?? (await context.newPage())
  const cdp = await context.newCDPSession(page)
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as {
    frameTree: { frame: { id: string } }
  }
  const mainFrame = frameTree.frame.id
  let isolated: number | null = null
  const waiters = new Set<() => void>()
  cdp.on('Runtime.executionContextCreated', (event: { context: ContextDescription }) => {
    const c = event.context
    if (
      extensionId &&
      c.origin === `chrome-extension://${extensionId}` &&
      c.auxData?.frameId === mainFrame
    ) {
      isolated = c.id
      for (const wake of waiters) wake()
    }
  })
  cdp.on('Runtime.executionContextsCleared', () => {
    isolated = null
  })
  await cdp.send('Runtime.enable')
  await cdp.send('Page.enable')
  // The page's main-thread counters (lib/page-cost.ts), in thread time: what the thread ran,
  // not how long it waited for a core of a shared machine.
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' })

  const waitIsolated = async (timeoutMs: number): Promise<number> => {
    const deadline = Date.now() + timeoutMs
    while (isolated === null) {
      if (Date.now() > deadline) throw new Error('no content script context in the page')
      await new Promise<void>((resolve) => {
        waiters.add(resolve)
        setTimeout(resolve, 50)
      })
    }
    return isolated
  }

  const evaluate = async <T>(expression: string, contextId: number): Promise<T> => {
    const reply = (await cdp.send('Runtime.evaluate', {
      expression,
      contextId,
      awaitPromise: true,
      returnByValue: true,
    })) as {
      result: { value?: T }
      exceptionDetails?: { text: string; exception?: { description?: string } }
    }
    if (reply.exceptionDetails) {
      throw new Error(
        `evaluate failed: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}`,
      )
    }
    return reply.result.value as T
  }

  return {
    context,
    page,
    cdp,
    extensionId,
    async inExtension<T>(expression: string, timeoutMs = 30_000): Promise<T> {
      if (!extensionId) throw new Error('this browser has no extension')
      return evaluate<T>(expression, await waitIsolated(timeoutMs))
    },
    async inNewWorld<T>(expression: string): Promise<T> {
      const { executionContextId } = await cdp.send('Page.createIsolatedWorld', {
        frameId: mainFrame,
        worldName: `bench-${Math.random()}`,
      })
      return evaluate<T>(expression, executionContextId)
    },
    async goto(url) {
      isolated = null
      await page.goto(url, { waitUntil: 'load', timeout: 120_000 })
    },
    async heapAfterGc() {
      await cdp.send('HeapProfiler.collectGarbage')
      const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      return usedSize
    },
    close: () => context.close(),
  }
}
