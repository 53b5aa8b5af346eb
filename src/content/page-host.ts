/**
 * The one element the extension adds to a page: `<hashtag-context-host>` appended to <html>, with
 * a CLOSED shadow root (page scripts cannot reach in) that holds both the marks (mark-layer.ts)
 * and the card (card-host.ts). A plain element, not a custom element: `customElements` is null in
 * Chrome content scripts. It is in the page only while it has something to show (a mark near the
 * viewport, or an open card), so a page with no flagged tag in view has its DOM untouched.
 *
 * While in the page it is a manual popover in the top layer: above everything the page stacks
 * and outside what the page does to <html> (opacity, transform, clip-path, filters). It is
 * `position: absolute` at the initial containing block's corner, so marks drawn in document
 * coordinates scroll with the page on the compositor, with no work of ours per frame
 * (docs/browser-facts.md, "Marks in an own element").
 *
 * A lease hides everything the host shows unless the content script renews it: Firefox runs no
 * code of an add-on that was disabled, updated or removed, so marks and a card left on the page
 * at that moment would stay forever. An animation the browser runs on its own does it: after
 * LEASE_MS without a renewal its fill turns the shadow content invisible.
 */
import hostCss from './page-host.css?inline'
import { HOST_TAG } from './skip.ts'
import { debug } from '../shared/debug.ts'

/** What the host shows: it is in the page while any of them is. */
export type HostUser = 'marks' | 'card'

/** How long the content is visible without a renewal (renewed every few seconds). */
const LEASE_MS = 8000

/** Options of {@link PageHost}. */
export interface PageHostOptions {
  doc: Document
  /** Aborting it removes the host and everything in it. */
  signal: AbortSignal
}

/** The CSS zoom of an element (1 where the browser has none or the value is unusable). */
function cssZoom(el: Element): number {
  const zoom = Number.parseFloat(el.ownerDocument.defaultView?.getComputedStyle(el).zoom ?? '')
  return Number.isFinite(zoom) && zoom > 0 ? zoom : 1
}

/** The host element and its closed shadow root; see the module comment. */
export class PageHost {
  /** The closed shadow root (the card's focus and key handling live in it). */
  readonly shadow: ShadowRoot
  /** Marks drawn in document coordinates (they scroll with the page). */
  readonly docLayer: HTMLDivElement
  /** Marks of text in position: fixed containers, drawn in viewport coordinates. */
  readonly fixedLayer: HTMLDivElement
  /**
   * The card's mount (position: fixed, placed by place-card.ts). In the shadow tree only while a
   * card is open (showCard): a card rendered ahead of time waits outside it.
   */
  readonly float: HTMLDivElement
  private readonly doc: Document
  private readonly host: HTMLElement
  private readonly live: HTMLDivElement
  private readonly users = new Set<HostUser>()
  private lease: Animation | null = null

  constructor(options: PageHostOptions) {
    const { doc, signal } = options
    this.doc = doc
    this.host = doc.createElement(HOST_TAG)
    this.shadow = this.host.attachShadow({ mode: 'closed' })
    const style = doc.createElement('style')
    style.textContent = hostCss
    this.live = doc.createElement('div')
    this.live.className = 'hc-live'
    this.docLayer = doc.createElement('div')
    this.docLayer.className = 'hc-layer hc-doc'
    this.fixedLayer = doc.createElement('div')
    this.fixedLayer.className = 'hc-layer hc-fixed'
    this.float = doc.createElement('div')
    this.float.className = 'hc-float'
    this.live.append(this.docLayer, this.fixedLayer)
    this.shadow.append(style, this.live)
    signal.addEventListener('abort', () => this.host.remove(), { once: true })
  }

  /** Adds a style sheet's text to the shadow root (the card's styles). */
  addStyle(css: string): void {
    const style = this.doc.createElement('style')
    style.textContent = css
    this.shadow.prepend(style)
  }

  /** True if `target` is the host (what page-level listeners see of anything inside it). */
  owns(target: EventTarget | null): boolean {
    return target !== null && target === this.host
  }

  /** True while the host is in the page. */
  get attached(): boolean {
    return this.host.isConnected
  }

  /** Shows the card's mount (and raises the host above what the page opened since) or hides it. */
  showCard(on: boolean): void {
    if (on) {
      this.live.append(this.float)
      this.use('card', true)
      this.ensure(true)
    } else {
      this.float.remove()
      this.use('card', false)
    }
  }

  /** `user` has something to show (true) or nothing any more (false). */
  use(user: HostUser, on: boolean): void {
    if (on) this.users.add(user)
    else this.users.delete(user)
    if (this.users.size === 0) {
      this.host.remove()
      return
    }
    this.ensure()
  }

  /**
   * Puts the host back if the page removed, moved or hid it, and brings it to the top of the top
   * layer when `raise` (a card opening above a dialog the page opened since). Cheap when nothing
   * changed: a parent check and a selector match.
   */
  ensure(raise = false): void {
    if (this.users.size === 0) return
    const host = this.host
    const root = this.doc.documentElement
    if (host.parentNode !== root) {
      this.renew()
      // Read while the page's style is clean: once the host is in, this would style its content.
      const zoom = cssZoom(root)
      root.append(host)
      // CSS zoom on <html> scales every descendant, the top layer included: undo it inside.
      this.live.style.zoom = zoom === 1 ? '' : String(1 / zoom)
    }
    // Attributes the page put on the host (inert, hidden, style…) go.
    if (host.attributes.length !== 1 || host.getAttribute('popover') !== 'manual') {
      for (const name of host.getAttributeNames()) host.removeAttribute(name)
      host.setAttribute('popover', 'manual')
    }
    if (typeof host.showPopover === 'function') {
      try {
        const open = host.matches(':popover-open')
        if (open && raise) host.hidePopover()
        if (!open || raise) host.showPopover()
      } catch (error) {
        debug('page-host: show in the top layer', error)
        // The host's z-index still stacks it above the page.
      }
    }
  }

  /** Keeps the shadow content visible for another LEASE_MS (see the module comment). */
  renew(): void {
    if (typeof this.live.animate !== 'function') return
    const lease = this.lease
    if (lease && lease.playState !== 'idle') {
      lease.currentTime = 0
      if (lease.playState !== 'running') lease.play()
      return
    }
    try {
      this.lease = this.live.animate([{ visibility: 'visible' }, { visibility: 'hidden' }], {
        duration: 1,
        delay: LEASE_MS,
        fill: 'forwards',
      })
    } catch (error) {
      debug('page-host: start the lease', error)
      this.lease = null
    }
  }

  /** The client position of the document layer's origin (the page's scroll, in effect). */
  docOrigin(): { x: number; y: number } {
    const r = this.docLayer.getBoundingClientRect()
    return { x: r.left, y: r.top }
  }
}
