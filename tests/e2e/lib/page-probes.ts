/**
 * Functions the tests run in the page's main world (the view any page script has). Each is
 * self-contained, as Playwright and puppeteer serialise it to source. They only read.
 */

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

/** Where a fixture's hashtag is: see tests/e2e/README.md (expected.json). */
export interface LocateSpec {
  /** The text as written on the page; the pointer goes to its part from the hash sign on. */
  text: string
  /**
   * CSS selectors from the document down: each one is looked up in the previous match's open
   * shadow root, or in its document if it is an iframe, or else inside it.
   */
  in: string[]
  /** 'text': the text's own box; 'element': the element's box (form controls, attributes). */
  target: 'text' | 'element'
}

/**
 * Scrolls a fixture's hashtag into the middle of the viewport and returns the box to point at,
 * in the top viewport's coordinates (iframe offsets added), or a message saying what is missing.
 */
export function locate(
  spec: LocateSpec,
): { x: number; y: number; width: number; height: number } | string {
  let root: Document | ShadowRoot | Element = document
  const frames: HTMLIFrameElement[] = []
  let el: Element | null = null
  for (const selector of spec.in) {
    el = root.querySelector(selector)
    if (!el)
      return `no element matches ${JSON.stringify(selector)} (path ${JSON.stringify(spec.in)})`
    if (el.shadowRoot) root = el.shadowRoot
    else if (el instanceof HTMLIFrameElement && el.contentDocument) {
      frames.push(el)
      root = el.contentDocument
    } else root = el
  }
  if (!el) return 'empty path'
  for (const frame of frames) frame.scrollIntoView({ block: 'center', behavior: 'instant' })
  el.scrollIntoView({ block: 'center', behavior: 'instant' })
  let rect: DOMRect | null = null
  if (spec.target === 'element') rect = el.getBoundingClientRect()
  else {
    const hash = Math.max(spec.text.indexOf('#'), spec.text.indexOf('\uff03'))
    const doc = el.ownerDocument
    const walker = doc.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node && !rect; node = walker.nextNode()) {
      const text = node as Text
      const at = text.data.indexOf(spec.text)
      if (at < 0) continue
      const range = doc.createRange()
      range.setStart(text, at + Math.max(0, hash))
      range.setEnd(text, at + spec.text.length)
      rect = range.getBoundingClientRect()
    }
    if (!rect) return `${JSON.stringify(spec.text)} is not a text of ${JSON.stringify(spec.in)}`
  }
  let x = rect.left
  let y = rect.top
  for (const frame of frames) {
    const outer = frame.getBoundingClientRect()
    x += outer.left + frame.clientLeft
    y += outer.top + frame.clientTop
  }
  return { x, y, width: rect.width, height: rect.height }
}

/**
 * The page's whole DOM as text, open shadow roots and same-origin iframes' documents included,
 * minus the elements the extension may add directly under any document's <html> (listed in
 * `added`). Every element, attribute, text and comment is written out, so two equal results
 * mean two equal DOMs. Only reads.
 */
export function domSnapshot(): { html: string; added: string[] } {
  const added: string[] = []
  const out: string[] = []
  const escape = (s: string): string =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  const write = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) {
      out.push(escape((node as Text).data))
      return
    }
    if (node.nodeType === Node.COMMENT_NODE) {
      out.push(`<!--${(node as Comment).data}-->`)
      return
    }
    if (node.nodeType === Node.DOCUMENT_TYPE_NODE) {
      out.push(`<!doctype ${(node as DocumentType).name}>`)
      return
    }
    if (node.nodeType !== Node.ELEMENT_NODE) {
      for (const child of node.childNodes) write(child)
      return
    }
    const el = node as Element
    out.push(`<${el.localName}`)
    for (const attr of el.attributes) out.push(` ${attr.name}="${escape(attr.value)}"`)
    out.push('>')
    if (el.shadowRoot) {
      out.push('<#shadow-root>')
      for (const child of el.shadowRoot.childNodes) write(child)
      out.push('</#shadow-root>')
    }
    if (el instanceof HTMLIFrameElement && el.contentDocument) {
      out.push('<#document>')
      write(el.contentDocument)
      out.push('</#document>')
    }
    const isRoot = el === el.ownerDocument.documentElement
    for (const child of el.childNodes) {
      // By node type, not instanceof: a frame's nodes are Elements of another realm.
      const name = child.nodeType === Node.ELEMENT_NODE ? (child as Element).localName : ''
      if (isRoot && name !== '' && name !== 'head' && name !== 'body') {
        added.push(name)
        continue
      }
      write(child)
    }
    out.push(`</${el.localName}>`)
  }
  write(document)
  return { html: out.join(''), added }
}

