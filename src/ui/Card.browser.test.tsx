import { render } from 'preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { page, userEvent } from 'vitest/browser'
import { TEST_INDEX, viewOf } from '../content/test-support/fixtures.ts'
import type { EntryView } from '../shared/messages.ts'
import { Card } from './Card.tsx'
import cardCss from './card.css?inline'

const containers: HTMLElement[] = []

function show(view: EntryView, tag = '#SoftCoup', onClose = () => undefined): HTMLElement {
  const container = document.createElement('div')
  document.body.append(container)
  containers.push(container)
  render(<Card view={view} tag={tag} onClose={onClose} locale="en-GB" />, container)
  return container
}

function fixtureView(id: string): EntryView {
  const view = viewOf(id)
  if (!view) throw new Error(`fixture entry ${id} missing`)
  return view
}
const softCoup = (): EntryView => fixtureView('soft-coup')
/** The fixture entry with no excerpts (its one source is quoted by another entry only). */
const noExcerpts = (): EntryView => fixtureView('we-support-corbyn')

const moreButton = () => page.getByRole('button', { name: 'Timeline, perspectives and sources' })

/** Shows the card and opens its details the way a reader does, with a click. */
async function showExpanded(view: EntryView = softCoup(), tag = '#SoftCoup'): Promise<HTMLElement> {
  const c = show(view, tag)
  await moreButton().click()
  await expect.element(moreButton()).toHaveAttribute('aria-expanded', 'true')
  return c
}

afterEach(() => {
  for (const c of containers.splice(0)) {
    render(null, c)
    c.remove()
  }
  document.getElementById('card-css')?.remove()
})

describe('Card, first view (collapsed)', () => {
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

  it('shows the title, the summary, the kinds and counts of sources and excerpts, and nothing more', () => {
    const c = show(softCoup())
    const text = c.textContent ?? ''
    expect(text).toContain('Test entry about a soft coup claim')
    expect(text).toContain('A test summary in neutral words.')
    expect(c.querySelector('.hc-glance')?.textContent).toBe(
      '3 sources: News Opinion blog Primary source · 2 verbatim excerpts',
    )
    expect(text).toContain(TEST_INDEX.version)
    // Timeline, perspectives, excerpts and sources wait behind the button.
    for (const hidden of ['The tag first trends.', 'Supporters say', 'The hashtag spread']) {
      expect(text).not.toContain(hidden)
    }
    expect(c.querySelectorAll('a')).toHaveLength(0)
  })

  it('has a disclosure button: collapsed state, and it controls a hidden panel', async () => {
    const c = show(softCoup())
    const button = moreButton()
    await expect.element(button).toHaveAttribute('aria-expanded', 'false')
    const panel = c.querySelector(`#${button.element().getAttribute('aria-controls')}`)
    expect(panel).not.toBeNull()
    expect(panel?.hasAttribute('hidden')).toBe(true)
  })

  it('says when an entry has no archived excerpt', () => {
    const c = show(noExcerpts(), '#WeSupportCorbyn')
    expect(c.querySelector('.hc-glance')?.textContent).toBe('1 source: News · no archived excerpt')
  })

  it('fits a short viewport without an inner scroll, where the expanded card has to scroll', async () => {
    const style = document.createElement('style')
    style.id = 'card-css'
    style.textContent = `${cardCss} .hc-card { max-height: 320px; }`
    document.head.append(style)
    const view = softCoup()
    const long: EntryView = {
      ...view,
      entry: {
        ...view.entry,
        summary: { ...view.entry.summary, text: 'A long neutral summary sentence. '.repeat(30) },
      },
    }
    const c = show(long)
    const card = c.querySelector<HTMLElement>('.hc-card')!
    expect(card.scrollHeight).toBeLessThanOrEqual(card.clientHeight)
    await moreButton().click()
    expect(card.scrollHeight).toBeGreaterThan(card.clientHeight)
  })
})

