import { describe, expect, it } from 'vitest'
import { entrySourceIds } from './entry-sources.ts'
import type { Entry } from './types.ts'

describe('entrySourceIds', () => {
  it('numbers sources as first cited, then further reading, each once', () => {
    const entry = {
      summary: { text: '', sources: ['b'] },
      timeline: [{ date: null, event: '', sources: ['a', 'b'] }],
      perspectives: [{ label: '', text: '', sources: ['c'] }],
      excerpts: [
        { source: 'd', excerpt: 'q' },
        { source: 'a', excerpt: 'q' },
      ],
      furtherReading: ['e', 'b'],
    } as unknown as Entry
    expect(entrySourceIds(entry)).toEqual(['b', 'a', 'c', 'd', 'e'])
  })
})
