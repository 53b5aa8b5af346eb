/**
 * A small hand-made compiled index for unit tests of the background, popup and options: three
 * entries, one with an alias and related entries, one source that is only further reading.
 */
import type { CompiledIndex, Entry, Source } from '../../index/types.ts'

const source = (id: string, over: Partial<Source> = {}): Source => ({
  id,
  publisher: `Publisher ${id}`,
  title: `Title of ${id}`,
  author: null,
  published: '2017-02-28',
  url: `https://example.org/${id}`,
  kind: 'news',
  archive: `${id}.txt`,
  excerpts: [{ id: 'quote', quote: `A quote from ${id}.` }],
  ...over,
})

const entry = (id: string, over: Partial<Entry>): Entry => ({
  id,
  hashtags: [],
  aliases: [],
  title: `Entry ${id}`,
  summary: { text: `Summary of ${id}.`, sources: ['news-a'] },
  timeline: [],
  perspectives: [],
  excerpts: [{ source: 'news-a', excerpt: 'quote' }],
  furtherReading: [],
  related: [],
  reviewed: '2025-01-31',
  ...over,
})

/** The test index. */
export const testIndex: CompiledIndex = {
  format: 1,
  version: '2025-02-01.0123abcd',
  reviewed: '2025-02-01',
  tags: {
    softcoup: 'softcoup',
    softcoupplot: 'softcoup',
    wesupportcorbyn: 'wesupportcorbyn',
    twitterstorm: 'twitterstorms',
  },
  entries: {
    softcoup: entry('softcoup', {
      hashtags: ['SoftCoup'],
      aliases: ['SoftCoupPlot'],
      title: 'The 2017 “soft coup” claim',
      summary: { text: 'A claim about Labour plotters.', sources: ['news-a', 'news-b'] },
      timeline: [{ date: '2017-02-26', event: 'Article online.', sources: ['news-b'] }],
      perspectives: [{ label: 'Critics say', text: 'Ridiculed.', sources: ['blog-c'] }],
      furtherReading: ['reading-d'],
      related: ['twitterstorms', 'no-such-entry'],
    }),
    wesupportcorbyn: entry('wesupportcorbyn', {
      hashtags: ['WeSupportCorbyn'],
      title: 'The November 2020 #WeSupportCorbyn storm',
      summary: {
        text: 'A Twitterstorm of support after the whip was withheld.',
        sources: ['blog-c'],
      },
      excerpts: [{ source: 'blog-c', excerpt: 'quote' }],
    }),
    twitterstorms: entry('twitterstorms', {
      hashtags: ['Twitterstorm'],
      title: 'Organised Twitterstorms',
    }),
  },
  sources: {
    'news-a': source('news-a'),
    'news-b': source('news-b', { published: null, title: null }),
    'blog-c': source('blog-c', { kind: 'opinion-blog' }),
    'reading-d': source('reading-d', { archive: null, excerpts: [] }),
    'unused-e': source('unused-e'),
  },
}
