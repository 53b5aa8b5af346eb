/**
 * A change of the page that brings a new mark costs the same on a page of many marks as on a page
 * of few (bench/README.md, measure 2): the new mark's element is observed alone, not every marked
 * element again, and it is still drawn once it is near (marks.ts).
 */
import { describe, expect, it, vi } from 'vitest'
import { page, startTestApp } from './test-support/app.ts'
import { paintedTags } from './test-support/marks-view.ts'

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
      (app.marks as unknown as { nearWatch: { sampleTimer: ReturnType<typeof setInterval> } })
        .nearWatch.sampleTimer,
    )
    await new Promise((resolve) => setTimeout(resolve, 800))
    const observe = vi.spyOn(IntersectionObserver.prototype, 'observe')
    try {
      const post = document.createElement('p')
      post.textContent = 'new #WeSupportCorbyn'
      root.prepend(post)
      await vi.waitFor(() => expect(app.marks.size).toBe(41))
      await vi.waitFor(() => expect(paintedTags()).toContain('#WeSupportCorbyn'))
      expect(observe.mock.calls.map(([el]) => el)).toEqual([post])
    } finally {
      observe.mockRestore()
    }
  })

  it('does not draw a new far mark, and draws it once it is scrolled near', async () => {
    const root = manyMarks(10)
    const { app } = startTestApp()
    await app.settled()
    await new Promise((resolve) => setTimeout(resolve, 800))
    const post = document.createElement('p')
    post.textContent = 'far #WeSupportCorbyn'
    root.append(post)
    await vi.waitFor(() => expect(app.marks.size).toBe(11))
    // Long enough for the observer's first report on it.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(paintedTags()).not.toContain('#WeSupportCorbyn')
    post.scrollIntoView()
    try {
      await vi.waitFor(() => expect(paintedTags()).toContain('#WeSupportCorbyn'))
    } finally {
      window.scrollTo(0, 0)
    }
  })
})
