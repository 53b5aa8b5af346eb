/**
 * The browser's own extension namespace (`browser` in Firefox, `chrome` in Chromium), typed
 * with webextension-polyfill's types. For code that ships in the content script, which runs on
 * every page and has a 30 KB gzip budget: in Manifest V3 both browsers already return promises
 * from every API used here (runtime.sendMessage/connect, storage.*), so the polyfill's 3 KB
 * gzip would buy nothing there. The one difference the polyfill hides, a promise returned from
 * an onMessage listener (Firefox only), is avoided: listeners answer with sendResponse.
 * Background and extension pages keep using webextension-polyfill.
 */
import type { Browser } from 'webextension-polyfill'

/** The extension API of this context; read on each call so tests can install a fake. */
export function ext(): Browser {
  const scope = globalThis as { browser?: Browser; chrome?: Browser }
  const api = scope.browser?.runtime ? scope.browser : scope.chrome
  if (!api) throw new Error('no extension API in this context')
  return api
}
