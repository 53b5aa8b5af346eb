// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IndexBrowser, searchEntries } from './IndexBrowser.tsx'
import { getMessage } from '../shared/test-support/get-message.ts'
import { testIndex } from './test-support/test-index.ts'

const ids = (query: string) => searchEntries(testIndex, query).map((entry) => entry.id)

describe('searchEntries', () => {
  it('lists every entry, by title, for an empty query', () => {
    expect(ids('  ')).toEqual(['twitterstorms', 'softcoup', 'wesupportcorbyn'])
  })

  it('finds an entry by an alias, ignoring case and the hash sign', () => {
    expect(ids('#softcoupPLOT')).toEqual(['softcoup'])
  })

  it('finds full-width text', () => {
    expect(ids('＃ＳＯＦＴＣＯＵＰ')).toEqual(['softcoup'])
    expect(ids('ｗｈｉｐ')).toEqual(['wesupportcorbyn'])
  })

  it('matches titles and summaries, and nothing else', () => {
    expect(ids('organised')).toEqual(['twitterstorms'])
    expect(ids('labour plotters')).toEqual(['softcoup'])
    expect(ids('Publisher news-a')).toEqual([])
  })
})

describe('IndexBrowser', () => {
  let root: HTMLElement
  beforeEach(() => {
    vi.stubGlobal('chrome', { i18n: { getMessage } })
    root = document.createElement('div')
    document.body.append(root)
  })
  afterEach(() => {
    render(null, root)
    root.remove()
    vi.unstubAllGlobals()
  })

  it('shows the matching entries with their hashtags, summary and linked sources', async () => {
    await act(() => render(<IndexBrowser index={testIndex} />, root))
    const search = root.querySelector<HTMLInputElement>('#index-search')
    expect(root.querySelector(`label[for="index-search"]`)?.textContent).toBe(
      'Search hashtags, titles and summaries',
    )
    await act(() => {
      if (!search) return
      search.value = 'ＳｏｆｔＣｏｕｐ'
      search.dispatchEvent(new Event('input', { bubbles: true }))
    })
    expect(root.querySelector('[role="status"]')?.textContent).toBe('1 of 3 entries')
    const entry = root.querySelector('article')
    expect(entry?.querySelector('h3')?.textContent).toBe('The 2017 “soft coup” claim')
    expect(entry?.textContent).toContain('#SoftCoup · #SoftCoupPlot')
    expect(entry?.textContent).toContain('A claim about Labour plotters.')
    const links = [...(entry?.querySelectorAll('a') ?? [])].map((a) => [
      a.textContent,
      a.getAttribute('href'),
    ])
    // news-b has no confirmed title: its publisher names the link.
    expect(links).toEqual([
      ['Title of news-a', 'https://example.org/news-a'],
      ['Publisher news-b', 'https://example.org/news-b'],
    ])
    expect(entry?.querySelector('.sources')?.textContent).toContain(
      'Title of news-a — Publisher news-a, Feb 28, 2017 (News)',
    )
  })
})
