/**
 * The options page's pack check, off its main thread: a pack of 100,000 tags takes a moment to
 * check, and the page must keep answering while it does (bench/README.md, measure 7). The reply
 * is the pack's text and summary, not the pack (src/ui/pack-check.ts says why).
 */
import { checkForPage } from '../ui/pack-check.ts'

self.onmessage = (event: MessageEvent<{ text: string; file: string }>) => {
  const { text, file } = event.data
  self.postMessage(checkForPage(text, file))
}
