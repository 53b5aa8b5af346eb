/**
 * The scanner on pages too large to walk node by node: subtrees are tested by their text first,
 * split into children, or walked (scanner.ts, module comment). Each test builds a page whose
 * text crosses those thresholds and checks what a reader would see: which tags are marked.
 */
import { describe, expect, it } from 'vitest'
import { Scanner, type FoundTag } from './scanner.ts'
import { markedTexts, page, startTestApp } from './test-support/app.ts'
import { fakeResolve } from './test-support/fixtures.ts'

/** A timeline post: a few elements, a sentence, and `tag` (with its hash sign) if given. */
function post(i: number, tag: string | null): HTMLElement {
  const el = document.createElement('article')
  const head = document.createElement('div')
  head.append(Object.assign(document.createElement('b'), { textContent: `User ${i}` }), ' · 3h')
  const body = document.createElement('p')
  body.append(`post number ${i} says something about the council vote `)
  if (tag) body.append(Object.assign(document.createElement('a'), { textContent: tag }), ' today.')
  el.append(head, body)
  return el
}

/** `count` posts; post i carries tagOf(i). */
function timeline(count: number, tagOf: (i: number) => string | null): HTMLElement {
  const feed = document.createElement('main')
  for (let i = 0; i < count; i++) feed.append(post(i, tagOf(i)))
  return feed
}

/**
 * Scans the whole document one visit per slice, calling `onYield` with the count before each
 * slice, and returns the texts it marked with their tags.
 */
async function scanVisitByVisit(onYield: (yields: number) => void): Promise<Map<Text, FoundTag[]>> {
  const found = new Map<Text, FoundTag[]>()
  let yields = 0
  const lifetime = new AbortController()
  const scanner = new Scanner({
    resolve: fakeResolve().resolve,
    onText: (text, tags) => {
      if (tags.length > 0) found.set(text, tags)
      else found.delete(text)
    },
    sweep: () => [],
    sliceMs: 0,
    yieldToMain: () => {
      onYield(++yields)
      // A microtask: the observer's record of a change made here is delivered before the scan
      // goes on.
      return Promise.resolve()
    },
    signal: lifetime.signal,
  })
  try {
    scanner.start(document)
    await scanner.settled()
    return found
  } finally {
    lifetime.abort()
  }
}

async function settled(...args: Parameters<typeof startTestApp>) {
  const t = startTestApp(...args)
  await t.app.settled()
  return t
}

describe('scanner: large pages', () => {
  it('marks every flagged tag of a long timeline where most posts hold no hash sign', async () => {
    const tags = ['#SoftCoup', '#WeSupportCorbyn', '#softcoup']
    const tagOf = (i: number): string | null =>
      i % 97 === 13 ? (tags[i % 3] as string) : i % 10 === 3 ? `#Weather${i}` : null
    page('').append(timeline(2_000, tagOf))
    const { app } = await settled()
    const expected = Array.from({ length: 2_000 }, (_, i) => tagOf(i)).filter(
      (t): t is string => t !== null && !t.startsWith('#Weather'),
    )
    expect(expected.length).toBeGreaterThan(10)
    expect(markedTexts(app)).toEqual(expected)
  })

  it('marks a tag under a deep chain of wrappers around a large text', async () => {
    let inner: HTMLElement = timeline(600, (i) => (i === 599 ? '#SoftCoup' : null))
    for (let depth = 0; depth < 30; depth++) {
      const wrapper = document.createElement('div')
      wrapper.append(inner)
      inner = wrapper
    }
    page('').append(inner)
    const { app } = await settled()
    expect(markedTexts(app)).toEqual(['#SoftCoup'])
  })

  it('marks tags among thousands of text nodes directly under one element', async () => {
    const div = document.createElement('div')
    for (let i = 0; i < 4_000; i++) {
      div.append(i === 1_234 || i === 3_999 ? `then #WeSupportCorbyn ${i} ` : `plain text ${i} `)
    }
    page('').append(div)
    const { app } = await settled()
    expect(markedTexts(app)).toEqual(['#WeSupportCorbyn', '#WeSupportCorbyn'])
  })

  it('marks tags in a large text split among a few children, the largest one included', async () => {
    const root = page('')
    const { app } = await settled()
    // Added in one piece after the first scan, so its text is read whole and then split.
    const section = document.createElement('section')
    const big = timeline(800, (i) => (i === 700 ? '#WeSupportCorbyn' : null))
    const before = Object.assign(document.createElement('header'), { textContent: '#SoftCoup ' })
    const after = Object.assign(document.createElement('footer'), { textContent: ' #softcoup' })
    section.append(before, big, after)
    root.append(section)
    await app.settled()
    expect(markedTexts(app)).toEqual(['#SoftCoup', '#WeSupportCorbyn', '#softcoup'])
  })

  it('skips tags in skipped regions inside a large subtree, and marks the ones beside them', async () => {
    const feed = timeline(1_000, (i) => (i === 500 ? '#SoftCoup' : null))
    const textarea = Object.assign(document.createElement('textarea'), {
      value: '#WeSupportCorbyn',
      textContent: '#WeSupportCorbyn',
    })
    const editable = Object.assign(document.createElement('div'), {
      contentEditable: 'true',
      textContent: 'draft #WeSupportCorbyn',
    })
    const script = Object.assign(document.createElement('script'), {
      type: 'application/json',
      textContent: JSON.stringify({ tag: '#WeSupportCorbyn', filler: 'x'.repeat(5_000) }),
    })
    feed.children[200]?.append(textarea)
    feed.children[300]?.append(editable)
    feed.append(script)
    page('').append(feed)
    const { app } = await settled()
    expect(markedTexts(app)).toEqual(['#SoftCoup'])
  })

  it('reaches the rest of a long list when the page removes the posts it was about to visit', async () => {
    const feed = timeline(3_000, (i) =>
      i === 150 ? '#WeSupportCorbyn' : i === 2_500 ? '#SoftCoup' : null,
    )
    page('').append(feed)
    const found = await scanVisitByVisit((yields) => {
      // By the 40th visit the scan is among the first posts: the next ones go.
      if (yields === 40) for (const post of [...feed.children].slice(0, 300)) post.remove()
    })
    expect([...found.values()].flat().map((t) => t.tag)).toEqual(['SoftCoup'])
  })

  it('marks a tag written into a part of the page the scan has not reached yet', async () => {
    const feed = timeline(3_000, () => null)
    const root = page('')
    root.append(feed)
    const late = feed.children[2_900]?.querySelector('p')?.firstChild as Text
    let visits = 0
    const found = await scanVisitByVisit((yields) => {
      visits = yields
      // One visit per slice: by the 40th, the page above the feed was read and split, and the
      // post is dozens of visits away.
      if (yields === 40) late.data = 'now #SoftCoup here '
    })
    expect(visits).toBeGreaterThan(40)
    expect([...found.keys()]).toEqual([late])
    expect(found.get(late)?.map((t) => t.tag)).toEqual(['SoftCoup'])
  })
})
