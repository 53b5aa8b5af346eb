/**
 * Chromium's browser-level `Extensions` CDP domain (Chromium 126+, over the pipe Playwright
 * launches with): what the chrome://extensions page does, for the lifecycle tests. Loading an
 * unpacked folder again is the page's reload button (and, after its files changed, an update).
 */
import type { BrowserContext, CDPSession } from 'playwright-core'

/** One installed extension. */
export interface ExtensionInfo {
  id: string
  name: string
  version: string
  path: string
  enabled: boolean
}

/** A browser-level CDP session of a context from launchChromium(). */
export async function browserCdp(context: BrowserContext): Promise<CDPSession> {
  const browser = context.browser()
  if (!browser) throw new Error('no browser object for this context')
  return browser.newBrowserCDPSession()
}

/** Every installed extension. */
export async function listExtensions(cdp: CDPSession): Promise<ExtensionInfo[]> {
  return (await cdp.send('Extensions.getExtensions')).extensions
}

/** The installed extension whose folder is `dir`. */
export async function extensionAt(cdp: CDPSession, dir: string): Promise<ExtensionInfo> {
  const found = (await listExtensions(cdp)).find((e) => e.path === dir)
  if (!found) throw new Error(`no extension loaded from ${dir}`)
  return found
}

/** Loads (or reloads) the unpacked extension in `dir`; its id. */
export async function loadUnpacked(cdp: CDPSession, dir: string): Promise<string> {
  return (await cdp.send('Extensions.loadUnpacked', { path: dir })).id
}
