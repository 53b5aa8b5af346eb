/**
 * The content script's event listeners on the page's window, document and <html>, counted from
 * outside through CDP (Chromium). DOMDebugger.getEventListeners lists the listeners added from
 * the world the object was obtained in, each with the id of the script that added it; so the
 * objects are taken in each of the extension's worlds in the page, and the Debugger domain maps
 * script ids to URLs. Listeners whose script is the extension's are counted; after a teardown
 * there must be none.
 */
import type { CDPSession } from 'playwright-core'

/** Listener types by target, for the extension's listeners only. */
export interface ExtensionListeners {
  count: number
  types: string[]
}

/** Counts the extension's listeners on window, document and document.documentElement. */
export async function extensionListeners(
  cdp: CDPSession,
  extensionOrigin: string,
  worlds: number[],
): Promise<ExtensionListeners> {
  const urls = new Map<string, string>()
  const onScript = (e: { scriptId: string; url: string }): void => {
    urls.set(e.scriptId, e.url)
  }
  cdp.on('Debugger.scriptParsed', onScript)
  // Enabling reports every script already parsed, in every world.
  await cdp.send('Debugger.enable')
  const types: string[] = []
  try {
    for (const contextId of worlds) {
      for (const expression of ['window', 'document', 'document.documentElement']) {
        const evaluated = await cdp
          .send('Runtime.evaluate', { expression, contextId })
          .catch(() => null)
        const result = evaluated?.result
        if (!result?.objectId) continue
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', {
          objectId: result.objectId,
        })
        for (const listener of listeners) {
          if ((urls.get(listener.scriptId) ?? '').startsWith(extensionOrigin)) {
            types.push(`${expression}:${listener.type}`)
          }
        }
        await cdp.send('Runtime.releaseObject', { objectId: result.objectId })
      }
    }
  } finally {
    cdp.off('Debugger.scriptParsed', onScript)
    await cdp.send('Debugger.disable')
  }
  return { count: types.length, types: types.sort() }
}
