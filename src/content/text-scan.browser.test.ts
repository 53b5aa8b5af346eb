import { describe, expect, it } from 'vitest'
import { LookupCache } from './lookup-cache.ts'
import { TextScan, type FoundTag } from './text-scan.ts'
import { fakeResolve } from './test-support/fixtures.ts'
import { page } from './test-support/app.ts'

/** A text scan over the test index; `answer()` sends the asked keys and rescans who waited. */
function setup() {
  const marked = new Map<Text, string[]>()
  const stats = { tokenised: 0, foundAt: 0 }
  const { signal } = new AbortController()
  const { resolve, calls } = fakeResolve()
  let waited: Text[] = []
  const cache = new LookupCache({
    resolve,
    onAnswer: (keys, ok) => (waited = scan.answered(keys, ok)),
    signal,
  })
  const onText = (text: Text, found: FoundTag[]): void => {
    marked.set(
      text,
      found.map((f) => text.data.slice(f.start, f.end)),
    )
  }
  const scan = new TextScan({ lookups: cache, onText, stats, signal })
  const answer = async (): Promise<void> => {
    cache.flush()
    await new Promise((resolve) => setTimeout(resolve, 0))
    for (const text of waited.splice(0)) scan.rescan(text)
  }
  return { scan, marked, stats, calls, answer }
}

function textIn(markup: string): Text {
  const root = page(markup)
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  return walker.nextNode() as Text
}

describe('TextScan', () => {
  it('marks a text once its keys are looked up, from the tokens of its first scan', async () => {
    const { scan, marked, stats, calls, answer } = setup()
    const text = textIn('<p>#SoftCoup and #Weather</p>')
    scan.scan(text, false)
    expect(marked.get(text)).toEqual([])
    await answer()
    expect(calls).toEqual([['softcoup', 'weather']])
    expect(marked.get(text)).toEqual(['#SoftCoup'])
    expect(stats.tokenised).toBe(1)
    scan.scan(text, false)
    expect(stats.tokenised).toBe(1)
  })

  it('tokenises again a text whose data changed while it waited', async () => {
    const { scan, marked, stats, answer } = setup()
    const text = textIn('<p>#SoftCoup</p>')
    scan.scan(text, true)
    text.data = '#WeSupportCorbyn'
    scan.forget(text)
    scan.scan(text, true)
    await answer()
    expect(marked.get(text)).toEqual(['#WeSupportCorbyn'])
    expect(stats.tokenised).toBe(2)
  })

  it('unmarks a queued text that lost its hash sign, or left the page', async () => {
    const { scan, marked, answer } = setup()
    const text = textIn('<p>#SoftCoup</p>')
    scan.scan(text, true)
    await answer()
    expect(marked.get(text)).toEqual(['#SoftCoup'])
    // As the scanner does for each change of data: forget, then scan as queued.
    text.data = 'no tag'
    scan.forget(text)
    scan.scan(text, true)
    expect(marked.get(text)).toEqual([])
    text.data = '#SoftCoup'
    scan.forget(text)
    scan.rescan(text)
    expect(marked.get(text)).toEqual(['#SoftCoup'])
    text.remove()
    scan.rescan(text)
    expect(marked.get(text)).toEqual([])
  })

  it('skips a walked text inside an editable region, and asks nothing for it', async () => {
    const { scan, marked, stats, calls, answer } = setup()
    const text = textIn('<div contenteditable="true"><p>draft #SoftCoup</p></div>')
    scan.scan(text, false)
    await answer()
    expect(marked.has(text)).toBe(false)
    expect(calls).toEqual([])
    expect(stats.tokenised).toBe(0)
  })
})
