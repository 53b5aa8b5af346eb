/**
 * The card: a Preact card rendered in the closed shadow root of the extension's one host element
 * (page-host.ts), placed next to its hashtag (place-card.ts). The card is rendered ahead of time
 * where it can be (prepare, during the hover delay) into a hidden mount, and kept there between
 * cards, so showing one is a class change in our own shadow tree; while a card is open the host
 * is raised to the top of the top layer.
 *
 * Keys typed in the card do not reach the page's bubbling listeners; Esc closes the card from
 * anywhere (a capturing window listener while open); focus returns to where it came from.
 */
import { h, render } from 'preact'
import type { EntryView } from '../shared/messages.ts'
import { Card } from '../ui/Card.tsx'
import cardCss from '../ui/card.css?inline'
import type { PageHost } from './page-host.ts'
import { placeCard } from './place-card.ts'
import { debugCatch } from '../shared/debug.ts'

/** What opened a card: decides what closes it and where focus goes. */
export type CardTrigger = 'pointer' | 'focus' | 'command'

/** A request to show the card of one hashtag occurrence. */
export interface CardRequest {
  entryId: string
  /** The hashtag as written, with its hash sign. */
  written: string
  /** A live range over the hashtag: the card is placed next to it. */
  anchor: Range
  trigger: CardTrigger
  /** Move focus into the card (keyboard commands). */
  focus?: boolean
  /** Where focus goes back when the card closes with focus inside it. */
  returnFocus?: HTMLElement | null
}

/** Options of {@link CardHost}. */
export interface CardHostOptions {
  doc: Document
  /** Aborting it closes the card and releases every listener. */
  signal: AbortSignal
  host: PageHost
  getEntry: (id: string, tag: string) => Promise<EntryView | null>
  /** The card closed (any reason). */
  onClose?: (request: CardRequest) => void
}

const KEY_EVENTS = ['keydown', 'keyup', 'keypress'] as const
const FOCUSABLE = 'a[href], button:not([disabled])'

/** The views cache's key: an entry's view depends on the tag its card is for (its choices). */
const viewKey = (id: string, tag: string): string => `${id}\n${tag}`

/** The card's container; see the module comment. */
export class CardHost {
  private readonly opts: CardHostOptions
  private readonly doc: Document
  private readonly host: PageHost
  /** Entries fetched, by entry id and tag as written (a tag's choices are part of its view). */
  private readonly views = new Map<string, EntryView>()
  /** Entries asked of the background and not answered yet: one request per entry and tag. */
  private readonly fetching = new Map<string, Promise<EntryView | null>>()
  /** Bumped by forget(): answers to requests sent before it are not kept. */
  private generation = 0
  /** What the mount holds, or null. */
  private rendered: { view: EntryView; tag: string } | null = null
  /** The latest request prepared and not yet rendered; a later one or an open supersedes it. */
  private preparing: CardRequest | null = null
  private readonly shadow: ShadowRoot
  private readonly mount: HTMLDivElement
  private request: CardRequest | null = null
  private whileOpen: AbortController | null = null
  private stopPositioning: (() => void) | null = null
  private lastFocusOutside: HTMLElement | null = null
  private seq = 0
  private destroyed = false

  constructor(options: CardHostOptions) {
    this.opts = options
    const { doc, host, signal } = options
    this.doc = doc
    this.host = host
    this.shadow = host.shadow
    this.mount = host.float
    host.addStyle(cardCss)
    for (const type of KEY_EVENTS) this.shadow.addEventListener(type, this.onShadowKey, { signal })
    this.shadow.addEventListener('focusin', this.onFocusIn, { signal })
    this.shadow.addEventListener('focusout', this.onFocusOut, { signal })
    signal.addEventListener('abort', () => this.destroy(), { once: true })
  }

  /** The open card's request, or null. */
  get current(): CardRequest | null {
    return this.request
  }

  /** True if `target` is the host (what page-level listeners see of anything in the card). */
  owns(target: EventTarget | null): boolean {
    return this.host.owns(target)
  }

