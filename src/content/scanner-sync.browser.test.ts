/**
 * A few records are scanned in the observer's callback itself, so the marks of a change are drawn
 * with it; what does not fit the callback's time waits for a drain that a long page's rendering
 * holds back by half a second (scanner.ts, SYNC_SLICE_MS). The clock here is the scan's own work:
 * each element's text read costs 0.1 ms, so the test does not depend on the machine's speed.
 */
import { describe, expect, it, vi } from 'vitest'
import { page, startTestApp } from './test-support/app.ts'

/** `count` posts in a fragment; the one at `flaggedAt` holds a flagged tag, no other a `#`. */
function posts(count: number, flaggedAt: number): DocumentFragment {
  const fragment = document.createDocumentFragment()
  for (let i = 0; i < count; i++) {
    const post = document.createElement('article')
    const text = document.createElement('p')
    text.textContent = i === flaggedAt ? `post ${i} on the #SoftCoup` : `post ${i}, nothing here`
    post.append(text)
    fragment.append(post)
  }
  return fragment
}

describe('scanner: a change scanned in the observer’s callback', () => {
  it('marks a new post whose scan takes 1.5 ms before the callback returns', async () => {
    const feed = page('<div><p>known: #SoftCoup</p></div>').firstElementChild as HTMLElement
    const { app } = startTestApp()
    await app.settled()
    expect(app.marks.size).toBe(1)
    const read = Object.getOwnPropertyDescriptor(Node.prototype, 'textContent')
    if (!read?.get) throw new Error('no textContent getter')
    let reads = 0
    const base = performance.now()
    const now = vi.spyOn(performance, 'now').mockImplementation(() => base + reads * 0.1)
    Object.defineProperty(Node.prototype, 'textContent', {
      ...read,
      get(this: Node) {
        reads++
        return read.get?.call(this) as string | null
      },
    })
    try {
      // One record of 20 posts, as a feed appends a page of them; the flagged one is the 15th.
      feed.append(posts(20, 14))
      // The observer's callback runs first (its microtask was queued by the append).
      await Promise.resolve()
      expect(app.marks.size).toBe(2)
    } finally {
      Object.defineProperty(Node.prototype, 'textContent', read)
      now.mockRestore()
    }
  })
})
