import { describe, expect, it } from 'vitest'
import { RootObservers } from './root-observers.ts'
import { page } from './test-support/app.ts'

/** Observers recording which roots' records they delivered; `hosts` shadow hosts in a container. */
function setup(hosts: number) {
  const container = page('')
  const shadows = Array.from({ length: hosts }, () => {
    const host = document.createElement('div')
    container.append(host)
    return host.attachShadow({ mode: 'open' })
  })
  const delivered: Node[] = []
  const lifetime = new AbortController()
  const observers = new RootObservers({
    onMutations: (records) => delivered.push(...records.map((r) => r.target.getRootNode())),
    signal: lifetime.signal,
  })
  /** Changes each shadow root and returns those whose records came. */
  const changed = async (roots: ShadowRoot[]): Promise<Node[]> => {
    delivered.length = 0
    for (const root of roots) root.append('x')
    await Promise.resolve()
    return [...new Set(delivered)]
  }
  return { container, shadows, observers, lifetime, changed }
}

describe('RootObservers', () => {
  it('delivers the records of each root added, once however often it is added', async () => {
    const { shadows, observers, changed } = setup(2)
    expect(observers.add(document)).toBe(true)
    expect(observers.add(shadows[0]!)).toBe(true)
    expect(observers.add(shadows[0]!)).toBe(false)
    expect(await changed(shadows)).toEqual([shadows[0]])
    expect(observers.connected()).toEqual([document, shadows[0]])
  })

  it('stops observing the shadow roots of removed hosts, and observes a host that comes back', async () => {
    const { container, shadows, observers, changed } = setup(40)
    for (const root of shadows) observers.add(root)
    const [kept, gone] = [shadows.slice(0, 5), shadows.slice(5)]
    for (const root of gone) root.host.remove()
    expect(observers.connected()).toEqual(kept)
    observers.prune()
    expect(await changed(shadows)).toEqual(kept)
    container.append(gone[0]!.host)
    expect(observers.add(gone[0]!)).toBe(true)
    expect(await changed(gone)).toEqual([gone[0]])
  })

  it('disconnects every observer when its signal aborts', async () => {
    const { shadows, observers, lifetime, changed } = setup(3)
    for (const root of shadows) observers.add(root)
    lifetime.abort()
    expect(await changed(shadows)).toEqual([])
    expect(observers.add(shadows[0]!)).toBe(false)
    expect(observers.connected()).toEqual([])
  })
})
