/**
 * Places the card next to its hashtag and keeps it there while the page scrolls or resizes.
 *
 * Uses @floating-ui/core (flip, shift, size, offset) with a platform of our own instead of
 * @floating-ui/dom: the card is position: fixed in a host on <html> and its only boundary is the
 * viewport, so the DOM platform's clipping-ancestor and offset-parent walks are dead weight
 * (about 4 KB gzip of a content script that runs on every page).
 */
import { computePosition, flip, offset, shift, size } from '@floating-ui/core'
import type { Platform, Rect } from '@floating-ui/core'

interface Box {
  width: number
  height: number
}

/** The layout viewport, without scrollbars (what fixed positioning is relative to). */
function viewport(doc: Document): Rect {
  const root = doc.documentElement
  const win = doc.defaultView
  return {
    x: 0,
    y: 0,
    width: root.clientWidth || win?.innerWidth || 0,
    height: root.clientHeight || win?.innerHeight || 0,
  }
}

function boxOf(rect: DOMRect): Rect {
  return { x: rect.left, y: rect.top, width: rect.width, height: rect.height }
}

function platformFor(doc: Document): Platform {
  return {
    getElementRects: ({ reference, floating }) => ({
      reference: boxOf((reference as Range).getBoundingClientRect()),
      floating: { x: 0, y: 0, ...sizeOf(floating as HTMLElement) },
    }),
    getDimensions: (element) => sizeOf(element as HTMLElement),
    getClippingRect: () => viewport(doc),
  }
}

function sizeOf(element: HTMLElement): Box {
  const rect = element.getBoundingClientRect()
  return { width: rect.width, height: rect.height }
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
  const platform = platformFor(doc)
  let frame = 0
  const update = (): void => {
    frame = 0
    void computePosition(anchor, floating, {
      platform,
      strategy: 'fixed',
      placement: 'bottom-start',
      middleware: [
        offset(6),
        flip({ padding: 8 }),
        shift({ padding: 8 }),
        size({
          padding: 8,
          apply({ availableHeight }) {
            floating.style.setProperty(
              '--hc-max-height',
              `${Math.max(120, Math.floor(availableHeight))}px`,
            )
          },
        }),
      ],
    }).then(({ x, y }) => {
      if (signal.aborted || !isCurrent()) return
      floating.style.left = `${Math.round(x)}px`
      floating.style.top = `${Math.round(y)}px`
    })
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
