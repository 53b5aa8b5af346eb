/**
 * What clips a text on the page, so that its mark, drawn in our own layer, shows only where the
 * text itself can be seen: the ancestors (in the flat tree: through shadow hosts and slots) whose
 * overflow is not visible or that contain paint: scrolling panes, `overflow: hidden` cards,
 * clipped carousels. Found once per marked text (a style read per ancestor) and then only their
 * rectangles are read when marks are placed.
 */

/** The clipping ancestors of one text, and whether it sits in a position: fixed container. */
export interface ClipChain {
  /** Innermost first. */
  clips: Element[]
  /** A position: fixed ancestor: the text does not scroll with the document. */
  fixed: boolean
}

/** An axis-aligned rectangle in client coordinates. */
export interface Box {
  left: number
  top: number
  right: number
  bottom: number
}

/** The next ancestor in the flat tree (slots and shadow hosts included), or null. */
function flatParent(node: Node): Element | null {
  const slot = (node as Element | Text).assignedSlot
  if (slot) return slot
  const parent = node.parentNode
  if (parent instanceof Element) return parent
  if (parent instanceof ShadowRoot) return parent.host
  return null
}

function clipsContent(style: CSSStyleDeclaration): boolean {
  // Overflow does not apply to inline boxes.
  if (style.display === 'inline') return false
  if (style.overflowX !== 'visible' || style.overflowY !== 'visible') return true
  const contain = style.contain
  return contain === 'strict' || contain === 'content' || contain.includes('paint')
}

/**
 * The clip chain of `text`. The root element and the body are left out: their overflow applies
 * to the viewport, which the page's own scrolling takes care of.
 */
export function clipChain(text: Text): ClipChain {
  const doc = text.ownerDocument
  const win = doc.defaultView
  const clips: Element[] = []
  if (!win) return { clips, fixed: false }
  for (let el = flatParent(text); el; el = flatParent(el)) {
    if (el === doc.documentElement || el === doc.body) break
    const style = win.getComputedStyle(el)
    if (style.display === 'contents') continue
    if (clipsContent(style)) clips.push(el)
    // A fixed box is not clipped by the overflow of its ancestors (short of a transform).
    if (style.position === 'fixed') return { clips, fixed: true }
  }
  return { clips, fixed: false }
}

/** The part of the page that `clips` let through (their padding boxes), or null for all of it. */
export function visibleBox(clips: readonly Element[]): Box | null {
  let box: Box | null = null
  for (const el of clips) {
    const r = el.getBoundingClientRect()
    const left = r.left + el.clientLeft
    const top = r.top + el.clientTop
    const own = { left, top, right: left + el.clientWidth, bottom: top + el.clientHeight }
    box = box ? intersect(box, own) : own
  }
  return box
}

/** The intersection of two boxes (right < left when they do not meet). */
export function intersect(a: Box, b: Box): Box {
  return {
    left: Math.max(a.left, b.left),
    top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right),
    bottom: Math.min(a.bottom, b.bottom),
  }
}