  /** True if focus is inside the card. */
  hasFocus(): boolean {
    return this.shadow.activeElement != null
  }

  /**
   * Shows the card for `request` (replacing any open card). Resolves false if the entry is
   * unknown or a later request overtook this one.
   */
  async open(request: CardRequest): Promise<boolean> {
    if (this.destroyed) return false
    const seq = ++this.seq
    this.preparing = null
    const view = await this.loadEntry(request.entryId, request.written)
    if (seq !== this.seq || this.destroyed || !view) return false
    const previous = this.request
    if (previous && previous.anchor === request.anchor && previous.entryId === request.entryId) {
      // Same tag: keep the card, adopt the stronger trigger (keyboard over pointer).
      this.request = {
        ...previous,
        trigger: request.trigger === 'pointer' ? previous.trigger : request.trigger,
      }
      if (request.focus) this.focusCard()
      return true
    }
    if (previous) this.teardownOpen(previous, false)
    // Rendered before the host goes in (prepare has usually done it during the delay): the page
    // takes the whole card in one insertion, and the frame after the delay has only to draw it.
    const mount = this.renderCard(view, request.written)
    this.host.showCard(true)
    this.request = request
    const whileOpen = (this.whileOpen = new AbortController())
    this.doc.defaultView?.addEventListener('keydown', this.onWindowKey, {
      capture: true,
      signal: whileOpen.signal,
    })
    this.position(request, mount)
    if (request.focus) this.focusCard()
    return true
  }

  /**
   * The card of `request` is likely to open soon (the pointer rests on its tag): fetches its
   * entry and, unless a card is open, renders it into the host while the host is out of the
   * page, so that open() has only to insert it. Changes nothing in the page.
   */
  prepare(request: CardRequest): void {
    if (this.destroyed) return
    this.preparing = request
    const ready = (view: EntryView | null): void => {
      // Only the latest preparation, and never over the content of an open card.
      if (!view || this.preparing !== request || this.request || this.destroyed) return
      this.preparing = null
      this.renderCard(view, request.written)
    }
    const cached = this.views.get(viewKey(request.entryId, request.written))
    // Not inside the pointer event that asked: in a task of its own, or with the entry's answer.
    if (cached) setTimeout(() => ready(cached), 0)
    else void this.loadEntry(request.entryId, request.written).then(ready)
  }

  /**
   * The reader chose another entry for the open card's tag (bundled or from a pack): the same
   * card shows it, in place, focus staying on the button pressed.
   */
  async choose(id: string): Promise<void> {
    const request = this.request
    if (!request) return
    const view = await this.loadEntry(id, request.written)
    if (!view || this.request !== request) return
    this.request = { ...request, entryId: id }
    this.renderCard(view, request.written)
  }

  /**
   * The index changed (packs): the open card closes, a card being prepared is dropped, and no
   * entry fetched or being fetched so far is used.
   */
  forget(): void {
    this.close()
    this.preparing = null
    this.generation++
    this.views.clear()
    this.fetching.clear()
  }

  /** Closes the card; focus inside it goes back to where it came from. */
  close(): void {
    const request = this.request
    if (!request) return
    this.seq++
    this.teardownOpen(request, true)
    this.opts.onClose?.(request)
  }

  /** Moves focus into the card (its dialog element, so its name is announced). */
  focusCard(first = false): void {
    const card = this.mount.querySelector<HTMLElement>(first ? FOCUSABLE : '[role="dialog"]')
    card?.focus({ preventScroll: true })
  }

  /** When the signal aborts: the card goes, and the instance is dead afterwards. */
  private destroy(): void {
    if (this.destroyed) return
    this.close()
    this.destroyed = true
    render(null, this.mount)
    this.rendered = this.preparing = null
    this.views.clear()
    this.fetching.clear()
  }

