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

  async function search(query: string, index = testIndex): Promise<HTMLElement | null> {
    await act(() => render(<IndexBrowser index={index} />, root))
    const input = root.querySelector<HTMLInputElement>('#index-search')
    await act(() => {
      if (!input) return
      input.value = query
      input.dispatchEvent(new Event('input', { bubbles: true }))
    })
    return root.querySelector('article')
  }

  const detailsButton = (entry: HTMLElement | null) =>
    entry?.querySelector<HTMLButtonElement>('button.hc-more') ?? null

  it('shows a matching entry as a card’s first view: hashtags, summary, kinds and counts', async () => {
    const entry = await search('ＳｏｆｔＣｏｕｐ')
    expect(root.querySelector(`label[for="index-search"]`)?.textContent).toBe(
      'Search hashtags, titles and summaries',
    )
    expect(root.querySelector('[role="status"]')?.textContent).toBe('1 of 3 entries')
    expect(entry?.querySelector('h3')?.textContent).toBe('The 2017 “soft coup” claim')
    expect(entry?.textContent).toContain('#SoftCoup · #SoftCoupPlot')
    expect(entry?.textContent).toContain('A claim about Labour plotters.')
    expect(entry?.querySelector('.hc-glance')?.textContent).toBe(
      '4 sources: News Opinion blog · 1 verbatim excerpt',
    )
    const button = detailsButton(entry)
    expect(button?.getAttribute('aria-expanded')).toBe('false')
    const panel = entry?.querySelector(`#${button?.getAttribute('aria-controls')}`)
    expect(panel?.hasAttribute('hidden')).toBe(true)
    expect(entry?.querySelectorAll('a')).toHaveLength(0)
  })

  it('opens the details with the button: timeline, perspectives, excerpts, linked sources', async () => {
    const entry = await search('softcoup')
    await act(() => detailsButton(entry)?.click())
    expect(detailsButton(entry)?.getAttribute('aria-expanded')).toBe('true')
    expect(entry?.textContent).toContain('Article online.')
    expect(entry?.textContent).toContain('Ridiculed.')
    expect(entry?.querySelector('blockquote')?.textContent).toBe('A quote from news-a.')
    const links = [...(entry?.querySelectorAll('.hc-sources a') ?? [])].map((a) => [
      a.firstChild?.textContent,
      a.getAttribute('href'),
    ])
    // news-b has no confirmed title: its address names the link.
    expect(links).toEqual([
      ['Title of news-a', 'https://example.org/news-a'],
      ['example.org/news-b', 'https://example.org/news-b'],
      ['Title of blog-c', 'https://example.org/blog-c'],
      ['Title of reading-d', 'https://example.org/reading-d'],
    ])
    // Section headings sit under the entry's h3.
    expect(entry?.querySelector('.hc-section-heading')?.tagName).toBe('H4')
    await act(() => detailsButton(entry)?.click())
    expect(entry?.textContent).not.toContain('Article online.')
  })

  it('for an entry without excerpts, says none is archived', async () => {
    const withoutExcerpts = { ...testIndex.entries.twitterstorms!, excerpts: [] }
    const entry = await search('Twitterstorm', {
      ...testIndex,
      entries: { ...testIndex.entries, twitterstorms: withoutExcerpts },
    })
    expect(entry?.querySelector('.hc-glance')?.textContent).toBe(
      '1 source: News · no archived excerpt',
    )
    await act(() => detailsButton(entry)?.click())
    expect(entry?.querySelector('.hc-no-excerpt')?.textContent).toContain('No archived excerpt')
  })
})
