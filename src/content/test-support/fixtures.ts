/**
 * A small in-test fact index and fakes for the content script's injected dependencies, so browser
 * tests depend neither on data/ nor on extension APIs.
 */
import { normalizeTag } from '../../hashtags/normalize.ts'
import type { CompiledIndex } from '../../index/types.ts'
import type { EntryView } from '../../shared/messages.ts'
import { DEFAULT_SETTINGS } from '../../shared/settings.ts'
import type { Settings } from '../../shared/settings.ts'

/** Two entries, sources of every kind, one source with a non-https URL and one with no date. */
export const TEST_INDEX: CompiledIndex = {
  format: 1,
  version: '2024-05-02.0badc0de',
  reviewed: '2024-05-02',
  tags: {
    softcoup: 'soft-coup',
    wesupportcorbyn: 'we-support-corbyn',
    softcoupdenied: 'soft-coup',
  },
  entries: {
    'soft-coup': {
      id: 'soft-coup',
      hashtags: ['SoftCoup'],
      aliases: ['SoftCoupDenied'],
      title: 'Test entry about a soft coup claim',
      summary: { text: 'A test summary in neutral words.', sources: ['news-a', 'blog-b'] },
      timeline: [
        { date: '2019-03', event: 'The tag first trends.', sources: ['news-a'] },
        { date: null, event: 'A reply campaign starts.', sources: ['blog-b'] },
      ],
      perspectives: [
        { label: 'Supporters say', text: 'It names a real plan.', sources: ['blog-b'] },
        { label: 'Critics say', text: 'It is a smear.', sources: ['news-a'] },
      ],
      excerpts: [
        { source: 'news-a', excerpt: 'q1' },
        { source: 'blog-b', excerpt: 'q1' },
      ],
      furtherReading: ['primary-c'],
      related: ['we-support-corbyn'],
      reviewed: '2024-05-02',
    },
    'we-support-corbyn': {
      id: 'we-support-corbyn',
      hashtags: ['WeSupportCorbyn'],
      aliases: [],
      title: 'Test entry about a support campaign',
      summary: { text: 'Another test summary.', sources: ['news-a'] },
      timeline: [],
      perspectives: [],
      excerpts: [],
      furtherReading: [],
      related: [],
      reviewed: '2024-04-01',
    },
  },
  sources: {
    'news-a': {
      id: 'news-a',
      publisher: 'Example News',
      title: 'Report on the tag',
      author: 'Jane Doe',
      published: '2019-03-14',
      url: 'https://news.example.org/report',
      kind: 'news',
      archive: 'news-a.txt',
      excerpts: [{ id: 'q1', quote: 'The hashtag spread within hours, the report said.' }],
    },
    'blog-b': {
      id: 'blog-b',
      publisher: 'Example Blog',
      title: 'Why the tag matters',
      author: null,
      published: null,
      url: 'http://blog.example.org/why',
      kind: 'opinion-blog',
      archive: 'blog-b.txt',
      excerpts: [{ id: 'q1', quote: 'This is the opinion of the blog, quoted verbatim.' }],
    },
    'primary-c': {
      id: 'primary-c',
      publisher: 'Example Parliament',
      title: 'Record of proceedings',
      author: null,
      published: '2019',
      url: 'https://parliament.example.org/record',
      kind: 'primary',
      archive: null,
      excerpts: [],
    },
  },
}

/** What the background answers to {type:'entry', id}. */
export function viewOf(id: string, index: CompiledIndex = TEST_INDEX): EntryView | null {
  const entry = index.entries[id]
  if (!entry) return null
  const ids = new Set([
    ...entry.summary.sources,
    ...entry.timeline.flatMap((e) => e.sources),
    ...entry.perspectives.flatMap((p) => p.sources),
    ...entry.excerpts.map((x) => x.source),
    ...entry.furtherReading,
  ])
  const sources = Object.fromEntries(
    [...ids].flatMap((s) => (index.sources[s] ? [[s, index.sources[s]]] : [])),
  )
  const related = entry.related.flatMap((r) => {
    const e = index.entries[r]
    return e ? [{ id: r, title: e.title, hashtag: e.hashtags[0] ?? r }] : []
  })
  return {
    entry,
    sources,
    related,
    index: { version: index.version, reviewed: index.reviewed },
    pack: null,
    choices: [],
  }
}

/** A fake `resolve` that records each call's keys. */
export function fakeResolve(index: CompiledIndex = TEST_INDEX): {
  resolve: (keys: string[]) => Promise<Record<string, string>>
  calls: string[][]
} {
  const calls: string[][] = []
  return {
    calls,
    resolve(keys) {
      calls.push([...keys])
      const found: Record<string, string> = {}
      for (const k of keys) {
        const id = index.tags[normalizeTag(k)]
        if (id) found[k] = id
      }
      return Promise.resolve(found)
    },
  }
}

/** Settings for tests: defaults plus overrides. */
export function testSettings(overrides: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, disabledSites: [], mutedTags: [], ...overrides }
}

/** Parses markup into nodes of this document (no HTML sink on a live element). */
export function fragment(markup: string): DocumentFragment {
  const parsed = new DOMParser().parseFromString(`<body>${markup}</body>`, 'text/html')
  const out = document.createDocumentFragment()
  for (const node of [...parsed.body.childNodes]) out.append(document.importNode(node, true))
  return out
}

/** A fresh container appended to <body>, filled with `markup`. */
export function mount(markup: string): HTMLElement {
  const container = document.createElement('div')
  container.append(fragment(markup))
  document.body.append(container)
  return container
}

/** The first text node under `root` whose data contains `needle`. */
export function textContaining(root: Node, needle: string): Text {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if ((n as Text).data.includes(needle)) return n as Text
  }
  throw new Error(`no text containing ${needle}`)
}

/** The document as markup, without the extension's host element. */
export function pageMarkup(hostTag: string): string {
  const clone = document.documentElement.cloneNode(true) as Element
  for (const host of clone.querySelectorAll(hostTag)) host.remove()
  return new XMLSerializer().serializeToString(clone)
}
