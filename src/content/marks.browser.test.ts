/**
 * Where the marks are drawn, by geometry: each mark box against the client rects of the text it
 * marks, after the page moves that text in the ways pages do (mark-layer.ts, motion.ts). A box
 * must sit on its text within 1 px, be cut to what the text's panes show, and be missing where
 * something the page painted covers the text.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { page as browserPage } from 'vitest/browser'
import { page, startTestApp } from './test-support/app.ts'
import { testSettings, textContaining } from './test-support/fixtures.ts'
import { hostRoot, markBoxes } from './test-support/marks-view.ts'
import type { MarkBox } from './test-support/marks-view.ts'

const FONT = 'font: 20px/30px monospace;'

afterEach(async () => {
  window.scrollTo(0, 0)
  await browserPage.viewport(1000, 700)
})

/** The client rect of `needle` in the text node that holds it under `root`. */
function rectOf(root: Node, needle: string): DOMRect {
  const text = textContaining(root, needle)
  const at = text.data.indexOf(needle)
  const range = document.createRange()
  range.setStart(text, at)
  range.setEnd(text, at + needle.length)
  return range.getBoundingClientRect()
}

const boxesOf = (tag: string): MarkBox[] => markBoxes().filter((b) => b.tag === tag)

/** The one box of `tag` sits on `rect` (cut to `clip`, when given) within 1 px. */
function expectOn(tag: string, rect: DOMRect, clip?: DOMRect): void {
  const boxes = boxesOf(tag)
  expect(boxes, `boxes of ${tag}`).toHaveLength(1)
  const b = boxes[0]!.rect
  const want = {
    left: Math.max(rect.left, clip?.left ?? -Infinity),
    top: Math.max(rect.top, clip?.top ?? -Infinity),
    right: Math.min(rect.right, clip?.right ?? Infinity),
    bottom: Math.min(rect.bottom, clip?.bottom ?? Infinity),
  }
  for (const side of ['left', 'top', 'right', 'bottom'] as const) {
    expect(
      Math.abs(b[side] - want[side]),
      `${tag} ${side}: ${b[side]} vs ${want[side]}`,
    ).toBeLessThanOrEqual(1)
  }
}

/** Waits until `tag`'s box sits on `needle` under `root` (read afresh each try). */
async function placed(tag: string, root: Node, needle = tag, clip?: () => DOMRect): Promise<void> {
  await vi.waitFor(() => expectOn(tag, rectOf(root, needle), clip?.()), { timeout: 3_000 })
}

async function started(markup: string, settings = {}) {
  const root = page(markup)
  const t = startTestApp(settings)
  await t.app.settled()
  return { ...t, root }
}

describe('marks: drawn on their text', () => {
  it('draws a box on each flagged tag in view, and none on other text', async () => {
    const { root } = await started(
      `<p style="${FONT}">see #SoftCoup and #Weather and #WeSupportCorbyn</p>`,
    )
    await placed('#SoftCoup', root)
    await placed('#WeSupportCorbyn', root)
    expect(markBoxes().map((b) => b.tag)).toEqual(['#SoftCoup', '#WeSupportCorbyn'])
  })

  it('stays on the text when the window scrolls, with no work of its own', async () => {
    const { root } = await started(
      `<div style="height: 300px"></div><p style="${FONT}">#SoftCoup</p><div style="height: 3000px"></div>`,
    )
    await placed('#SoftCoup', root)
    window.scrollBy(0, 120)
    // The layer scrolls with the page: right in the very next frame.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
    expectOn('#SoftCoup', rectOf(root, '#SoftCoup'))
  })

  it('follows a nested scroller and is cut to what the pane shows', async () => {
    const { root } = await started(
      `<div id="pane" style="height: 200px; width: 400px; overflow: auto; ${FONT}">
        <div style="height: 150px"></div><p style="margin: 0">#SoftCoup</p><div style="height: 2000px"></div>
      </div>`,
    )
    const pane = root.querySelector('#pane') as HTMLElement
    const paneBox = (): DOMRect => {
      const r = pane.getBoundingClientRect()
      return new DOMRect(r.left, r.top, pane.clientWidth, pane.clientHeight)
    }
    await placed('#SoftCoup', root, '#SoftCoup', paneBox)
    pane.scrollTop = 100
    await placed('#SoftCoup', root, '#SoftCoup', paneBox)
    // Half of it scrolled out of the pane's top: the box is cut at the pane's edge.
    pane.scrollTop = 165
    await placed('#SoftCoup', root, '#SoftCoup', paneBox)
    expect(boxesOf('#SoftCoup')[0]!.rect.top).toBeCloseTo(paneBox().top, 0)
    // All of it out: no box floating over whatever is above the pane.
    pane.scrollTop = 400
    await vi.waitFor(() => expect(boxesOf('#SoftCoup')).toEqual([]))
  })

  it('is cut by an overflow: hidden ancestor', async () => {
    const { root } = await started(
      `<div id="clip" style="width: 120px; overflow: hidden; white-space: nowrap; ${FONT}">abc #SoftCoup</div>`,
    )
    const clip = root.querySelector('#clip') as HTMLElement
    await placed('#SoftCoup', root, '#SoftCoup', () => clip.getBoundingClientRect())
    expect(boxesOf('#SoftCoup')[0]!.rect.right).toBeLessThanOrEqual(
      clip.getBoundingClientRect().right + 1,
    )
  })

  it('moves with content inserted above and with an edit of its text', async () => {
    const { root } = await started(`<div id="feed" style="${FONT}"><p>#SoftCoup here</p></div>`)
    await placed('#SoftCoup', root)
    const post = document.createElement('p')
    post.style.height = '90px'
    post.textContent = 'new post'
    root.querySelector('#feed')?.prepend(post)
    await placed('#SoftCoup', root)
    const text = textContaining(root, '#SoftCoup')
    text.data = `longer words before it ${text.data}`
    await placed('#SoftCoup', root)
  })

  it('follows a change of font size and of the window size', async () => {
    const { root } = await started(
      `<p id="p" style="${FONT} max-width: 90%">${'word '.repeat(60)}#SoftCoup</p>`,
    )
    await placed('#SoftCoup', root)
    ;(root.querySelector('#p') as HTMLElement).style.fontSize = '28px'
    await placed('#SoftCoup', root)
    await browserPage.viewport(640, 700)
    await placed('#SoftCoup', root)
  })

  it('follows a CSS transition that moves the text, and ends where the text ends', async () => {
    const { root } = await started(
      `<div id="slide" style="transition: transform 300ms linear, margin-top 300ms linear; ${FONT}"><p>#SoftCoup</p></div>`,
    )
    await placed('#SoftCoup', root)
    const slide = root.querySelector('#slide') as HTMLElement
    slide.style.transform = 'translateX(150px)'
    slide.style.marginTop = '60px'
    // Part way through, the box is already on the moving text.
    await new Promise((r) => setTimeout(r, 150))
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
    const mid = boxesOf('#SoftCoup')[0]!.rect
    expect(Math.abs(mid.left - rectOf(root, '#SoftCoup').left)).toBeLessThan(20)
    await new Promise((r) => slide.addEventListener('transitionend', r, { once: true }))
    await placed('#SoftCoup', root)
  })

  it('draws text in open shadow roots', async () => {
    const host = page(`<div style="${FONT}"></div>`).firstElementChild as HTMLElement
    const shadow = host.attachShadow({ mode: 'open' })
    shadow.append('shadow #WeSupportCorbyn text')
    const { app } = startTestApp()
    await app.settled()
    await placed('#WeSupportCorbyn', shadow)
    // Nothing of ours was added to the page's shadow root.
    expect(shadow.adoptedStyleSheets).toEqual([])
  })

  it('draws text in a position: fixed container where it is, however the page scrolls', async () => {
    const { root } = await started(
      `<div style="position: fixed; top: 50px; left: 10px; ${FONT}">#SoftCoup</div><div style="height: 4000px"></div>`,
    )
    await placed('#SoftCoup', root)
    window.scrollBy(0, 500)
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
    expectOn('#SoftCoup', rectOf(root, '#SoftCoup'))
  })
})

