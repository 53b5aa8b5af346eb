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

  it('stays exact when the page moves, adds and removes nodes between sorts (200 trees)', () => {
    // The second sort may reuse the first one's walk (see positions()): it must notice the moves.
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed + 2000)
      const root = document.createElement('div')
      roots.push(root)
      document.body.append(root)
      const texts = randomTree(root, seed)
      sortComposed(shuffle(texts, next))
      for (let k = 0; k < 3; k++) {
        const text = texts[Math.floor(next() * texts.length)] as Text
        const other = texts[Math.floor(next() * texts.length)] as Text
        // Moved next to another text (maybe into another shadow tree), or a sibling added before it.
        if (text !== other && !text.contains(other)) other.before(text)
        else text.before(document.createTextNode('new'))
      }
      const moved = texts.filter((t) => t.isConnected)
      const expected = [...moved].sort(compareComposed)
      expect(sortComposed(shuffle(moved, next)), `seed ${seed}`).toEqual(expected)
      expect(sortComposed(moved), `seed ${seed}, given in order`).toEqual(expected)
      root.remove()
    }
  })

  it('orders a few out of place among many siblings exactly (200 lists)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed + 3000)
      const root = document.createElement('div')
      roots.push(root)
      document.body.append(root)
      const texts: Text[] = []
      for (let i = 0; i < 300; i++) {
        const item = document.createElement('p')
        const text = document.createTextNode(`${i}`)
        item.append(text)
        root.append(item)
        if (next() < 0.15) texts.push(text)
      }
      // Up to 12 moved elsewhere in the list: some spines with outliers, some too many.
      const given = [...texts]
      for (let k = Math.floor(next() * 13); k > 0; k--) {
        const [moved] = given.splice(Math.floor(next() * given.length), 1)
        given.splice(Math.floor(next() * (given.length + 1)), 0, moved as Text)
      }
      expect(sortComposed(given), `seed ${seed}`).toEqual(texts)
      root.remove()
    }
  })

  it('does not walk a long list of siblings again while their order holds', () => {
    // A feed of 5,000 posts, 50 of them marked: each walk over the posts costs 5,000 wrappers in
    // a content script, for every list of the marks (bench/README.md, measure 3).
    const makeFeed = (): [HTMLElement, Text[]] => {
      const feed = document.createElement('div')
      roots.push(feed)
      document.body.append(feed)
      const texts: Text[] = []
      for (let i = 0; i < 5000; i++) {
        const post = document.createElement('article')
        const text = document.createTextNode(`post ${i}`)
        post.append(text)
        feed.append(post)
        if (i % 100 === 50) texts.push(text)
      }
      return [feed, texts]
    }
    const [, found] = makeFeed()
    const [feed, texts] = makeFeed()
    const next = Object.getOwnPropertyDescriptor(Node.prototype, 'nextSibling')
    if (!next?.get) throw new Error('no nextSibling getter')
    let reads = 0
    Object.defineProperty(Node.prototype, 'nextSibling', {
      ...next,
      get(this: Node) {
        reads++
        return next.get?.call(this) as ChildNode | null
      },
    })
    try {
      // As marks are found: in order but for those whose lookups came back later.
      const late = [found[0], found[2], found[3], found[1], ...found.slice(4)] as Text[]
      expect(sortComposed(late)).toEqual(found)
      expect(reads).toBeLessThan(1000)
      // Far out of order: the posts are walked once; their positions are kept for the next time.
      const reversed = [...texts].reverse()
      reads = 0
      expect(sortComposed(reversed)).toEqual(texts)
      expect(reads).toBeGreaterThan(4000)
      reads = 0
      expect(sortComposed(reversed)).toEqual(texts)
      expect(sortComposed(texts.slice(10).reverse())).toEqual(texts.slice(10))
      // The page put a new post in front: the order still holds.
      feed.prepend(document.createElement('article'))
      expect(sortComposed(reversed)).toEqual(texts)
      expect(reads).toBeLessThan(100)
      // A post moved: the kept order no longer holds, and the result follows the page.
      feed.append(texts[0]?.parentNode as Node)
      expect(sortComposed(reversed)).toEqual([...texts.slice(1), texts[0]])
    } finally {
      Object.defineProperty(Node.prototype, 'nextSibling', next)
    }
  })

  it('places new marks among many siblings from the kept positions, without walking them all', () => {
    // A feed of 5,000 posts, 50 of them marked; then one post after another is edited to hold a
    // tag, and the page adds posts here and there. Marks lists its texts as they were marked (the
    // new one last): each list must come out exact without a walk over the 5,000 posts.
    const next = random(4000)
    const feed = document.createElement('div')
    roots.push(feed)
    document.body.append(feed)
    const all: Text[] = []
    for (let i = 0; i < 5000; i++) {
      const post = document.createElement('article')
      const text = document.createTextNode(`post ${i}`)
      post.append(text)
      feed.append(post)
      all.push(text)
    }
    const marked = all.filter((_, i) => i % 100 === 50)
    expect(sortComposed(marked)).toEqual(marked)
    const read = Object.getOwnPropertyDescriptor(Node.prototype, 'nextSibling')
    if (!read?.get) throw new Error('no nextSibling getter')
    let reads = 0
    Object.defineProperty(Node.prototype, 'nextSibling', {
      ...read,
      get(this: Node) {
        reads++
        return read.get?.call(this) as ChildNode | null
      },
    })
    try {
      for (let round = 0; round < 20; round++) {
        const text = all[Math.floor(next() * all.length)] as Text
        if (marked.includes(text)) continue
        marked.push(text)
        if (round % 3 === 0) {
          const post = document.createElement('article')
          post.append(document.createTextNode('new'))
          feed.insertBefore(post, feed.children[Math.floor(next() * feed.children.length)] ?? null)
        }
        reads = 0
        expect(sortComposed(marked), `round ${round}`).toEqual([...marked].sort(compareComposed))
        expect(reads, `round ${round}`).toBeLessThan(1000)
      }
    } finally {
      Object.defineProperty(Node.prototype, 'nextSibling', read)
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
