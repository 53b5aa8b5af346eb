/**
 * Browser-test setup: a minimal `chrome` global, enough for webextension-polyfill to load and for
 * `t()` to return the English text of public/_locales/en/messages.json, as the extension would;
 * and marks.css in the page, as the manifest puts it there (the card shows only with it).
 */
import { getMessage } from '../../shared/test-support/get-message.ts'
import marksCss from '../marks.css?inline'

Object.assign(globalThis, {
  chrome: { runtime: { id: 'hashtag-context-test' }, i18n: { getMessage } },
})

const sheet = document.createElement('style')
sheet.textContent = marksCss
document.head.append(sheet)