describe('Card, details (expanded)', () => {
  it('opens and closes from the keyboard (Enter, then Space) and keeps focus on the button', async () => {
    const c = show(softCoup())
    const button = moreButton().element() as HTMLButtonElement
    button.focus()
    await userEvent.keyboard('{Enter}')
    await expect.element(moreButton()).toHaveAttribute('aria-expanded', 'true')
    expect(c.textContent).toContain('The tag first trends.')
    expect(document.activeElement).toBe(button)
    await userEvent.keyboard(' ')
    await expect.element(moreButton()).toHaveAttribute('aria-expanded', 'false')
    expect(c.textContent).not.toContain('The tag first trends.')
  })

  it('shows the timeline, perspectives and the whole summary', async () => {
    const c = await showExpanded()
    const text = c.textContent ?? ''
    expect(text).toContain('The tag first trends.')
    expect(text).toContain('March 2019')
    expect(text).toContain('date unknown')
    expect(text).toContain('Supporters say')
    expect(text).toContain('It is a smear.')
    expect(c.querySelector('.hc-summary')?.classList.contains('hc-clamped')).toBe(false)
    expect(c.querySelector('.hc-details')?.hasAttribute('hidden')).toBe(false)
  })

  it('quotes each excerpt verbatim in a blockquote with publisher, date and kind badge', async () => {
    const c = await showExpanded()
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
    expect(c.querySelector('.hc-no-excerpt')).toBeNull()
  })

  it('for an entry without excerpts, says none is archived and points to its linked sources', async () => {
    const c = await showExpanded(noExcerpts(), '#WeSupportCorbyn')
    expect(c.querySelector('figure')).toBeNull()
    expect(c.querySelector('.hc-no-excerpt')?.textContent).toMatch(
      /^No archived excerpt: .*nothing is quoted\. Read them through the links under Sources\.$/,
    )
    const links = [...c.querySelectorAll('.hc-sources a')].map((a) => a.getAttribute('href'))
    expect(links).toEqual(['https://news.example.org/report'])
  })

  it('links https sources in a new tab without opener or referrer', async () => {
    const c = await showExpanded()
    const links = [...c.querySelectorAll('a')]
    const report = links.filter((a) => a.href === 'https://news.example.org/report')
    expect(report.length).toBeGreaterThan(0)
    for (const a of links) {
      expect(a.target).toBe('_blank')
      expect(a.rel.split(' ').sort()).toEqual(['noopener', 'noreferrer'])
      expect(new URL(a.href).protocol).toBe('https:')
    }
  })

  it('does not link a source whose URL is not https', async () => {
    const c = await showExpanded()
    expect([...c.querySelectorAll('a')].some((a) => a.href.startsWith('http://'))).toBe(false)
    // The blog is still named, as text.
    expect(c.querySelector('.hc-sources')?.textContent).toContain('Why the tag matters')
    expect(c.querySelector('blockquote[cite^="http:"]')).toBeNull()
  })

  it('lists sources with kind and further reading, and related entries', async () => {
    const c = await showExpanded()
    const items = [...c.querySelectorAll('.hc-sources li')].map((li) => li.textContent ?? '')
    expect(items).toHaveLength(3)
    expect(items[2]).toContain('Record of proceedings')
    expect(items[2]).toContain('Primary source')
    expect(items[0]).toContain('by Jane Doe')
    expect(c.querySelector('.hc-related')?.textContent).toContain('#WeSupportCorbyn')
  })
})

describe('Card', () => {
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

  it('names the pack and its review date for an entry from a pack', () => {
    const view: EntryView = {
      ...softCoup(),
      pack: {
        id: 'np',
        name: 'Newsroom pack',
        publisher: 'A newsroom',
        version: '2',
        reviewed: '2026-11-30',
      },
    }
    const c = show(view)
    expect(c.querySelector('.hc-footer')?.textContent).toBe(
      'From the pack “Newsroom pack” by A newsroom, reviewed 30 Nov 2026',
    )
  })

  it('offers every entry of the tag, the shown one pressed, and asks for the one chosen', async () => {
    const view: EntryView = {
      ...softCoup(),
      choices: [
        { id: 'soft-coup', pack: null },
        { id: 'np/soft-coup', pack: 'Newsroom pack' },
      ],
    }
    const onChoose = vi.fn()
    const container = document.createElement('div')
    document.body.append(container)
    containers.push(container)
    render(
      <Card view={view} tag="#SoftCoup" onClose={() => undefined} onChoose={onChoose} />,
      container,
    )
    const group = page.getByRole('group', { name: 'Entries for this hashtag' })
    const bundled = group.getByRole('button', { name: 'Bundled index' })
    await expect.element(bundled).toHaveAttribute('aria-pressed', 'true')
    await expect
      .element(group.getByRole('button', { name: 'Newsroom pack' }))
      .toHaveAttribute('aria-pressed', 'false')
    await bundled.click()
    expect(onChoose).not.toHaveBeenCalled()
    await group.getByRole('button', { name: 'Newsroom pack' }).click()
    expect(onChoose).toHaveBeenCalledWith('np/soft-coup')
  })

  it('shows no choice for an entry that alone explains its tags', () => {
    const c = show(softCoup())
    expect(c.querySelector('[role="group"]')).toBeNull()
  })
})
