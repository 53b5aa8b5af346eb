/**
 * A change of the page that brings a new mark costs the same on a page of many marks as on a page
 * of few (bench/README.md, measure 2): the new mark's element is observed alone, not every marked
 * element again, and it is still drawn once it is near (marks.ts).
 */
import { describe, expect, it, vi } from 'vitest'
import { highlightName } from './marks.ts'
import { page, startTestApp } from './test-support/app.ts'

const registered = (): Highlight | undefined => CSS.highlights.get(highlightName('underline'))

/** Paragraphs with a flagged tag each, far apart, under one root. */
function manyMarks(count: number): HTMLElement {
  const parts: string[] = []
  for (let i = 0; i < count; i++)
    parts.push(`<p>post ${i} #SoftCoup</p><div style="height: 900px"></div>`)
  return page(parts.join(''))
}

describe('marks: a new mark among many', () => {
  it('observes only the new mark’s element, and draws it', async () => {
    const root = manyMarks(40)
    const { app } = startTestApp()
    await app.settled()
    expect(app.marks.size).toBe(40)
    // The once-a-second look observes every marked element by design; stopped here, so what is
    // counted is the change's own work. Then past the observer's watching time after the scan.
    clearInterval(
      (app.marks as unknown as { sampleTimer: ReturnType<typeof setInterval> }).sampleTimer,
    )
    await new Promise((resolve) => setTimeout(resolve, 800))
    const observe = vi.spyOn(IntersectionObserver.prototype, 'observe')
    try {
      const post = document.createElement('p')
      post.textContent = 'new #WeSupportCorbyn'
      root.prepend(post)
      await vi.waitFor(() => expect(app.marks.size).toBe(41))
      const occ = app.marks.of(post.firstChild as Text)[0]
      await vi.waitFor(() => expect(registered()?.has(occ!.range)).toBe(true))
      expect(observe.mock.calls.map(([el]) => el)).toEqual([post])
    } finally {
      observe.mockRestore()
    }
  })

  it('leaves a new far mark unregistered, and registers it once it is scrolled near', async () => {
    const root = manyMarks(10)
    const { app } = startTestApp()
    await app.settled()
    await new Promise((resolve) => setTimeout(resolve, 800))
    const post = document.createElement('p')
    post.textContent = 'far #WeSupportCorbyn'
    root.append(post)
    await vi.waitFor(() => expect(app.marks.size).toBe(11))
    const occ = app.marks.of(post.firstChild as Text)[0]
    // Long enough for the observer's first report on it.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(registered()?.has(occ!.range)).toBe(false)
    post.scrollIntoView()
    try {
      await vi.waitFor(() => expect(registered()?.has(occ!.range)).toBe(true))
    } finally {
      window.scrollTo(0, 0)
    }
  })
})