  private teardownOpen(request: CardRequest, restoreFocus: boolean): void {
    const focusInside = this.hasFocus()
    this.stopPositioning?.()
    this.stopPositioning = null
    this.whileOpen?.abort()
    this.whileOpen = null
    this.request = null
    // Focus moves back before the card goes, so the page sees it come from the host.
    if (restoreFocus && focusInside) {
      const target = request.returnFocus ?? this.lastFocusOutside
      if (target?.isConnected) target.focus({ preventScroll: true })
      else (this.shadow.activeElement as HTMLElement | null)?.blur()
    }
    this.lastFocusOutside = null
    // The card stays rendered outside the page: the same tag opens again without a render.
    this.host.showCard(false)
  }

  /**
   * The entry for a card of `tag`: fetched before, or from the background (a request already on
   * its way is shared), or null.
   */
  private loadEntry(id: string, tag: string): Promise<EntryView | null> {
    const key = viewKey(id, tag)
    const cached = this.views.get(key)
    if (cached) return Promise.resolve(cached)
    let pending = this.fetching.get(key)
    if (!pending) {
      const generation = this.generation
      pending = this.opts
        .getEntry(id, tag)
        .catch(debugCatch('card-host: fetch the entry', null))
        .then((view) => {
          // an answer from before forget() is of the old index: neither kept nor shown
          if (generation !== this.generation) return null
          this.fetching.delete(key)
          if (view && !this.destroyed) this.views.set(key, view)
          return view
        })
      this.fetching.set(key, pending)
    }
    return pending
  }

  /** Renders the card of `view` into the mount, unless the mount holds that card already. */
  private renderCard(view: EntryView, tag: string): HTMLDivElement {
    if (this.rendered?.view !== view || this.rendered.tag !== tag) {
      render(
        h(Card, {
          view,
          tag,
          onClose: () => this.close(),
          onChoose: (id) => void this.choose(id),
          headingId: 'hc-heading',
        }),
        this.mount,
      )
      this.rendered = { view, tag }
    }
    return this.mount
  }

  private position(request: CardRequest, floating: HTMLElement): void {
    const positioning = new AbortController()
    placeCard(request.anchor, floating, positioning.signal, () => this.request === request)
    this.stopPositioning = () => positioning.abort()
  }

  /** Esc closes the card wherever focus is. */
  private readonly onWindowKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || e.isComposing || !this.request) return
    if (this.hasFocus()) {
      // Focus is ours: the Esc was meant for the card, not for the page.
      e.stopPropagation()
      e.preventDefault()
    }
    this.close()
  }

  /** Keys in the card stay in the card; Tab past either end is handed to the keyboard module. */
  private readonly onShadowKey = (e: Event): void => {
    e.stopPropagation()
    const request = this.request
    if (!(e instanceof KeyboardEvent) || e.type !== 'keydown' || e.key !== 'Tab' || !request) return
    const focusables = [...this.mount.querySelectorAll<HTMLElement>(FOCUSABLE)]
    const active = this.shadow.activeElement
    const atEnd = e.shiftKey
      ? active === focusables[0] || active?.getAttribute('role') === 'dialog'
      : active === focusables.at(-1)
    if (!atEnd) return
    e.preventDefault()
    this.tabOut(request)
  }

  /**
   * Tab left the card at either end: close it and put focus back on its hashtag (coming from the
   * card, that focus does not reopen it, so the next Tab goes on through the page).
   */
  private tabOut(request: CardRequest): void {
    const back = request.returnFocus ?? null
    this.close()
    if (back?.isConnected && this.doc.activeElement !== back) back.focus({ preventScroll: true })
  }

  private readonly onFocusIn = (e: Event): void => {
    const from = (e as FocusEvent).relatedTarget
    if (from instanceof HTMLElement && !this.host.owns(from)) this.lastFocusOutside = from
  }

  private readonly onFocusOut = (e: Event): void => {
    const to = (e as FocusEvent).relatedTarget
    if (this.request && to !== null && !(to instanceof Node && this.shadow.contains(to))) {
      // Focus left the card for the page: the card has done its job, unless the pointer holds
      // it. After the focus move completes, so closing does not fight it.
      setTimeout(() => {
        if (!this.hasFocus() && this.request && this.request.trigger !== 'pointer') this.close()
      }, 0)
    }
  }
}
