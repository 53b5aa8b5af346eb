/**
 * Where the scanner does not look: code, templates, form controls, editable regions (a user's own
 * draft is not flagged, and editors must not be disturbed), text no one sees (<title>, SVG
 * <title>/<desc>), and the extension's own card.
 */

/** Tag name of the one element the extension adds to a page (see card-host.ts). */
export const HOST_TAG = 'hashtag-context-host'

const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'input',
  'select',
  'option',
  'title',
  'desc',
  HOST_TAG,
])

/**
 * The same set as a selector, for `closest()`. Editable regions are matched by attribute, not by
 * `isContentEditable`, which forces a style recalculation in Chromium on every call; any
 * contenteditable value other than "false" makes a region editable.
 */
export const SKIP_SELECTOR = [
  ...SKIP_TAGS,
  '[contenteditable]:not([contenteditable="false" i])',
].join(',')

/** True if `el` is an element the scanner skips by its name alone (no attribute read). */
export function isSkippedTag(el: Element): boolean {
  return SKIP_TAGS.has(el.localName)
}

/** True if `el` itself starts a region the scanner skips (called for every element walked). */
export function isSkippedElement(el: Element): boolean {
  if (isSkippedTag(el)) return true
  const editable = el.getAttribute('contenteditable')
  return editable !== null && editable.toLowerCase() !== 'false'
}

/**
 * True if `node` is inside a skipped region, looking through shadow boundaries (an editable host
 * makes its shadow content editable too). Used for nodes queued by mutations, whose ancestors the
 * tree walk did not see.
 */
export function isInSkippedRegion(node: Node): boolean {
  const doc = node.ownerDocument ?? (node as Document)
  if (doc.designMode === 'on') return true
  let current: Node = node
  for (;;) {
    const el = current instanceof Element ? current : current.parentElement
    if (el?.closest(SKIP_SELECTOR)) return true
    const root = current.getRootNode()
    if (!(root instanceof ShadowRoot)) return false
    current = root.host
  }
}
