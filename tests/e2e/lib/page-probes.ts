/**
 * Functions the tests run in the page's main world (the view any page script has). Each is
 * self-contained, as Playwright and puppeteer serialise it to source. They only read.
 */

/** A hashtag's box: the first text occurrence of `needle` outside links, or null. */
export function findText(
  needle: string,
): { x: number; y: number; width: number; height: number } | null {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node as Text
    const at = text.data.indexOf(needle)
    if (at < 0 || text.parentElement?.closest('a')) continue
    const range = document.createRange()
    range.setStart(text, at)
    range.setEnd(text, at + needle.length)
    const rect = range.getBoundingClientRect()
    return { x: rect.left, y: rect.top, width: rect.width, height: rect.height }
  }
  return null
}

/** The text of every range in the extension's highlights (names start with the prefix). */
export function highlightedTexts(prefix: string): string[] {
  const out: string[] = []
  // Iterating the registry works in the page's own world in both browsers (the Xray limit in
  // Firefox applies to content scripts only).
  for (const [name, highlight] of CSS.highlights as unknown as Map<string, Set<Range>>) {
    if (!name.startsWith(prefix)) continue
    for (const range of highlight) out.push(range.toString())
  }
  return out
}

/**
 * The page's DOM as HTML, without the elements the extension may add directly under <html>
 * (which are listed in `added`). A deep clone is serialised, so the live page is not touched.
 */
export function pageHtml(): { html: string; added: string[] } {
  const root = document.documentElement
  const clone = root.cloneNode(true) as HTMLElement
  const added: string[] = []
  for (const child of [...clone.children]) {
    if (child.localName === 'head' || child.localName === 'body') continue
    added.push(child.localName)
    child.remove()
  }
  return { html: clone.outerHTML, added }
}
