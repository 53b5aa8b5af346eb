import { describe, expect, it, vi } from 'vitest'
import type { ContentApp } from './content-app.ts'
import { centreOf, page, pointerAt, startTestApp } from './test-support/app.ts'
import { textContaining } from './test-support/fixtures.ts'

const STYLE = 'font: 20px/30px monospace; width: 600px; margin: 40px;'

async function ready(markup: string): Promise<{ app: ContentApp; root: HTMLElement }> {
  const root = page(markup)
  const { app } = startTestApp({ hoverDelayMs: 20 })
  await app.settled()
  await vi.waitFor(() => expect(app.marks.drawn().length).toBe(app.marks.ordered().length))
  return { app, root }
}

function rangeOf(text: Text, start: number, end: number): Range {
  const r = document.createRange()
  r.setStart(text, start)
  r.setEnd(text, end)
  return r
}

describe('hit test', () => {
  it('hits a mark under the pointer, including its first and last character', async () => {
    const { app, root } = await ready(`<p style="${STYLE}">hello #SoftCoup world</p>`)
    const text = textContaining(root, '#SoftCoup')
    const occ = app.marks.ordered()[0]
    const { x, y } = centreOf(occ!.range)
    expect(app.hits.hitAt(x, y)).toBe(occ)
    const hash = centreOf(rangeOf(text, 6, 7))
    const p = centreOf(rangeOf(text, 14, 15))
    expect(app.hits.hitAt(hash.x, hash.y)).toBe(occ)
    expect(app.hits.hitAt(p.x, p.y)).toBe(occ)
  })

  it('does not hit the space before a mark or the space after it', async () => {
    const { app, root } = await ready(`<p style="${STYLE}">hello #SoftCoup world</p>`)
    const text = textContaining(root, '#SoftCoup')
    const before = centreOf(rangeOf(text, 5, 6))
    const after = centreOf(rangeOf(text, 15, 16))
    expect(app.hits.hitAt(before.x, before.y)).toBeNull()
    expect(app.hits.hitAt(after.x, after.y)).toBeNull()
  })

  it('does not hit the empty end of the line a mark ends', async () => {
    const { app } = await ready(`<p style="${STYLE}">a line ending in #SoftCoup</p>`)
    const rect = app.marks.ordered()[0]!.range.getBoundingClientRect()
    expect(app.hits.hitAt(rect.right + 40, rect.top + rect.height / 2)).toBeNull()
    expect(app.hits.hitAt(rect.right - 2, rect.top + rect.height / 2)).not.toBeNull()
  })

  it('hits marks in open shadow roots', async () => {
    const host = page(`<div style="${STYLE}"></div>`).firstElementChild as HTMLElement
    host.attachShadow({ mode: 'open' }).append('shadow #WeSupportCorbyn text')
    const { app } = startTestApp()
    await app.settled()
    await vi.waitFor(() => expect(app.marks.drawn()).toHaveLength(1))
    const occ = app.marks.near()[0]!
    const { x, y } = centreOf(occ.range)
    expect(app.hits.hitAt(x, y)).toBe(occ)
  })

  it('follows the page when it scrolls', async () => {
    const { app } = await ready(
      `<p style="${STYLE}">#SoftCoup</p><div style="height: 3000px"></div>`,
    )
    const occ = app.marks.ordered()[0]!
    const before = centreOf(occ.range)
    expect(app.hits.hitAt(before.x, before.y)).toBe(occ)
    window.scrollBy(0, 15)
    const after = centreOf(occ.range)
    expect(after.y).toBeLessThan(before.y)
    await vi.waitFor(() => expect(app.hits.hitAt(after.x, after.y)).toBe(occ))
    window.scrollTo(0, 0)
  })

  it('opens nothing when something the page painted covers the mark', async () => {
    const { app } = await ready(`<p style="${STYLE}">#SoftCoup</p>`)
    const { x, y } = centreOf(app.marks.ordered()[0]!.range)
    const cover = page('<div></div>').firstElementChild as HTMLElement
    cover.style.cssText = 'position: fixed; inset: 0; background: rgb(0 0 0 / 0.5)'
    pointerAt(x, y)
    await new Promise((r) => setTimeout(r, 100))
    expect(app.card.current).toBeNull()
    cover.remove()
    // The mark is drawn again once the cover is gone, and the next move finds it.
    await vi.waitFor(() => expect(app.marks.drawn()).toHaveLength(1))
    pointerAt(x + 1, y)
    await vi.waitFor(() => expect(app.card.current?.entryId).toBe('soft-coup'))
  })
})
