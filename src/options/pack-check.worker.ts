/**
 * The options page's pack check, off its main thread: a pack of 100,000 tags takes a moment to
 * check, and the page must keep answering while it does (bench/README.md, measure 7).
 */
import { checkPack } from '../index/pack.ts'

self.onmessage = (event: MessageEvent<{ text: string; file: string }>) => {
  const { text, file } = event.data
  self.postMessage(checkPack(text, file))
}
