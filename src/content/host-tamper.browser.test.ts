/** What a page does to the extension's host cannot keep the next card from opening. */
import { describe, expect, it, vi } from 'vitest'
import { HOST_TAG } from './skip.ts'
import { centreOf, page, pointerAt, startTestApp } from './test-support/app.ts'
import { paintedTags } from './test-support/marks-view.ts'

describe('host tampered with by the page', () => {
  it('opens the next card after the page put attributes on the host and took its popover', async () => {
    page(
      '<p style="font: 20px/30px serif; margin: 40px">#SoftCoup</p><p style="font: 20px/30px serif; margin: 40px 40px 40px 600px">#WeSupportCorbyn</p>',
    )
    const { app } = startTestApp({ hoverDelayMs: 30 })
    await app.settled()
    await vi.waitFor(() => expect(paintedTags()).toHaveLength(2))
    const [first, second] = app.marks.ordered()
    const a = centreOf(first!.range)
    pointerAt(a.x, a.y)
    await vi.waitFor(() => expect(app.card.current?.entryId).toBe('soft-coup'))
    const host = document.querySelector(HOST_TAG) as HTMLElement
    host.setAttribute('style', 'display: none !important; opacity: 0 !important')
    host.setAttribute('hidden', '')
    host.inert = true
    host.removeAttribute('popover')
    const b = centreOf(second!.range)
    await vi.waitFor(
      () => {
        pointerAt(b.x, b.y)
        expect(app.card.current?.entryId).toBe('we-support-corbyn')
      },
      { timeout: 5_000 },
    )
  })
})
