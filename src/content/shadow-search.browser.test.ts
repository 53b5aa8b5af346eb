import { describe, expect, it, vi } from 'vitest'
import { ShadowSearch } from './shadow-search.ts'
import { page } from './test-support/app.ts'

/** A container of `count` plain elements, every `every`-th one a shadow host with a nested one. */
function hosts(count: number, every: number): { container: HTMLElement; roots: ShadowRoot[] } {
  const container = page('')
  const roots: ShadowRoot[] = []
  for (let i = 0; i < count; i++) {
    const el = container.appendChild(document.createElement('div'))
    if (i % every !== 0) continue
    const outer = el.attachShadow({ mode: 'open' })
    const inner = outer.appendChild(document.createElement('span')).attachShadow({ mode: 'open' })
    roots.push(outer, inner)
  }
  return { container, roots }
}

/** A search that, as the scanner does, searches each root it finds in turn. */
function setup(options: { paused?: () => boolean } = {}) {
  const found: ShadowRoot[] = []
  const ends: number[] = []
  const stats = { busyMs: 0, searchMs: 0 }
  const lifetime = new AbortController()
  const search: ShadowSearch = new ShadowSearch({
    onRoot: (root) => {
      found.push(root)
      search.add(root)
    },
    paused: options.paused ?? (() => false),
    onEnd: () => ends.push(found.length),
    stats,
    sliceMs: 0,
    signal: lifetime.signal,
  })
  return { search, found, ends, stats, lifetime }
}

describe('ShadowSearch', () => {
  it('finds every open shadow root, nested ones included, in slices', async () => {
    const { container, roots } = hosts(300, 50)
    const { search, found, ends, stats } = setup()
    search.add(container)
    search.start()
    expect(search.running).toBe(true)
    await vi.waitFor(() => expect(ends).toHaveLength(1))
    expect(search.running).toBe(false)
    expect(new Set(found)).toEqual(new Set(roots))
    expect(stats.searchMs).toBe(stats.busyMs)
  })

  it('gives way while text waits to be scanned, and goes on when started again', async () => {
    const { container, roots } = hosts(100, 10)
    let resumed = false
    // As a found root queues its text: paused from the first root on.
    const { search, found, ends } = setup({ paused: () => found.length > 0 && !resumed })
    search.add(container)
    search.start()
    await vi.waitFor(() => expect(ends).toEqual([1]))
    resumed = true
    search.start()
    await vi.waitFor(() => expect(ends).toHaveLength(2))
    expect(new Set(found)).toEqual(new Set(roots))
  })

  it('searches nothing more once its signal aborts', async () => {
    const { container } = hosts(100, 10)
    const { search, found, ends, lifetime } = setup()
    search.add(container)
    search.start()
    lifetime.abort()
    await new Promise((resolve) => setTimeout(resolve, 50))
    search.add(container)
    search.start()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(found).toEqual([])
    expect(ends).toEqual([])
  })
})
