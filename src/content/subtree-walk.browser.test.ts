import { describe, expect, it } from 'vitest'
import { SubtreeWalk } from './subtree-walk.ts'
import { page } from './test-support/app.ts'

/** A walk over `queued` (taken in order; requeued nodes go last), recording what it hands over. */
function walkOf(...queued: Node[]) {
  const handed: { text: Text; direct: boolean }[] = []
  const requeued: Node[] = []
  const subtrees: Node[] = []
  const lifetime = new AbortController()
  const walk = new SubtreeWalk({
    scanText: (text, direct) => handed.push({ text, direct }),
    next: () => queued.shift() ?? null,
    requeue: (node) => {
      requeued.push(node)
      queued.push(node)
    },
    onSubtree: (node) => subtrees.push(node),
    signal: lifetime.signal,
  })
  /** The data of the texts handed over that hold a hash sign, in order. */
  const tagged = (): string[] => handed.map((h) => h.text.data).filter((d) => d.includes('#'))
  /** Runs with no time per run until the walk is done; how many runs it took. */
  const runInSlices = (between: (runs: number) => void = () => undefined): number => {
    let runs = 0
    while (walk.run(0)) between(++runs)
    return runs + 1
  }
  return { walk, handed, requeued, subtrees, lifetime, tagged, runInSlices }
}

/** `count` posts of a few elements; post i holds `#Tag{i}` if tagged(i). */
function posts(count: number, tagged: (i: number) => boolean): string {
  return Array.from(
    { length: count },
    (_, i) =>
      `<article><b>User ${i}</b><p>post ${i} about the vote${tagged(i) ? ` <a>#Tag${i}</a>` : ''}</p></article>`,
  ).join('')
}

describe('SubtreeWalk', () => {
  it('hands over every text with a hash sign, in document order, through large and small subtrees', () => {
    const root = page(`<main>${posts(500, (i) => i % 37 === 5)}</main><p>last #Tag</p>`)
    const { walk, tagged, subtrees } = walkOf(root)
    expect(walk.run(Infinity)).toBe(false)
    const expected: string[] = []
    const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let t = texts.nextNode(); t; t = texts.nextNode()) {
      if ((t as Text).data.includes('#')) expected.push((t as Text).data)
    }
    expect(expected).toHaveLength(15)
    expect(tagged()).toEqual(expected)
    expect(subtrees).toEqual([root])
  })

  it('hands over a queued text itself as direct, and texts found below a subtree as not', () => {
    const root = page('<p>walked #Tag</p>')
    const queuedText = document.createTextNode('no tag any more')
    root.append(queuedText)
    const { walk, handed, subtrees } = walkOf(queuedText, root.firstElementChild as Element)
    walk.run(Infinity)
    expect(handed.map((h) => [h.text.data, h.direct])).toEqual([
      ['no tag any more', true],
      ['walked #Tag', false],
    ])
    expect(subtrees).toEqual([root.firstElementChild])
  })

  it('does not enter a subtree without a hash sign, nor a large <script> beside the tags', () => {
    const json = JSON.stringify({ tag: '#InScript', filler: 'x'.repeat(5_000) })
    const root = page(`<section><p>nothing here</p><div>${posts(100, () => false)}</div></section>`)
    const section = root.firstElementChild as Element
    section.append(Object.assign(document.createElement('script'), { type: 'x', text: json }))
    section.append(Object.assign(document.createElement('p'), { textContent: 'then #Tag' }))
    const { walk, handed, tagged } = walkOf(root)
    walk.run(Infinity)
    expect(tagged()).toEqual(['then #Tag'])
    expect(handed.some((h) => h.text.data === 'nothing here')).toBe(false)
  })

  it('stops at its deadline and picks up where it was, reaching the same texts', () => {
    const markup = `<main>${posts(300, (i) => i % 10 === 0)}</main>`
    const whole = walkOf(page(markup))
    whole.walk.run(Infinity)
    const sliced = walkOf(page(markup))
    expect(sliced.runInSlices()).toBeGreaterThan(10)
    expect(sliced.tagged()).toEqual(whole.tagged())
    expect(sliced.walk.busy).toBe(false)
  })

  it('walks a subtree again when the page removes the node it had reached', () => {
    const root = page(`<div>${'<p><span>#Weather here</span></p>'.repeat(40)}</div>`)
    const last = Object.assign(document.createElement('p'), { textContent: 'last #Tag' })
    root.firstElementChild?.append(last)
    const { tagged, requeued, handed, runInSlices } = walkOf(root.firstElementChild as Element)
    runInSlices((runs) => {
      if (runs === 3) handed.at(-1)?.text.parentElement?.parentElement?.remove()
    })
    expect(requeued).toEqual([root.firstElementChild])
    expect(tagged().at(-1)).toBe('last #Tag')
  })

  it('drops the walk in progress when its signal aborts', () => {
    const { walk, lifetime, handed } = walkOf(page(`<main>${posts(300, () => true)}</main>`))
    expect(walk.run(0)).toBe(true)
    const count = handed.length
    lifetime.abort()
    expect(walk.busy).toBe(false)
    expect(walk.run(Infinity)).toBe(false)
    expect(handed).toHaveLength(count)
  })
})
