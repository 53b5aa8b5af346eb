import { describe, expect, it } from 'vitest'
import { MutationQueue } from './mutation-queue.ts'
import { HOST_TAG } from './skip.ts'
import { page } from './test-support/app.ts'

/** A queue fed by an observer of a fresh container; `flush()` hands it the records so far. */
function setup() {
  const root = page('')
  const dataChanged: Text[] = []
  const lifetime = new AbortController()
  const queue = new MutationQueue({ onData: (t) => dataChanged.push(t), signal: lifetime.signal })
  const observer = new MutationObserver(() => undefined)
  observer.observe(root, { childList: true, characterData: true, subtree: true })
  const flush = (): void => queue.add(observer.takeRecords())
  const subtrees = (): Node[] => {
    const out: Node[] = []
    for (let n = queue.takeSubtree(); n; n = queue.takeSubtree()) out.push(n)
    return out
  }
  return { root, queue, lifetime, flush, subtrees, dataChanged }
}

describe('MutationQueue', () => {
  it('queues added elements and texts, outermost only, and not comments or the extension host', () => {
    const { root, queue, flush, subtrees } = setup()
    const post = document.createElement('article')
    root.append(post)
    post.append(Object.assign(document.createElement('p'), { textContent: 'inside' }))
    const text = document.createTextNode('a text')
    root.append(text, document.createComment('#no'), document.createElement(HOST_TAG))
    flush()
    expect(queue.hasWork).toBe(true)
    expect(subtrees()).toEqual([post, text])
    expect(queue.hasWork).toBe(false)
  })

  it('rescans the parent of a burst of siblings instead of each of them', () => {
    const { root, flush, subtrees } = setup()
    const lists = [document.createElement('ul'), document.createElement('ul')]
    root.append(...lists)
    flush()
    subtrees()
    for (let i = 0; i < 300; i++) lists[0]!.append(document.createElement('li'))
    const single = document.createElement('li')
    lists[1]!.append(single)
    flush()
    expect(subtrees()).toEqual([lists[0], single])
  })

  it('keeps a text whose data changed apart, even inside a queued subtree, and reports it', () => {
    const { root, queue, flush, subtrees, dataChanged } = setup()
    const p = Object.assign(document.createElement('p'), { textContent: 'before' })
    root.append(p)
    const text = p.firstChild as Text
    text.data = 'after'
    flush()
    expect(dataChanged).toEqual([text])
    expect(queue.hasTexts).toBe(true)
    expect(queue.takeText()).toBe(text)
    expect(queue.takeText()).toBeUndefined()
    expect(subtrees()).toEqual([p])
  })

  it('reports removals once', () => {
    const { root, queue, flush } = setup()
    root.append(document.createElement('p'))
    flush()
    expect(queue.takeRemovals()).toBe(false)
    root.firstChild?.remove()
    flush()
    expect(queue.takeRemovals()).toBe(true)
    expect(queue.takeRemovals()).toBe(false)
  })

  it('drops what is queued, and queues nothing more, once its signal aborts', () => {
    const { root, queue, lifetime, flush, subtrees } = setup()
    root.append(document.createElement('p'))
    flush()
    queue.text(document.createTextNode('x'))
    lifetime.abort()
    expect(queue.hasWork).toBe(false)
    root.append(document.createElement('p'))
    flush()
    queue.subtree(root)
    expect(subtrees()).toEqual([])
    expect(queue.takeText()).toBeUndefined()
  })
})
