import { describe, expect, it } from 'vitest'
import { Scanner } from './scanner.ts'
import type { FoundTag } from './scanner.ts'
import { fakeResolve, mount } from './test-support/fixtures.ts'

describe('scanner: a walk interrupted by the page', () => {
  it('still reaches the end of a subtree when the node it had reached is removed between slices', async () => {
    const paragraphs = Array.from({ length: 200 }, (_, i) => `<p><span>#Weather ${i}</span></p>`)
    const root = mount(`<div>${paragraphs.join('')}<p>last #SoftCoup</p></div>`)
    const flagged = new Map<Text, FoundTag[]>()
    let lastSeen: Text | null = null
    let yields = 0
    const lifetime = new AbortController()
    const scanner = new Scanner({
      resolve: fakeResolve().resolve,
      onText: (text, found) => {
        lastSeen = text
        if (found.length > 0) flagged.set(text, found)
        else flagged.delete(text)
      },
      sweep: () => [],
      // No time per slice: one check interval of nodes each, so the walk spans many slices.
      sliceMs: 0,
      yieldToMain: () => {
        // Between two slices, the page removes the paragraph the walk was in.
        if (++yields === 3) (lastSeen?.parentElement?.parentElement as HTMLElement | null)?.remove()
        return new Promise((r) => setTimeout(r, 0))
      },
      signal: lifetime.signal,
    })
    try {
      scanner.start(document)
      await scanner.settled()
      expect(yields).toBeGreaterThan(3)
      expect([...flagged.values()].flat().map((f) => f.tag)).toEqual(['SoftCoup'])
    } finally {
      lifetime.abort()
      root.remove()
    }
  })
})
