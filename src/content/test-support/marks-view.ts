/**
 * What a reader sees of the marks, read from the extension's closed shadow root: the host's root
 * is captured as attachShadow returns it (setup.ts), the only way in; page scripts that run after
 * the extension have no such hook.
 */
import { HOST_TAG } from '../skip.ts'

const roots: ShadowRoot[] = []

// eslint-disable-next-line @typescript-eslint/unbound-method -- called with the element as this
const realAttachShadow = Element.prototype.attachShadow

/** Starts capturing the shadow roots of extension hosts (called once, by setup.ts). */
export function captureHostRoots(): void {
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = realAttachShadow.call(this, init)
    if (this.localName === HOST_TAG) roots.push(root)
    return root
  }
}

/** The shadow root of the host in the page now, or null when no host is in the page. */
export function hostRoot(): ShadowRoot | null {
  for (let i = roots.length - 1; i >= 0; i--) {
    const root = roots[i] as ShadowRoot
    if (root.host.isConnected) return root
  }
  return null
}

/** A mark box on screen. */
export interface MarkBox {
  /** The hashtag as written. */
  tag: string
  /** The style class (underline, highlight, outline) and whether it is the active one. */
  style: string
  active: boolean
  /** The box in client coordinates, clip included (what is painted). */
  rect: { left: number; top: number; right: number; bottom: number }
}

/** The four insets of an `inset(…)` clip path (1 to 4 values, as CSS writes them back). */
function insets(clipPath: string): { top: number; right: number; bottom: number; left: number } {
  const values = /inset\(([^)]*)\)/.exec(clipPath)?.[1]?.trim().split(/\s+/).map(parseFloat) ?? []
  const [top = 0, right = top, bottom = top, left = right] = values
  return { top, right, bottom, left }
}

/** Every mark box painted now, in the order the layers hold them. */
export function markBoxes(): MarkBox[] {
  const root = hostRoot()
  if (!root) return []
  return [...root.querySelectorAll<HTMLElement>('.hc-mark')].map((el) => {
    const r = el.getBoundingClientRect()
    const { top, right, bottom, left } = insets(el.style.clipPath)
    const style = [...el.classList].find((c) => c !== 'hc-mark' && c !== 'hc-active') ?? ''
    return {
      tag: el.dataset.tag ?? '',
      style: style.replace(/^hc-/, ''),
      active: el.classList.contains('hc-active'),
      rect: {
        left: r.left + left,
        top: r.top + top,
        right: r.right - right,
        bottom: r.bottom - bottom,
      },
    }
  })
}

/** The tags of the marks painted now. */
export function paintedTags(): string[] {
  return markBoxes().map((b) => b.tag)
}
