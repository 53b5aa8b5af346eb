/**
 * sortComposed (used to list marks in document order for the badge, the popup and the keyboard
 * command) must agree with compareComposed, the one-pair definition of composed order. Its speed
 * on large pages is checked where it matters, on the built extension (tests/hostile/dom-storms).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { compareComposed, sortComposed } from './doc-order.ts'

/** A small seeded PRNG (mulberry32), so a failing tree can be rebuilt from its seed. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A random tree of elements, texts and open shadow roots (nested) under `root`; its texts. */
function randomTree(root: HTMLElement, seed: number): Text[] {
  const next = random(seed)
  const texts: Text[] = []
  const grow = (parent: Node, depth: number): void => {
    const children = 1 + Math.floor(next() * 4)
    for (let i = 0; i < children; i++) {
      if (depth > 3 || next() < 0.35) {
        const text = document.createTextNode(`t${texts.length}`)
        texts.push(text)
        parent.appendChild(text)
        continue
      }
      const el = document.createElement(next() < 0.5 ? 'div' : 'span')
      parent.appendChild(el)
      if (next() < 0.25) grow(el.attachShadow({ mode: 'open' }), depth + 1)
      grow(el, depth + 1)
    }
  }
  grow(root, 0)
  return texts
}

/** A copy of `list` in random order (Fisher-Yates). */
function shuffle<T>(list: T[], next: () => number): T[] {
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

const roots: HTMLElement[] = []
afterEach(() => {
  for (const root of roots.splice(0)) root.remove()
})

describe('sortComposed', () => {
  it('orders nodes exactly as compareComposed does, across nested shadow roots (200 trees)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const root = document.createElement('div')
      roots.push(root)
      document.body.append(root)
      const texts = randomTree(root, seed)
      const shuffled = shuffle(texts, random(seed + 1000))
      const expected = [...texts].sort(compareComposed)
      expect(sortComposed(shuffled), `seed ${seed}`).toEqual(expected)
      root.remove()
    }
  })

  it('puts shadow content before the host’s light children, and a host before its content', () => {
    const root = document.createElement('div')
    roots.push(root)
    document.body.append(root)
    const host = document.createElement('div')
    const light = document.createTextNode('light')
    host.append(light)
    const shadow = host.attachShadow({ mode: 'open' })
    const inner = document.createTextNode('inner')
    shadow.append(inner)
    const before = document.createTextNode('before')
    root.append(before, host)
    expect(sortComposed([light, host, inner, before])).toEqual([before, host, inner, light])
  })
})
