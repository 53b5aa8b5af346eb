import { render } from 'preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { page } from 'vitest/browser'
import { TEST_INDEX, viewOf } from '../content/test-support/fixtures.ts'
import type { EntryView } from '../shared/messages.ts'
import { Card } from './Card.tsx'

const containers: HTMLElement[] = []

function show(view: EntryView, tag = '#SoftCoup', onClose = () => undefined): HTMLElement {
  const container = document.createElement('div')
  document.body.append(container)
  containers.push(container)
  render(<Card view={view} tag={tag} onClose={onClose} locale="en-GB" />, container)
  return container
}

function softCoup(): EntryView {
  const view = viewOf('soft-coup')
  if (!view) throw new Error('fixture entry missing')
  return view
}

afterEach(() => {
  for (const c of containers.splice(0)) {
    render(null, c)
    c.remove()
  }
})

describe('Card', () => {
  it('is a non-modal dialog named by a heading that contains the hashtag as written', async () => {
    show(softCoup(), '＃ＳｏｆｔＣｏｕｐ')
    const dialog = page.getByRole('dialog', { name: /＃ＳｏｆｔＣｏｕｐ/ })
    await expect.element(dialog).toBeInTheDocument()
    const el = dialog.element()
    expect(el.getAttribute('aria-modal')).not.toBe('true')
    expect(page.getByRole('heading', { level: 2 }).element().textContent).toContain(
      '＃ＳｏｆｔＣｏｕｐ',
    )
  })

  it('shows the title, summary, timeline, perspectives and the index version', () => {
    const c = show(softCoup())
    const text = c.textContent ?? ''
    expect(text).toContain('Test entry about a soft coup claim')
    expect(text).toContain('A test summary in neutral words.')
    expect(text).toContain('The tag first trends.')
    expect(text).toContain('March 2019')
    expect(text).toContain('date unknown')
    expect(text).toContain('Supporters say')
    expect(text).toContain('It is a smear.')
    expect(text).toContain(TEST_INDEX.version)
  })

  it('quotes each excerpt verbatim in a blockquote with publisher, date and kind badge', () => {
    const c = show(softCoup())
    const figures = [...c.querySelectorAll('figure')]
    expect(figures.map((f) => f.querySelector('blockquote')?.textContent)).toEqual([
      'The hashtag spread within hours, the report said.',
      'This is the opinion of the blog, quoted verbatim.',
    ])
    const [news, blog] = figures.map((f) => f.querySelector('figcaption')?.textContent ?? '')
    expect(news).toContain('Example News')
    expect(news).toContain('14 Mar 2019')
    expect(news).toContain('News')
    expect(blog).toContain('Example Blog')
    expect(blog).toContain('date not confirmed')
    expect(blog).toContain('Opinion blog')
  })

  it('links https sources in a new tab without opener or referrer', () => {
    const c = show(softCoup())
    const links = [...c.querySelectorAll('a')]
    const report = links.filter((a) => a.href === 'https://news.example.org/report')
    expect(report.length).toBeGreaterThan(0)
    for (const a of links) {
      expect(a.target).toBe('_blank')
      expect(a.rel.split(' ').sort()).toEqual(['noopener', 'noreferrer'])
      expect(new URL(a.href).protocol).toBe('https:')
    }
  })

  it('does not link a source whose URL is not https', () => {
    const c = show(softCoup())
    expect([...c.querySelectorAll('a')].some((a) => a.href.startsWith('http://'))).toBe(false)
    // The blog is still named, as text.
    expect(c.querySelector('.hc-sources')?.textContent).toContain('Why the tag matters')
    expect(c.querySelector('blockquote[cite^="http:"]')).toBeNull()
  })

  it('lists sources with kind and further reading, and related entries', () => {
    const c = show(softCoup())
    const items = [...c.querySelectorAll('.hc-sources li')].map((li) => li.textContent ?? '')
    expect(items).toHaveLength(3)
    expect(items[2]).toContain('Record of proceedings')
    expect(items[2]).toContain('Primary source')
    expect(items[0]).toContain('by Jane Doe')
    expect(c.querySelector('.hc-related')?.textContent).toContain('#WeSupportCorbyn')
  })

  it('renders index text as text, never as markup', () => {
    const view = softCoup()
    const hostile: EntryView = {
      ...view,
      entry: { ...view.entry, title: '<img src=x onerror=alert(1)>' },
    }
    const c = show(hostile)
    expect(c.querySelector('img')).toBeNull()
    expect(c.textContent).toContain('<img src=x onerror=alert(1)>')
  })

  it('has a close button with an accessible name that calls onClose', async () => {
    const onClose = vi.fn()
    show(softCoup(), '#SoftCoup', onClose)
    await page.getByRole('button', { name: 'Close' }).click()
    expect(onClose).toHaveBeenCalledOnce()
  })
})
