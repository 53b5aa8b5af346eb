import { describe, expect, it } from 'vitest'
import { compileIndex } from './compile.ts'
import { FIXTURE_ARCHIVES, files, validData } from './fixtures/valid-data.ts'
import type { CompiledIndex } from './types.ts'
import { formatQuoteProblem, normaliseForQuoteCheck, verifyQuotes } from './verify.ts'

const ARCHIVE =
  'Outside of the Corbynista bubble the “soft coup” idea was largely ridiculed,\n' +
  'particularly in the wake of Labour’s disastrous performance in the Copeland by-election.'

/** An index with one source quoting `quote` from ARCHIVE (archive file a.txt). */
function indexQuoting(...quotes: string[]): CompiledIndex {
  return {
    format: 1,
    version: 'test',
    reviewed: '2026-01-01',
    tags: {},
    entries: {},
    sources: {
      src: {
        id: 'src',
        publisher: 'P',
        title: 'T',
        author: null,
        published: null,
        url: 'https://example.org/',
        kind: 'news',
        archive: 'a.txt',
        excerpts: quotes.map((quote, i) => ({ id: `q${i}`, quote })),
      },
    },
  }
}

const read = (file: string): string | null => (file === 'a.txt' ? ARCHIVE : null)

describe('normaliseForQuoteCheck', () => {
  it('collapses whitespace runs (including line breaks and no-break spaces) and trims', () => {
    expect(normaliseForQuoteCheck('  a \n\t b\u00A0\u00A0c  ')).toBe('a b c')
  })

  it('maps typographic quotes and apostrophes to ASCII', () => {
    expect(normaliseForQuoteCheck('‘a’ ‚b‛ “c” „d‟ «e» 5′ 6″')).toBe(`'a' 'b' "c" "d" "e" 5' 6"`)
  })

  it('changes nothing else: dashes, case and ellipses stay', () => {
    const s = 'By-election – a — B… ...'
    expect(normaliseForQuoteCheck(s)).toBe(s)
  })
})

describe('verifyQuotes', () => {
  it('passes a verbatim excerpt', () => {
    expect(verifyQuotes(indexQuoting('the “soft coup” idea was largely ridiculed'), read)).toEqual(
      [],
    )
  })

  it('passes across line breaks, doubled spaces and straight versus curly quotes', () => {
    const quote = `ridiculed, particularly  in the wake of Labour's disastrous performance`
    expect(verifyQuotes(indexQuoting(quote, 'the "soft coup" idea'), read)).toEqual([])
  })

  it('fails an altered word and says where the quote departs from the archive', () => {
    const problems = verifyQuotes(indexQuoting('the “soft coup” idea was widely ridiculed'), read)
    expect(problems).toEqual([
      {
        kind: 'not-verbatim',
        source: 'src',
        excerpt: 'q0',
        file: 'a.txt',
        quote: 'the “soft coup” idea was widely ridiculed',
        verbatimPrefix: 'the "soft coup" idea was ',
        quoteContinues: 'widely ridiculed',
        archiveContinues: 'largely ridiculed, particularly in the w',
      },
    ])
    expect(formatQuoteProblem(problems[0]!)).toBe(
      'source "src" excerpt "q0" (a.txt): not verbatim: matches up to "the \\"soft coup\\" idea was "\n' +
        '  then the quote has "widely ridiculed"\n' +
        '  but the archive has "largely ridiculed, particularly in the w"',
    )
  })

  it('fails a changed dash (en dash for hyphen)', () => {
    const [problem] = verifyQuotes(indexQuoting('the Copeland by–election.'), read)
    expect(problem).toMatchObject({ excerpt: 'q0', verbatimPrefix: 'the Copeland by' })
  })

  it('fails a changed letter case', () => {
    const [problem] = verifyQuotes(indexQuoting('Outside of the corbynista bubble'), read)
    expect(problem).toMatchObject({ excerpt: 'q0', verbatimPrefix: 'Outside of the ' })
  })

  it('fails an ellipsis standing for omitted words', () => {
    expect(verifyQuotes(indexQuoting('the “soft coup” idea … ridiculed'), read)).toHaveLength(1)
  })

  it('reports only the excerpts that are wrong, each by source and excerpt id', () => {
    const problems = verifyQuotes(
      indexQuoting('the “soft coup” idea', 'soft putsch', 'Copeland'),
      read,
    )
    expect(problems.map((p) => p.kind === 'not-verbatim' && p.excerpt)).toEqual(['q1'])
  })

  it('reports a missing archive file by source', () => {
    const index = indexQuoting('anything')
    index.sources.src!.archive = 'gone.txt'
    const problems = verifyQuotes(index, read)
    expect(problems).toEqual([{ kind: 'missing-archive', source: 'src', file: 'gone.txt' }])
    expect(formatQuoteProblem(problems[0]!)).toBe(
      'source "src": archive file gone.txt not found in the corpus',
    )
  })

  it('passes the fixture data against the fixture archives', () => {
    const result = compileIndex(files(validData()))
    if (!result.ok) throw new Error('fixture does not compile')
    expect(verifyQuotes(result.index, (f) => FIXTURE_ARCHIVES[f] ?? null)).toEqual([])
  })
})