describe('marks: not drawn over what covers the text', () => {
  it('leaves out a mark under a modal or banner, and draws it again once it is gone', async () => {
    const { root } = await started(`<p style="${FONT} margin: 100px">#SoftCoup</p>`)
    await placed('#SoftCoup', root)
    const banner = page('<div>cookies</div>').firstElementChild as HTMLElement
    banner.style.cssText = 'position: fixed; inset: 0 0 auto 0; height: 300px; background: #eee'
    await vi.waitFor(() => expect(boxesOf('#SoftCoup')).toEqual([]))
    banner.remove()
    await placed('#SoftCoup', root)
  })

  it('leaves out a mark scrolled under a sticky header', async () => {
    const { root } = await started(
      `<header style="position: sticky; top: 0; height: 80px; background: #fff; z-index: 1">head</header>
       <div style="height: 200px"></div><p style="${FONT}">#SoftCoup</p><div style="height: 3000px"></div>`,
    )
    await placed('#SoftCoup', root)
    const top = rectOf(root, '#SoftCoup').top
    // The tag now sits under the header.
    window.scrollBy(0, top - 30)
    await vi.waitFor(() => expect(boxesOf('#SoftCoup')).toEqual([]))
    window.scrollTo(0, 0)
    await placed('#SoftCoup', root)
  })
})

describe('marks: style and upkeep', () => {
  it('draws the chosen style and switches at once', async () => {
    const { app, root } = await started(`<p style="${FONT}">#SoftCoup</p>`, {
      markStyle: 'highlight',
    })
    await placed('#SoftCoup', root)
    const mark = (): HTMLElement => hostRoot()!.querySelector('.hc-mark') as HTMLElement
    expect(getComputedStyle(mark()).backgroundColor).not.toBe('rgba(0, 0, 0, 0)')
    app.updateSettings(testSettings({ hoverDelayMs: 30, markStyle: 'underline' }))
    expect(boxesOf('#SoftCoup')[0]!.style).toBe('underline')
    expect(getComputedStyle(mark()).borderBottomStyle).toBe('dotted')
    app.updateSettings(testSettings({ hoverDelayMs: 30, markStyle: 'outline' }))
    expect(getComputedStyle(mark()).borderTopStyle).toBe('solid')
  })

  it('runs no frame loop while the page is idle (one look at each periodic check)', async () => {
    const { root } = await started(`<p style="${FONT}">#SoftCoup</p>`)
    await placed('#SoftCoup', root)
    await new Promise((r) => setTimeout(r, 300))
    const frames = vi.spyOn(window, 'requestAnimationFrame')
    try {
      await new Promise((r) => setTimeout(r, 2_500))
      // The app's check every 2 s places the marks once; a loop would ask ~150 times.
      expect(frames.mock.calls.length).toBeLessThanOrEqual(2)
    } finally {
      frames.mockRestore()
    }
  })

  it('puts its host back when the page removes it', async () => {
    const { root } = await started(`<p style="${FONT}">#SoftCoup</p>`)
    await placed('#SoftCoup', root)
    hostRoot()!.host.remove()
    expect(markBoxes()).toEqual([])
    // Within the periodic check.
    await vi.waitFor(() => expectOn('#SoftCoup', rectOf(root, '#SoftCoup')), { timeout: 4_000 })
  })
})
