/**
 * Browser-test setup: a minimal `chrome` global, enough for webextension-polyfill to load and for
 * `t()` to return the English text of public/_locales/en/messages.json, as the extension would.
 */
import { getMessage } from '../../shared/test-support/get-message.ts'
import { captureHostRoots } from './marks-view.ts'

Object.assign(globalThis, {
  chrome: { runtime: { id: 'hashtag-context-test' }, i18n: { getMessage } },
})

captureHostRoots()
