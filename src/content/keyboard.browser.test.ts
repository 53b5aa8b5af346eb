import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ContentApp } from './content-app.ts'
import { HOST_TAG } from './skip.ts'
import { page, startTestApp } from './test-support/app.ts'

let captured: ShadowRoot | null = null
// eslint-disable-next-line @typescript-eslint/unbound-method -- put back as the same method after each test
const realAttachShadow = Element.prototype.attachShadow
beforeEach(() => {
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = realAttachShadow.call(this, init)
    if (this.localName === HOST_TAG) captured = root
    return root
  }
})
afterEach(() => {
  Element.prototype.attachShadow = realAttachShadow
  window.scrollTo(0, 0)
})

const tab = (target: Element, shiftKey = false): boolean =>
  target.dispatchEvent(
    new KeyboardEvent('keydown', {
      key: 'Tab',
      shiftKey,
      bubbles: true,
      composed: true,
      cancelable: true,
    }),
  )

async function linksPage(): Promise<{
  app: ContentApp
  link: HTMLAnchorElement
  other: HTMLAnchorElement
}> {
  const root = page(
    '<p><a id="tag" href="/hashtag/SoftCoup">#SoftCoup</a> and <a id="other" href="/x">a link</a></p>',
  )
  const { app } = startTestApp({ hoverDelayMs: 30 })
  await app.settled()
  return {
    app,
    link: root.querySelector('#tag') as HTMLAnchorElement,
    other: root.querySelector('#other') as HTMLAnchorElement,
  }
}

describe('keyboard: focus', () => {
  it('opens the card when focus lands on a flagged hashtag link, anchored to it', async () => {
    const { app, link } = await linksPage()
    link.focus()
    await vi.waitFor(() => expect(app.card.current?.entryId).toBe('soft-coup'))
    expect(app.card.current?.trigger).toBe('focus')
    expect(app.card.current?.anchor.toString()).toBe('#SoftCoup')
    // Focus stays on the page's link: the card does not steal it.
    expect(document.activeElement).toBe(link)
  })

  it('opens the card for a link whose text is split into elements', async () => {
    const root = page('<a href="/hashtag/SoftCoup"><s>#</s><b>SoftCoup</b></a>')
    const { app } = startTestApp()
    await app.settled()
    ;(root.querySelector('a') as HTMLAnchorElement).focus()
    await vi.waitFor(() => expect(app.card.current?.written).toBe('#SoftCoup'))
  })

  it('does not open for a focused element that merely contains a hashtag among other text', async () => {
    const root = page('<a href="/x">read about #SoftCoup here</a>')
    const { app } = startTestApp()
    await app.settled()
    ;(root.querySelector('a') as HTMLAnchorElement).focus()
    await new Promise((r) => setTimeout(r, 50))
    expect(app.card.current).toBeNull()
  })

  it('moves focus into the card on Tab, and back to the link past its end', async () => {
    const { app, link } = await linksPage()
    link.focus()
    await vi.waitFor(() => expect(app.card.current).not.toBeNull())
    expect(tab(link)).toBe(false)
    expect(app.card.hasFocus()).toBe(true)
    const focusables = [...(captured?.querySelectorAll<HTMLElement>('a[href], button') ?? [])]
    expect(captured?.activeElement).toBe(focusables[0])
    focusables.at(-1)?.focus()
    tab(focusables.at(-1)!)
    expect(app.card.current).toBeNull()
    expect(document.activeElement).toBe(link)
    // Returning there does not reopen the card, so the next Tab goes on through the page.
    await new Promise((r) => setTimeout(r, 50))
    expect(app.card.current).toBeNull()
    expect(tab(link)).toBe(true)
  })

  it('closes after focus leaves the link for elsewhere on the page', async () => {
    const { app, link, other } = await linksPage()
    link.focus()
    await vi.waitFor(() => expect(app.card.current).not.toBeNull())
    other.focus()
    await vi.waitFor(() => expect(app.card.current).toBeNull())
  })

  it('returns focus to the link when Esc closes the card from inside it', async () => {
    const { app, link } = await linksPage()
    link.focus()
    await vi.waitFor(() => expect(app.card.current).not.toBeNull())
    tab(link)
    const inside = captured?.activeElement as HTMLElement
    inside.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    )
    expect(app.card.current).toBeNull()
    expect(document.activeElement).toBe(link)
  })
})

describe('keyboard: step and reveal', () => {
  async function tagsPage() {
    const host = document.createElement('div')
    const root = page(
      '<p>first #SoftCoup</p><div style="height: 2000px"></div><p>second #WeSupportCorbyn</p>',
    )
    root.insertBefore(host, root.children[1]!)
    host.attachShadow({ mode: 'open' }).append('in shadow #SoftCoupDenied')
    const { app } = startTestApp()
    await app.settled()
    return app
  }

  it('visits flagged tags in document order, across shadow roots, and wraps around', async () => {
    const app = await tagsPage()
    const seen: string[] = []
    for (let i = 0; i < 4; i++) {
      expect(await app.step(1)).toBe(true)
      seen.push(app.card.current?.written ?? '')
    }
    expect(seen).toEqual(['#SoftCoup', '#SoftCoupDenied', '#WeSupportCorbyn', '#SoftCoup'])
    expect(await app.step(-1)).toBe(true)
    expect(app.card.current?.written).toBe('#WeSupportCorbyn')
  })

  it('scrolls the tag into view and moves focus into its card', async () => {
    const app = await tagsPage()
    await app.step(1)
    await app.step(1)
    await app.step(1)
    expect(app.card.current?.trigger).toBe('command')
    expect(app.card.hasFocus()).toBe(true)
    await vi.waitFor(() => {
      const r = app.card.current!.anchor.getBoundingClientRect()
      expect(r.top).toBeGreaterThanOrEqual(0)
      expect(r.bottom).toBeLessThanOrEqual(innerHeight)
    })
  })

  it('reveals the n-th occurrence, and reports there is none past the end', async () => {
    const app = await tagsPage()
    expect(await app.reveal(2)).toBe(true)
    expect(app.card.current?.written).toBe('#WeSupportCorbyn')
    expect(await app.reveal(3)).toBe(false)
    expect(app.flagged().map((f) => f.tag)).toEqual([
      'SoftCoup',
      'SoftCoupDenied',
      'WeSupportCorbyn',
    ])
  })

  it('says there is nothing to step to on a page without flagged tags', async () => {
    page('<p>#Weather only</p>')
    const { app } = startTestApp()
    await app.settled()
    expect(await app.step(1)).toBe(false)
  })
})
