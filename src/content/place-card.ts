/**
 * Places the card next to its hashtag and keeps it there while the page scrolls or resizes.
 *
 * The card is position: fixed in the top layer and its only boundary is the viewport, so the
 * placement is a few lines of arithmetic: below the tag, or above when it does not fit below
 * and there is more room above (a flip), moved left or right to stay inside the viewport (a
 * shift), never taller than the room on its side (the card scrolls inside). A positioning
 * library did the same for a content script that runs on every page and has a size budget
 * (bench/README.md, measure 6) it could not afford.
 */

interface Box {
  width: number
  height: number
}

/** Space between the tag and the card. */
const GAP = 6
/** Space the card keeps from the viewport's edges. */
const PADDING = 8
/** The card is never made shorter than this, whatever the room. */
const MIN_HEIGHT = 120

/** The layout viewport, without scrollbars (what fixed positioning is relative to). */
function viewport(doc: Document): Box {
  const root = doc.documentElement
  const win = doc.defaultView
  return {
    width: root.clientWidth || win?.innerWidth || 0,
    height: root.clientHeight || win?.innerHeight || 0,
  }
}

/** Where a card of `card`'s size goes next to `tag` in `view`: its corner and height limit. */
export function placement(
  tag: DOMRectReadOnly,
  card: Box,
  view: Box,
): { x: number; y: number; maxHeight: number } {
  const below = view.height - PADDING - (tag.bottom + GAP)
  const above = tag.top - GAP - PADDING
  const onTop = card.height > below && (card.height <= above || above > below)
  const maxHeight = Math.max(MIN_HEIGHT, Math.floor(onTop ? above : below))
  const height = Math.min(card.height, maxHeight)
  const x = Math.max(PADDING, Math.min(tag.left, view.width - PADDING - card.width))
  return { x, y: onTop ? tag.top - GAP - height : tag.bottom + GAP, maxHeight }
}

/**
 * Positions `floating` (position: fixed) below `anchor`, or above when there is more room
 * there, shifted to stay inside the viewport and never taller than the space left (sets
 * `--hc-max-height`, the card scrolls inside). Repositions on scroll and resize until `signal`
 * aborts; `isCurrent` guards against a late result for a card that has since changed.
 */
export function placeCard(
  anchor: Range,
  floating: HTMLElement,
  signal: AbortSignal,
  isCurrent: () => boolean,
): void {
  const doc = floating.ownerDocument
  let frame = 0
  const update = (): void => {
    frame = 0
    if (signal.aborted || !isCurrent()) return
    const rect = floating.getBoundingClientRect()
    const { x, y, maxHeight } = placement(
      anchor.getBoundingClientRect(),
      { width: rect.width, height: rect.height },
      viewport(doc),
    )
    floating.style.setProperty('--hc-max-height', `${maxHeight}px`)
    floating.style.left = `${Math.round(x)}px`
    floating.style.top = `${Math.round(y)}px`
  }
  const schedule = (): void => {
    if (frame === 0) frame = requestAnimationFrame(update)
  }
  update()
  const win = doc.defaultView
  // Capture: a scroll inside any scrolled container moves the hashtag too.
  win?.addEventListener('scroll', schedule, { capture: true, passive: true, signal })
  win?.addEventListener('resize', schedule, { passive: true, signal })
  // The card's own size changes once its entry renders (and when fonts load).
  const resize = new ResizeObserver(schedule)
  resize.observe(floating)
  signal.addEventListener(
    'abort',
    () => {
      resize.disconnect()
      if (frame !== 0) cancelAnimationFrame(frame)
    },
    { once: true },
  )
}
