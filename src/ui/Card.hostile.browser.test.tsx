/**
 * The card against a hostile index (a bad build input or a tampered bundle): EVERY string the
 * card shows (title, summary, timeline, perspectives, dates, publishers, titles, authors, quotes,
 * related titles, the tag as written, the index version) is replaced by markup, script and
 * template payloads, and every source URL by a non-https one. The card must show each payload as
 * text, create no element or attribute the normal card does not have, and link nothing that is
 * not https.
 */
import { render } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'
import { viewOf } from '../content/test-support/fixtures.ts'
import type { EntryView } from '../shared/messages.ts'
import { Card } from './Card.tsx'

const PAYLOADS = [
  '<img src=x onerror="document.title=1">',
  '<script>document.title = 2</script>',
  '"><svg onload="document.title=3">',
  "'><iframe srcdoc='<b>4</b>'>",
  '{{constructor.constructor("document.title=5")()}}',
  '&lt;b&gt;entity&lt;/b&gt;',
]
const URLS = [
  'javascript:document.title=6',
  'data:text/html,<b>7</b>',
  'http://plain.example.org/8',
  'vbscript:msgbox(9)',
  '//protocol-relative.example.org/10',
  'not a url at all',
]

/** The soft-coup view with every shown string replaced by a payload (in turn) and URLs broken. */
function hostileView(): EntryView {
  const view = viewOf('soft-coup')
  if (!view) throw new Error('fixture entry missing')
  let n = 0
  const payload = (): string => PAYLOADS[n++ % PAYLOADS.length] ?? ''
  let u = 0
  const { entry } = view
  return {
    entry: {
      ...entry,
      title: payload(),
      summary: { ...entry.summary, text: payload() },
      timeline: entry.timeline.map((t) => ({ ...t, date: payload(), event: payload() })),
      perspectives: entry.perspectives.map((p) => ({ ...p, label: payload(), text: payload() })),
      reviewed: payload(),
    },
    sources: Object.fromEntries(
      Object.entries(view.sources).map(([id, s]) => [
        id,
        {
          ...s,
          publisher: payload(),
          title: payload(),
          author: payload(),
          published: payload(),
          url: URLS[u++ % URLS.length] ?? '',
          excerpts: s.excerpts.map((e) => ({ ...e, quote: payload() })),
        },
      ]),
    ),
    related: view.related.map((r) => ({ ...r, title: payload(), hashtag: payload() })),
    index: { version: payload(), reviewed: payload() },
    // A hostile pack: its name and publisher, and the choices' labels, are payloads too.
    pack: {
      id: 'hostile',
      name: payload(),
      publisher: payload(),
      version: '1',
      reviewed: payload(),
    },
    choices: [
      { id: entry.id, pack: payload() },
      { id: 'other', pack: payload() },
    ],
  }
}

const containers: HTMLElement[] = []

function show(view: EntryView, tag: string): HTMLElement {
  const container = document.createElement('div')
  document.body.append(container)
  containers.push(container)
  // Expanded, so every part of the card is rendered: its details as much as its first view.
  render(
    <Card view={view} tag={tag} onClose={() => undefined} locale="en-GB" expanded />,
    container,
  )
  return container
}

afterEach(() => {
  for (const c of containers.splice(0)) {
    render(null, c)
    c.remove()
  }
})

/** Element names and attribute names used in a rendered card. */
function vocabulary(root: HTMLElement): { elements: Set<string>; attributes: Set<string> } {
  const elements = new Set<string>()
  const attributes = new Set<string>()
  for (const el of root.querySelectorAll('*')) {
    elements.add(el.localName)
    for (const name of el.getAttributeNames()) attributes.add(name)
  }
  return { elements, attributes }
}

describe('Card with a hostile index', () => {
  it('shows every string as text, adds no element or attribute, and links only https', () => {
    // A benign card with entry choices too, so the hostile one's buttons are not new vocabulary.
    const benign = viewOf('soft-coup')!
    const choices = [
      { id: benign.entry.id, pack: null },
      { id: 'other', pack: 'A pack' },
    ]
    const normal = vocabulary(show({ ...benign, choices }, '#SoftCoup'))
    const title = document.title
    const card = show(hostileView(), '#<b>SoftCoup</b>')
    const used = vocabulary(card)
    expect([...used.elements].filter((e) => !normal.elements.has(e))).toEqual([])
    expect([...used.attributes].filter((a) => !normal.attributes.has(a))).toEqual([])
    expect([...used.attributes].filter((a) => a.startsWith('on'))).toEqual([])
    for (const el of ['img', 'script', 'svg', 'iframe', 'object', 'embed', 'style']) {
      expect(card.querySelector(el), el).toBeNull()
    }
    // Every payload is on screen, as the characters it is made of.
    for (const text of PAYLOADS) expect(card.textContent).toContain(text)
    expect(card.textContent).toContain('#<b>SoftCoup</b>')
    // No link but https (here: none at all, as every URL is broken), and no cite attribute.
    for (const a of card.querySelectorAll('a')) expect(a.protocol).toBe('https:')
    for (const el of card.querySelectorAll('[cite]')) {
      expect(el.getAttribute('cite')).toMatch(/^https:/)
    }
    expect(document.title).toBe(title)
  })
})