/** Describes the focused element, through open shadow roots and iframes ('a[href=…]: text'). */
export function focusedElement(): string {
  let active: Element | null = document.activeElement
  for (;;) {
    if (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
    else if (active instanceof HTMLIFrameElement && active.contentDocument?.activeElement)
      active = active.contentDocument.activeElement
    else break
  }
  if (!active) return ''
  const href = active.getAttribute('href')
  return `${active.localName}${href === null ? '' : `[href=${href}]`}: ${(active.textContent ?? '').trim()}`
}

/**
 * The client rects of `spec.text` (its part from the hash sign on, as the mark covers it) in the
 * top viewport's coordinates, iframe offsets added; the page's own text, measured as the page
 * sees it. A string says what is missing.
 */
export function textRects(spec: {
  text: string
  in: string[]
}): { x: number; y: number; width: number; height: number }[] | string {
  let root: Document | ShadowRoot | Element = document
  let dx = 0
  let dy = 0
  let el: Element | null = null
  for (const selector of spec.in) {
    el = root.querySelector(selector)
    if (!el) return `no element matches ${JSON.stringify(selector)}`
    if (el.shadowRoot) root = el.shadowRoot
    else if (el instanceof HTMLIFrameElement && el.contentDocument) {
      const r = el.getBoundingClientRect()
      const s = getComputedStyle(el)
      dx += r.left + el.clientLeft + parseFloat(s.paddingLeft)
      dy += r.top + el.clientTop + parseFloat(s.paddingTop)
      root = el.contentDocument
    } else root = el
  }
  if (!el) return 'empty path'
  const doc = el.ownerDocument
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node as Text
    const at = text.data.indexOf(spec.text)
    if (at < 0) continue
    const hash = Math.max(0, spec.text.indexOf('#'))
    const range = doc.createRange()
    range.setStart(text, at + hash)
    range.setEnd(text, at + spec.text.length)
    return [...range.getClientRects()]
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => ({ x: r.left + dx, y: r.top + dy, width: r.width, height: r.height }))
  }
  return `${JSON.stringify(spec.text)} is not a text of ${JSON.stringify(spec.in)}`
}

/** What the options page shows about index packs (PackManager.tsx and the index browser). */
export interface PacksView {
  /** The import status line (`div[role=status]`), '' when empty. */
  status: string
  /** The alert of a refused import, null when there is none. */
  alert: string | null
  /** The alert's listed problems, one a line. */
  problems: string[]
  /** Each imported pack as listed: its heading, its details line and its switch. */
  packs: { name: string; details: string; on: boolean | null }[]
  /** The "no packs" line, null when packs are listed. */
  empty: string | null
  /** The index browser's entries that name a pack: title and origin line. */
  fromPacks: { title: string; origin: string }[]
}

/** Reads the options page's packs section and the index browser's pack entries (see PacksView). */
export function packsView(): PacksView {
  const text = (el: Element | null | undefined): string =>
    (el?.textContent ?? '').replace(/\s+/g, ' ').trim()
  const section = document.querySelector('section[aria-labelledby="packs-heading"]')
  const alert = section?.querySelector('[role=alert]')
  const empty = section?.querySelector('p.empty')
  return {
    status: text(section?.querySelector('div[role=status]')),
    alert: alert ? text(alert) : null,
    problems: [...(alert?.querySelectorAll('li') ?? [])].map(text),
    packs: [...(section?.querySelectorAll('ul.packs > li.pack') ?? [])].map((li) => ({
      name: text(li.querySelector('h3')),
      details: text(li.querySelector('p.hint')),
      on: li.querySelector<HTMLInputElement>('input[role=switch]')?.checked ?? null,
    })),
    empty: empty ? text(empty) : null,
    fromPacks: [...document.querySelectorAll('article.entry')].flatMap((article) => {
      const origin = article.querySelector('.entry-origin')
      return origin ? [{ title: text(article.querySelector('h3')), origin: text(origin) }] : []
    }),
  }
}
