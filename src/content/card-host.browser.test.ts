import { describe, expect, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import type { EntryView } from '../shared/messages.ts'
import type { Settings } from '../shared/settings.ts'
import type { ContentApp, ContentDeps } from './content-app.ts'
import { HOST_TAG } from './skip.ts'
import { centreOf, page, pointerAt, startTestApp } from './test-support/app.ts'
import { pageMarkup, viewOf } from './test-support/fixtures.ts'
import { hostRoot, markBoxes } from './test-support/marks-view.ts'

function shadow(): ShadowRoot {
  const root = hostRoot()
  if (!root) throw new Error('no host is in the page')
  return root
}

/** The open card's dialog, or null. */
const dialog = (): HTMLElement | null => hostRoot()?.querySelector('[role="dialog"]') ?? null

const host = (): HTMLElement | null => document.querySelector(HOST_TAG)

async function hoverable(
  markup = '<p style="font: 20px/30px serif; margin: 60px">see #SoftCoup here</p>',
  settings: Partial<Settings> = {},
  deps: Partial<ContentDeps> = {},
) {
  page(markup)
  const t = startTestApp({ hoverDelayMs: 40, ...settings }, deps)
  await t.app.settled()
  await vi.waitFor(() => expect(t.app.marks.drawn().length).toBeGreaterThan(0))
  const occ = t.app.marks.ordered()[0]!
  return { ...t, occ, at: centreOf(occ.range) }
}

async function openByHover(app: ContentApp, at: { x: number; y: number }) {
  pointerAt(at.x, at.y)
  await vi.waitFor(() => expect(app.card.current).not.toBeNull())
}

describe('card host', () => {
  it('opens a card after the pointer rests on a mark for the hover delay', async () => {
    const { app, at, entries } = await hoverable()
    pointerAt(at.x, at.y)
    expect(app.card.current).toBeNull()
    await vi.waitFor(() => expect(app.card.current?.entryId).toBe('soft-coup'))
    expect(entries).toEqual(['soft-coup'])
    const dialog = shadow().querySelector('[role="dialog"]')
    const heading = shadow().getElementById(dialog?.getAttribute('aria-labelledby') ?? '')
    expect(heading?.textContent).toContain('#SoftCoup')
    expect(dialog?.textContent).toContain('Test entry about a soft coup claim')
  })

  it('fetches and renders the card during the hover delay, leaving the page alone until it opens', async () => {
    const asked: string[] = []
    let answer: (view: EntryView | null) => void = () => undefined
    const { app, at } = await hoverable(
      undefined,
      { hoverDelayMs: 1500 },
      {
        getEntry: (id) => {
          asked.push(id)
          return new Promise((resolve) => (answer = resolve))
        },
      },
    )
    pointerAt(at.x, at.y)
    // Asked for as the pointer comes to rest, so the delay hides the round trip.
    expect(asked).toEqual(['soft-coup'])
    answer(viewOf('soft-coup'))
    // Rendered during the delay: when it ends, the card goes in as one insertion of a mount that
    // holds it already, and nothing in it changes after.
    const changes: MutationRecord[] = []
    const watch = new MutationObserver((records) => changes.push(...records))
    watch.observe(shadow(), { subtree: true, childList: true, characterData: true })
    await new Promise((r) => setTimeout(r, 200))
    expect(app.card.current).toBeNull()
    await vi.waitFor(() => expect(app.card.current?.entryId).toBe('soft-coup'), { timeout: 3000 })
    await new Promise((r) => setTimeout(r, 0))
    watch.disconnect()
    expect(changes).toHaveLength(1)
    const [inserted] = changes[0]!.addedNodes
    expect((inserted as Element).querySelector('[role="dialog"]')?.textContent).toContain(
      'Test entry about a soft coup claim',
    )
    expect(host()?.parentNode).toBe(document.documentElement)
    expect(asked).toEqual(['soft-coup'])
  })

  it('after the index changed (packs), shows no entry answered for the old one, and asks again with the tag', async () => {
    const asked: [string, string][] = []
    const answers: ((view: EntryView | null) => void)[] = []
    const { app, at } = await hoverable(undefined, undefined, {
      getEntry: (id, tag) => {
        asked.push([id, tag])
        return new Promise((resolve) => answers.push(resolve))
      },
    })
    pointerAt(at.x, at.y)
    await vi.waitFor(() => expect(asked).toHaveLength(1))
    app.reindex()
    answers[0]!(viewOf('soft-coup'))
    await new Promise((r) => setTimeout(r, 100))
    expect(app.card.current).toBeNull()
    expect(dialog()).toBeNull()
    // the marks come back from the new look-ups; the same tag asks for its entry again
    await vi.waitFor(() => expect(app.marks.drawn().length).toBeGreaterThan(0))
    const again = centreOf(app.marks.ordered()[0]!.range)
    pointerAt(0, 0)
    pointerAt(again.x, again.y)
    await vi.waitFor(() => expect(asked).toHaveLength(2))
    answers[1]!(viewOf('soft-coup'))
    await vi.waitFor(() => expect(app.card.current?.entryId).toBe('soft-coup'))
    expect(asked).toEqual([
      ['soft-coup', '#SoftCoup'],
      ['soft-coup', '#SoftCoup'],
    ])
  })

  it('keeps the open card as it is while the pointer rests on another tag', async () => {
    const { app } = await hoverable(
      '<p style="font: 20px/30px serif; margin: 60px">see #SoftCoup and then #WeSupportCorbyn</p>',
      { hoverDelayMs: 300 },
    )
    await vi.waitFor(() => expect(app.marks.drawn()).toHaveLength(2))
    const [first, second] = app.marks.ordered()
    await openByHover(app, centreOf(first!.range))
    const heading = (): string | null | undefined =>
      shadow().querySelector('[role="dialog"] h2')?.textContent
    expect(heading()).toContain('#SoftCoup')
    const next = centreOf(second!.range)
    pointerAt(next.x, next.y)
    // Its entry arrives during the delay, but the open card is not rendered over.
    await new Promise((r) => setTimeout(r, 100))
    expect(app.card.current?.entryId).toBe('soft-coup')
    expect(heading()).toContain('#SoftCoup')
    await vi.waitFor(() => expect(app.card.current?.entryId).toBe('we-support-corbyn'))
    expect(heading()).toContain('#WeSupportCorbyn')
  })

  it('shows a card opened again as it was rendered, without rendering it again', async () => {
    const { app, at } = await hoverable()
    await openByHover(app, at)
    app.card.close()
    expect(dialog()).toBeNull()
    const changes: MutationRecord[] = []
    const watch = new MutationObserver((records) => changes.push(...records))
    watch.observe(shadow(), { subtree: true, childList: true, characterData: true })
    pointerAt(5, 5)
    await openByHover(app, at)
    await new Promise((r) => setTimeout(r, 0))
    watch.disconnect()
    // One insertion of the mount that still holds the card; nothing inside it changed.
    expect(changes.flatMap((c) => [...c.addedNodes])).toEqual([shadow().querySelector('.hc-float')])
    expect(changes.flatMap((c) => [...c.removedNodes])).toEqual([])
    expect(shadow().querySelector('[role="dialog"]')?.textContent).toContain(
      'Test entry about a soft coup claim',
    )
  })

  it('opens nothing when the pointer leaves before the delay', async () => {
    const { app, at } = await hoverable()
    pointerAt(at.x, at.y)
    pointerAt(5, 5)
    await new Promise((r) => setTimeout(r, 150))
    expect(app.card.current).toBeNull()
    expect(dialog()).toBeNull()
  })

  it('uses a closed shadow root on a plain element appended to <html>', async () => {
    const { app, at } = await hoverable()
    await openByHover(app, at)
    const el = host()
    expect(el?.parentNode).toBe(document.documentElement)
    expect(el?.shadowRoot).toBeNull()
    expect(el?.constructor).toBe(HTMLElement)
  })

  it('stays open while the pointer moves from the mark into the card, and closes when it leaves both', async () => {
    const { app, at } = await hoverable()
    await openByHover(app, at)
    const card = shadow().querySelector('.hc-card') as HTMLElement
    const box = card.getBoundingClientRect()
    // Cross the gap below the mark, then rest on the card well past the grace period.
    pointerAt(at.x, box.top - 2)
    pointerAt(box.left + 20, box.top + 20)
    await new Promise((r) => setTimeout(r, 500))
    expect(app.card.current).not.toBeNull()
    // Leave both.
    pointerAt(box.right + 100 > innerWidth ? 2 : box.right + 100, 2)
    await vi.waitFor(() => expect(app.card.current).toBeNull())
    expect(dialog()).toBeNull()
  })

  it('closes with Esc while focus is on the page, and draws the open tag as active until then', async () => {
    const { app, at, occ } = await hoverable()
    await openByHover(app, at)
    const tag = occ.range.toString()
    expect(
      markBoxes()
        .filter((b) => b.active)
        .map((b) => b.tag),
    ).toEqual([tag])
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    expect(app.card.current).toBeNull()
    expect(markBoxes().filter((b) => b.active)).toEqual([])
    expect(markBoxes().map((b) => b.tag)).toEqual([tag])
  })

  it('closes with Esc from inside the card and returns focus where it was', async () => {
    const { app, at } = await hoverable(
      '<button id="before">before</button><p style="font: 20px/30px serif; margin: 60px">see #SoftCoup here</p>',
    )
    const before = document.getElementById('before') as HTMLButtonElement
    before.focus()
    await openByHover(app, at)
    const close = shadow().querySelector('button') as HTMLButtonElement
    close.focus()
    expect(app.card.hasFocus()).toBe(true)
    const pageKeys = vi.fn()
    document.addEventListener('keydown', pageKeys)
    close.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    )
    document.removeEventListener('keydown', pageKeys)
    expect(app.card.current).toBeNull()
    expect(document.activeElement).toBe(before)
    expect(pageKeys).not.toHaveBeenCalled()
  })

  it('keeps key events typed in the card away from the page', async () => {
    const { app, at } = await hoverable()
    await openByHover(app, at)
    const seen: string[] = []
    const listen = (e: Event) => seen.push(e.type)
    for (const type of ['keydown', 'keyup', 'keypress']) document.addEventListener(type, listen)
    const close = shadow().querySelector('button') as HTMLButtonElement
    for (const type of ['keydown', 'keyup', 'keypress']) {
      close.dispatchEvent(new KeyboardEvent(type, { key: 'j', bubbles: true, composed: true }))
    }
    for (const type of ['keydown', 'keyup', 'keypress']) document.removeEventListener(type, listen)
    expect(seen).toEqual([])
    expect(app.card.current).not.toBeNull()
  })

  it('closes from its close button', async () => {
    const { app, at } = await hoverable()
    await openByHover(app, at)
    ;(shadow().querySelector('button[aria-label="Close"]') as HTMLButtonElement).click()
    expect(app.card.current).toBeNull()
  })

  it('puts the host back when the page removed it', async () => {
    const { app, at } = await hoverable()
    await openByHover(app, at)
    const first = host()
    app.card.close()
    await openByHover(app, at)
    host()?.remove()
    app.card.close()
    expect(dialog()).toBeNull()
    await openByHover(app, at)
    expect(host()).toBe(first)
    expect(host()?.parentNode).toBe(document.documentElement)
  })

  it('stays readable and inside the viewport whatever the page does to fonts and sizes', async () => {
    const style = document.createElement('style')
    style.textContent = `html { font-size: 5px !important }
      ${HOST_TAG} { display: none !important; font-size: 2px !important; position: static !important;
        z-index: -1 !important; transform: scale(0.1) !important }`
    document.head.append(style)
    try {
      const { app, at } = await hoverable(
        '<p style="font: 20px/30px serif; position: absolute; top: 600px; left: 20px">see #SoftCoup here</p>',
      )
      await openByHover(app, at)
      const card = shadow().querySelector('.hc-card') as HTMLElement
      await vi.waitFor(() => expect(card.getBoundingClientRect().height).toBeGreaterThan(50))
      expect(getComputedStyle(card).fontSize).toBe('14px')
      await vi.waitFor(() => {
        const box = card.getBoundingClientRect()
        expect(box.top).toBeGreaterThanOrEqual(0)
        expect(box.bottom).toBeLessThanOrEqual(innerHeight)
        expect(box.left).toBeGreaterThanOrEqual(0)
        expect(box.right).toBeLessThanOrEqual(innerWidth)
      })
    } finally {
      style.remove()
    }
  })

  it('leaves the page DOM byte-identical after scanning, hovering and closing', async () => {
    const markup = '<p style="font: 20px/30px serif; margin: 60px">see #SoftCoup here</p>'
    page(markup)
    const before = pageMarkup(HOST_TAG)
    const { app } = startTestApp({ hoverDelayMs: 40 })
    await app.settled()
    await vi.waitFor(() => expect(app.marks.drawn()).toHaveLength(1))
    const at = centreOf(app.marks.ordered()[0]!.range)
    await openByHover(app, at)
    expect(host()).not.toBeNull()
    expect(pageMarkup(HOST_TAG)).toBe(before)
    app.card.close()
    expect(pageMarkup(HOST_TAG)).toBe(before)
    expect(dialog()).toBeNull()
    app.destroy()
    expect(host()).toBeNull()
    expect(pageMarkup(HOST_TAG)).toBe(before)
  })

  it('removes everything on destroy', async () => {
    const { app, at } = await hoverable()
    await openByHover(app, at)
    app.destroy()
    expect(host()).toBeNull()
    // Listeners and observers are gone: new tags and pointer moves do nothing.
    page('<p>#WeSupportCorbyn</p>')
    pointerAt(at.x, at.y)
    await new Promise((r) => setTimeout(r, 100))
    expect(app.marks.size).toBe(0)
    expect(app.card.current).toBeNull()
  })

  it('passes Esc on to the other frames only when no card is open here, and only from the reader', async () => {
    const escapes: number[] = []
    const { app, at } = await hoverable(
      undefined,
      {},
      {
        onEscapeWithoutCard: () => escapes.push(performance.now()),
      },
    )
    await openByHover(app, at)
    await userEvent.keyboard('{Escape}')
    // This frame's card took it.
    expect(app.card.current).toBeNull()
    expect(escapes).toHaveLength(0)
    await userEvent.keyboard('{Escape}')
    expect(escapes).toHaveLength(1)
    // A page's synthetic Esc sends nothing.
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    expect(escapes).toHaveLength(1)
  })

  it('closes its card when Esc was pressed in another frame', async () => {
    const { app, at } = await hoverable()
    expect(app.dismiss()).toBe(false)
    await openByHover(app, at)
    expect(app.dismiss()).toBe(true)
    expect(app.card.current).toBeNull()
  })
})
