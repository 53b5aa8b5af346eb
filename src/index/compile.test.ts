import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { compileIndex, formatBuildError, type BuildError, type DataFile } from './compile.ts'
import { files, fixturePath, validData, type FixtureData } from './fixtures/valid-data.ts'

const ENTRY = fixturePath('entries', 'softcoup')
const OTHER_ENTRY = fixturePath('entries', 'wesupportcorbyn')
const SOURCE = fixturePath('sources', 'fixture-news')
const REFERENCE = fixturePath('sources', 'fixture-reference')

type Json = Record<string, unknown>
const softcoup = (d: FixtureData): Json => d.entries.softcoup!
const other = (d: FixtureData): Json => d.entries.wesupportcorbyn!
const news = (d: FixtureData): Json => d.sources['fixture-news']!
/** Element `i` of an array field of `obj`, as an object to mutate. */
const item = (obj: Json, key: string, i: number): Json => (obj[key] as Json[])[i]!

function errorsOf(input: DataFile[]): BuildError[] {
  const result = compileIndex(input)
  if (result.ok) throw new Error('expected the build to fail, but it compiled')
  return result.errors
}

interface Expected {
  file: string
  path: string
  message: RegExp
  /** Text that must be on the reported line (checks the line independently of the locator). */
  lineHas: string
  /** How many errors the mutation causes in all (default 1: no cascade of follow-on errors). */
  count?: number
}

/** Asserts the build fails with an error at `file`/`path`, on a line holding `lineHas`. */
function expectError(input: DataFile[], expected: Expected): BuildError {
  const errors = errorsOf(input)
  const listing = errors.map(formatBuildError).join('\n')
  const found = errors.find(
    (e) => e.file === expected.file && e.path === expected.path && expected.message.test(e.message),
  )
  expect(found, `no error at ${expected.file} ${expected.path}; got:\n${listing}`).toBeDefined()
  const error = found!
  expect(error.line, 'the error names a line').toBeTypeOf('number')
  const text = input.find((f) => f.path === expected.file)!.text
  expect(text.split('\n')[error.line! - 1]).toContain(expected.lineHas)
  expect(formatBuildError(error)).toBe(
    `${expected.file}:${error.line}${expected.path === '' ? '' : ` ${expected.path}`}: ${error.message}`,
  )
  expect(errors, listing).toHaveLength(expected.count ?? 1)
  return error
}

function mutated(mutate: (d: FixtureData) => void): DataFile[] {
  const data = validData()
  mutate(data)
  return files(data)
}

interface BadCase extends Expected {
  name: string
  mutate: (d: FixtureData) => void
}

const cases: BadCase[] = [
  // Missing or wrong-typed fields.
  {
    name: 'a missing required field (source without publisher)',
    mutate: (d) => delete news(d).publisher,
    file: SOURCE,
    path: 'publisher',
    message: /^missing required field "publisher"$/,
    lineHas: '{',
  },
  {
    name: 'a missing nested field (summary without text)',
    mutate: (d) => delete (softcoup(d).summary as Json).text,
    file: ENTRY,
    path: 'summary.text',
    message: /^missing required field "text"$/,
    lineHas: '"summary"',
  },
  {
    name: 'a missing field in a timeline event (no date key: null must be written)',
    mutate: (d) => delete item(softcoup(d), 'timeline', 1).date,
    file: ENTRY,
    path: 'timeline[1].date',
    message: /^missing required field "date"$/,
    lineHas: '{',
  },
  {
    name: 'a wrong-typed field (title is a number)',
    mutate: (d) => (softcoup(d).title = 42),
    file: ENTRY,
    path: 'title',
    message: /^expected a string, got a number \(42\)$/,
    lineHas: '"title"',
  },
  {
    name: 'a wrong-typed list (hashtags is a string)',
    mutate: (d) => (softcoup(d).hashtags = 'SoftCoup'),
    file: ENTRY,
    path: 'hashtags',
    message: /^expected a list \[\.\.\.\], got a string \("SoftCoup"\)$/,
    lineHas: '"hashtags"',
  },
  {
    name: 'a wrong-typed nullable field (author is a number)',
    mutate: (d) => (news(d).author = 7),
    file: SOURCE,
    path: 'author',
    message: /^expected a string or null, got a number \(7\)$/,
    lineHas: '"author"',
  },
  {
    name: 'a wrong-typed source title (null is allowed, a list is not)',
    mutate: (d) => (news(d).title = ['A', 'title']),
    file: SOURCE,
    path: 'title',
    message: /^expected a string or null, got a list$/,
    lineHas: '"title"',
  },
  {
    name: 'a kind that is not one of the four',
    mutate: (d) => (news(d).kind = 'blog'),
    file: SOURCE,
    path: 'kind',
    message:
      /^kind must be one of news, opinion-blog, primary, reference; got a string \("blog"\)$/,
    lineHas: '"kind"',
  },
  // Unknown keys (typos).
  {
    name: 'an unknown key (furtherReadings misspelt)',
    mutate: (d) => (softcoup(d).furtherReadings = []),
    file: ENTRY,
    path: 'furtherReadings',
    message: /^unknown key "furtherReadings" \(did you mean "furtherReading"\?\); allowed: id, /,
    lineHas: '"furtherReadings"',
  },
  {
    name: 'an unknown key inside a timeline event',
    mutate: (d) => (item(softcoup(d), 'timeline', 0).when = '2017'),
    file: ENTRY,
    path: 'timeline[0].when',
    message: /^unknown key "when"; allowed: date, event, sources$/,
    lineHas: '"when"',
  },
  {
    name: 'an unknown key inside a source excerpt',
    mutate: (d) => (item(news(d), 'excerpts', 0).text = 'x'),
    file: SOURCE,
    path: 'excerpts[0].text',
    message: /^unknown key "text"; allowed: id, quote$/,
    lineHas: '"text"',
  },
  // Unknown ids.
  {
    name: 'an unknown source id in summary.sources',
    mutate: (d) => ((softcoup(d).summary as Json).sources = ['fixture-newz']),
    file: ENTRY,
    path: 'summary.sources[0]',
    message:
      /^unknown source id "fixture-newz" \(no data\/sources\/fixture-newz.json\) \(did you mean "fixture-news"\?\)$/,
    lineHas: '"fixture-newz"',
  },
  {
    name: 'an unknown source id in a timeline event',
    mutate: (d) => (item(softcoup(d), 'timeline', 1).sources = ['huffpost-x']),
    file: ENTRY,
    path: 'timeline[1].sources[0]',
    message: /^unknown source id "huffpost-x"/,
    lineHas: '"huffpost-x"',
  },
  {
    name: 'an unknown source id in a perspective',
    mutate: (d) => (item(softcoup(d), 'perspectives', 0).sources = ['fixture-news', 'huffpost-x']),
    file: ENTRY,
    path: 'perspectives[0].sources[1]',
    message: /^unknown source id "huffpost-x"/,
    lineHas: '"huffpost-x"',
  },
  {
    name: 'an unknown source id in an excerpt reference',
    mutate: (d) => (item(softcoup(d), 'excerpts', 2).source = 'huffpost-x'),
    file: ENTRY,
    path: 'excerpts[2].source',
    message: /^unknown source id "huffpost-x"/,
    lineHas: '"huffpost-x"',
  },
  {
    name: 'an unknown source id in furtherReading',
    mutate: (d) => (softcoup(d).furtherReading = ['huffpost-x']),
    file: ENTRY,
    path: 'furtherReading[0]',
    message: /^unknown source id "huffpost-x"/,
    lineHas: '"huffpost-x"',
  },
  {
    name: 'an unknown excerpt id',
    mutate: (d) => (item(softcoup(d), 'excerpts', 0).excerpt = 'startd'),
    file: ENTRY,
    path: 'excerpts[0].excerpt',
    message:
      /^unknown excerpt id "startd" in source "fixture-news" \(its excerpts: started, ridiculed, current-view\)$/,
    lineHas: '"startd"',
  },
  {
    name: 'an excerpt of a source that has none (archive null)',
    mutate: (d) => {
      ;(softcoup(d).excerpts as Json[])[2] = { source: 'fixture-reference', excerpt: 'intro' }
    },
    file: ENTRY,
    path: 'excerpts[2].excerpt',
    message: /^unknown excerpt id "intro" in source "fixture-reference" \(it has none\)$/,
    lineHas: '"intro"',
  },
  {
    name: 'the same excerpt shown twice in one entry',
    mutate: (d) => (item(softcoup(d), 'excerpts', 2).excerpt = 'started'),
    file: ENTRY,
    path: 'excerpts[2]',
    message: /^excerpt "started" of "fixture-news" is already excerpts\[0\]$/,
    lineHas: '{',
  },
  {
    name: 'an unknown related entry id',
    mutate: (d) => (softcoup(d).related = ['wesupportcorbin']),
    file: ENTRY,
    path: 'related[0]',
    message: /^unknown entry id "wesupportcorbin" .*\(did you mean "wesupportcorbyn"\?\)$/,
    lineHas: '"wesupportcorbin"',
  },
  {
    name: 'related pointing to the entry itself',
    mutate: (d) => (softcoup(d).related = ['softcoup']),
    file: ENTRY,
    path: 'related[0]',
    message: /^entry "softcoup" lists itself as related$/,
    lineHas: '"softcoup"',
  },
  // Duplicate hashtags.
  {
    name: 'a hashtag duplicated across entries (differing only in case)',
    mutate: (d) => (other(d).aliases = ['SOFTCOUP']),
    file: OTHER_ENTRY,
    path: 'aliases[0]',
    message:
      /^duplicate hashtag "SOFTCOUP": same as hashtags\[0\] "SoftCoup" in data\/entries\/softcoup.json/,
    lineHas: '"SOFTCOUP"',
  },
  {
    name: 'a hashtag duplicated within one entry (full-width alias)',
    mutate: (d) => (softcoup(d).aliases = ['SoftCoup2017', 'ＳｏｆｔＣｏｕｐ']),
    file: ENTRY,
    path: 'aliases[1]',
    message: /^duplicate hashtag "ＳｏｆｔＣｏｕｐ": same as hashtags\[0\] "SoftCoup" in this file/,
    lineHas: '"ＳｏｆｔＣｏｕｐ"',
  },
  // URLs.
  {
    name: 'a non-https URL (http)',
    mutate: (d) => (news(d).url = 'http://news.example.org/2017/soft-coup'),
    file: SOURCE,
    path: 'url',
    message: /^URL must use https, not http /,
    lineHas: '"url"',
  },
  {
    name: 'a URL with credentials',
    mutate: (d) => (news(d).url = 'https://user:secret@news.example.org/x'),
    file: SOURCE,
    path: 'url',
    message: /^URL must not contain credentials/,
    lineHas: '"url"',
  },
  {
    name: 'a javascript: URL',
    mutate: (d) => (news(d).url = 'javascript:alert(1)'),
    file: SOURCE,
    path: 'url',
    message: /^URL must use https, not javascript /,
    lineHas: '"url"',
  },
  {
    name: 'a data: URL',
    mutate: (d) => (news(d).url = 'data:text/html,<b>hi</b>'),
    file: SOURCE,
    path: 'url',
    message: /^URL must use https, not data /,
    lineHas: '"url"',
  },
  {
    name: 'a relative URL',
    mutate: (d) => (news(d).url = '/2017/soft-coup'),
    file: SOURCE,
    path: 'url',
    message: /is not an absolute URL/,
    lineHas: '"url"',
  },
  // Dates.
  {
    name: 'an impossible day (2017-02-30)',
    mutate: (d) => (news(d).published = '2017-02-30'),
    file: SOURCE,
    path: 'published',
    message: /^"2017-02-30" is not a date: 2017-02 has no day 30$/,
    lineHas: '"published"',
  },
  {
    name: 'an impossible month (2017-13)',
    mutate: (d) => (news(d).published = '2017-13'),
    file: SOURCE,
    path: 'published',
    message: /^"2017-13" is not a date: month 13 does not exist$/,
    lineHas: '"published"',
  },
  {
    name: 'a malformed date (28/02/2017)',
    mutate: (d) => (news(d).published = '28/02/2017'),
    file: SOURCE,
    path: 'published',
    message: /^"28\/02\/2017" is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD/,
    lineHas: '"published"',
  },
  {
    name: 'a 29 February outside a leap year in a timeline event',
    mutate: (d) => (item(softcoup(d), 'timeline', 0).date = '2017-02-29'),
    file: ENTRY,
    path: 'timeline[0].date',
    message: /^"2017-02-29" is not a date: 2017-02 has no day 29$/,
    lineHas: '"date"',
  },
  {
    name: 'a reviewed date that is not a full day',
    mutate: (d) => (softcoup(d).reviewed = '2026-11'),
    file: ENTRY,
    path: 'reviewed',
    message: /^"2026-11" is not a full date: expected YYYY-MM-DD$/,
    lineHas: '"reviewed"',
  },
  // Statements without a source.
  {
    name: 'a summary with no source',
    mutate: (d) => ((softcoup(d).summary as Json).sources = []),
    file: ENTRY,
    path: 'summary.sources',
    message: /^a statement needs at least one source; found 0$/,
    lineHas: '"sources"',
  },
  {
    name: 'a timeline event with no source',
    mutate: (d) => (item(softcoup(d), 'timeline', 1).sources = []),
    file: ENTRY,
    path: 'timeline[1].sources',
    message: /^a statement needs at least one source; found 0$/,
    lineHas: '"sources"',
  },
  {
    name: 'a perspective with no source',
    mutate: (d) => (item(softcoup(d), 'perspectives', 1).sources = []),
    file: ENTRY,
    path: 'perspectives[1].sources',
    message: /^a statement needs at least one source; found 0$/,
    lineHas: '"sources"',
  },
  // Ids and file names.
  {
    name: 'a source id that does not match its file name',
    mutate: (d) => (news(d).id = 'fixture-newspaper'),
    file: SOURCE,
    path: 'id',
    message: /^id "fixture-newspaper" does not match the file name "fixture-news.json"$/,
    lineHas: '"id"',
  },
  {
    name: 'an entry id that does not match its file name',
    mutate: (d) => (softcoup(d).id = 'soft-coup'),
    file: ENTRY,
    path: 'id',
    message: /^id "soft-coup" does not match the file name "softcoup.json"$/,
    lineHas: '"id"',
  },
  {
    name: 'an id that is not lower-case words joined by hyphens',
    mutate: (d) => (news(d).excerpts as Json[]).push({ id: 'Bad_Id', quote: 'x' }),
    file: SOURCE,
    path: 'excerpts[3].id',
    message: /^id "Bad_Id" must be lower-case letters and digits joined by single hyphens$/,
    lineHas: '"Bad_Id"',
  },
  {
    name: 'a duplicate excerpt id within a source',
    mutate: (d) => (news(d).excerpts as Json[]).push({ id: 'started', quote: 'x' }),
    file: SOURCE,
    path: 'excerpts[3].id',
    message: /^duplicate excerpt id "started" in this source$/,
    lineHas: '"started"',
  },
  {
    name: 'excerpts on a source whose archive is null',
    mutate: (d) => (news(d).archive = null),
    file: SOURCE,
    path: 'excerpts',
    message: /^a source with archive null cannot have excerpts/,
    lineHas: '"excerpts"',
  },
  {
    name: 'an archive that is a path rather than a corpus file name',
    mutate: (d) => (news(d).archive = '../secrets.txt'),
    file: SOURCE,
    path: 'archive',
    message: /must be a plain file name in the corpus folder/,
    lineHas: '"archive"',
  },
  // Excerpt count.
  {
    name: 'an entry with fewer than 2 excerpts',
    mutate: (d) => (other(d).excerpts = [{ source: 'fixture-blog', excerpt: 'tweet-count' }]),
    file: OTHER_ENTRY,
    path: 'excerpts',
    message:
      /^an entry shows 2 to 6 excerpts, or none when its sources have no archived text; found 1$/,
    lineHas: '"excerpts"',
  },
  {
    name: 'an entry with more than 6 excerpts',
    mutate: (d) => {
      const extra = ['e4', 'e5', 'e6', 'e7'].map((id) => ({ id, quote: `Quote ${id}` }))
      ;(news(d).excerpts as Json[]).push(...extra)
      ;(softcoup(d).excerpts as Json[]).push(
        ...extra.map((e) => ({ source: 'fixture-news', excerpt: e.id })),
      )
    },
    file: ENTRY,
    path: 'excerpts',
    message:
      /^an entry shows 2 to 6 excerpts, or none when its sources have no archived text; found 7$/,
    lineHas: '"excerpts"',
  },
  // Empty strings.
  {
    name: 'an empty title',
    mutate: (d) => (softcoup(d).title = ''),
    file: ENTRY,
    path: 'title',
    message: /^must not be empty$/,
    lineHas: '"title"',
  },
  {
    name: 'a summary text of only whitespace',
    mutate: (d) => ((softcoup(d).summary as Json).text = ' \n '),
    file: ENTRY,
    path: 'summary.text',
    message: /^must not be empty$/,
    lineHas: '"text"',
  },
  {
    name: 'an empty quote',
    mutate: (d) => (item(news(d), 'excerpts', 1).quote = ''),
    file: SOURCE,
    path: 'excerpts[1].quote',
    message: /^must not be empty$/,
    lineHas: '"quote"',
  },
  {
    name: 'an empty hashtag',
    mutate: (d) => (softcoup(d).aliases = ['']),
    file: ENTRY,
    path: 'aliases[0]',
    message: /^must not be empty$/,
    lineHas: '""',
  },
  // Hashtags that are not one valid hashtag (twitter-text rules, via isValidHashtag).
  {
    name: 'a hashtag with a space (two words are not one tag)',
    mutate: (d) => (softcoup(d).aliases = ['Soft Coup']),
    file: ENTRY,
    path: 'aliases[0]',
    message: /^"Soft Coup" is not a single valid hashtag/,
    lineHas: '"Soft Coup"',
  },
  {
    name: 'a hashtag of digits only (a tag needs a letter)',
    mutate: (d) => (softcoup(d).aliases = ['2017']),
    file: ENTRY,
    path: 'aliases[0]',
    message: /^"2017" is not a single valid hashtag/,
    lineHas: '"2017"',
  },
  {
    name: 'a hashtag written with its hash sign',
    mutate: (d) => (softcoup(d).hashtags = ['#SoftCoup']),
    file: ENTRY,
    path: 'hashtags[0]',
    message: /^write "SoftCoup" without the hash sign$/,
    lineHas: '"#SoftCoup"',
  },
  {
    name: 'aliases on an entry with no hashtag',
    mutate: (d) => (softcoup(d).hashtags = []),
    file: ENTRY,
    path: 'aliases',
    message: /^aliases need a hashtag: list the main spelling in hashtags$/,
    lineHas: '"aliases"',
  },
]

describe('compileIndex rejects bad data, naming file, field and line', () => {
  for (const c of cases) {
    it(c.name, () => {
      expectError(mutated(c.mutate), c)
    })
  }

  it('a JSON syntax error (trailing comma) gives line and column', () => {
    const input = files(validData())
    const entry = input.find((f) => f.path === ENTRY)!
    entry.text = entry.text.replace('"reviewed": "2026-11-20"', '"reviewed": "2026-11-20",')
    const errors = errorsOf(input)
    expect(errors).toHaveLength(1)
    const line = entry.text.split('\n').findIndex((l) => l.startsWith('}')) + 1
    expect(errors[0]).toMatchObject({ file: ENTRY, path: '', line, column: 1 })
    expect(errors[0]!.message).toMatch(/^invalid JSON: .*trailing comma/)
    expect(formatBuildError(errors[0]!)).toBe(`${ENTRY}:${line}:1: ${errors[0]!.message}`)
  })

  it('a comment in JSON is a syntax error pointing at the comment', () => {
    const input = [{ path: ENTRY, text: '{\n  // curator note\n  "id": "softcoup"\n}\n' }]
    const [error] = errorsOf(input)
    expect(error).toMatchObject({ file: ENTRY, line: 2, column: 3 })
    expect(error!.message).toMatch(/comments are not allowed/)
  })

  it('a key written twice in one object (JSON.parse would silently keep the last)', () => {
    const input = files(validData())
    const entry = input.find((f) => f.path === ENTRY)!
    entry.text = entry.text.replace('"reviewed":', '"title": "Another title",\n  "reviewed":')
    expectError(input, {
      file: ENTRY,
      path: 'title',
      message: /^key appears twice in the same object$/,
      lineHas: 'Another title',
    })
  })

  it('a file whose top level is not an object', () => {
    const input = [
      ...files(validData()).filter((f) => f.path !== ENTRY),
      { path: ENTRY, text: '[]\n' },
    ]
    expectError(input, {
      file: ENTRY,
      path: '',
      message: /^expected an object \{\.\.\.\}, got a list$/,
      lineHas: '[]',
    })
  })

  it('a duplicate entry id declared in two files names both files', () => {
    const input = files(validData())
    const copy = {
      ...input.find((f) => f.path === ENTRY)!,
      path: 'data/entries/softcoup-copy.json',
    }
    const errors = errorsOf([...input, copy])
    const listing = errors.map(formatBuildError)
    // Sorted by path, softcoup-copy.json comes first and owns the id.
    expect(listing).toContain(
      `${ENTRY}:2 id: duplicate entry id "softcoup": also declared in data/entries/softcoup-copy.json`,
    )
    expect(listing).toContain(
      'data/entries/softcoup-copy.json:2 id: id "softcoup" does not match the file name "softcoup-copy.json"',
    )
  })

  it('a file outside data/entries and data/sources', () => {
    const errors = errorsOf([...files(validData()), { path: 'data/misc/x.json', text: '{}' }])
    expect(errors).toEqual([
      {
        file: 'data/misc/x.json',
        path: '',
        line: null,
        message: 'not a data file: expected data/entries/<id>.json or data/sources/<id>.json',
      },
    ])
  })

  it('no entries at all', () => {
    const data = validData()
    data.entries = {}
    expect(errorsOf(files(data)).map(formatBuildError)).toEqual([
      'data/entries: no entries: the index needs at least one data/entries/<id>.json',
    ])
  })

  it('collects every error of every file in one run, sorted by file and line', () => {
    const input = mutated((d) => {
      softcoup(d).title = 42
      softcoup(d).related = ['nowhere']
      news(d).url = 'http://news.example.org/'
      other(d).reviewed = '2026-02-30'
    })
    const errors = errorsOf(input)
    expect(errors.map((e) => `${e.file} ${e.path}`)).toEqual([
      `${ENTRY} title`,
      `${ENTRY} related[0]`,
      `${OTHER_ENTRY} reviewed`,
      `${SOURCE} url`,
    ])
  })

  it('an invalid entry still has its references checked in the same run', () => {
    const input = mutated((d) => {
      delete softcoup(d).title
      ;(softcoup(d).summary as Json).sources = ['huffpost-x']
    })
    expect(errorsOf(input).map((e) => e.path)).toEqual(['title', 'summary.sources[0]'])
  })

  it('a broken source is reported once, not again as unknown ids where it is cited', () => {
    const input = files(validData())
    input.find((f) => f.path === SOURCE)!.text = '{ "id": "fixture-news", '
    const errors = errorsOf(input)
    expect(
      errors.every((e) => e.file === SOURCE),
      errors.map(formatBuildError).join('\n'),
    ).toBe(true)
  })
})

describe('compileIndex output', () => {
  it('compiles the valid fixture with entries, sources and every tag', () => {
    const result = compileIndex(files(validData()))
    if (!result.ok) throw new Error(result.errors.map(formatBuildError).join('\n'))
    const { index } = result
    expect(Object.keys(index.entries)).toEqual(['softcoup', 'wesupportcorbyn'])
    expect(Object.keys(index.sources)).toEqual([
      'fixture-blog',
      'fixture-news',
      'fixture-reference',
    ])
    expect(index.tags).toEqual({
      softcoup: 'softcoup',
      softcoup2017: 'softcoup',
      wesupportcorbyn: 'wesupportcorbyn',
    })
    expect(index.format).toBe(1)
    expect(index.reviewed).toBe('2026-11-21')
    expect(index.entries.softcoup!.hashtags).toEqual(['SoftCoup'])
    expect(result.warnings).toEqual([])
  })

  it('strips curator-only fields ($schema, notes)', () => {
    const result = compileIndex(files(validData()))
    if (!result.ok) throw new Error('fixture does not compile')
    const json = JSON.stringify(result.index)
    expect(json).not.toContain('$schema')
    expect(json).not.toContain('Curator note')
    expect(Object.keys(result.index.sources['fixture-news']!)).toEqual([
      'archive',
      'author',
      'excerpts',
      'id',
      'kind',
      'published',
      'publisher',
      'title',
      'url',
    ])
  })

  it('is deterministic: same bytes whatever the order the files come in', () => {
    const input = files(validData())
    const a = compileIndex(input)
    const b = compileIndex([...input].reverse())
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
  })

  it('versions the content: latest reviewed date and the sha256 of the canonical entries+sources', () => {
    const result = compileIndex(files(validData()))
    if (!result.ok) throw new Error('fixture does not compile')
    const { entries, sources } = result.index
    const hash = createHash('sha256').update(JSON.stringify({ entries, sources })).digest('hex')
    expect(result.index.version).toBe(`2026-11-21.${hash.slice(0, 8)}`)

    const changed = compileIndex(mutated((d) => (softcoup(d).title = 'Another title')))
    if (!changed.ok) throw new Error('mutation does not compile')
    expect(changed.index.version).toMatch(/^2026-11-21\.[0-9a-f]{8}$/)
    expect(changed.index.version).not.toBe(result.index.version)
  })

  it('accepts a leap day and dates of year or month precision', () => {
    const result = compileIndex(
      mutated((d) => {
        news(d).published = '2016-02-29'
        item(softcoup(d), 'timeline', 0).date = '2017'
      }),
    )
    expect(result.ok).toBe(true)
  })

  it('accepts a source whose title is not confirmed (null)', () => {
    const result = compileIndex(mutated((d) => (d.sources['fixture-reference']!.title = null)))
    if (!result.ok) throw new Error(result.errors.map(formatBuildError).join('\n'))
    expect(result.index.sources['fixture-reference']!.title).toBeNull()
  })

  it('accepts an entry with no excerpts, resting on sources with no archived text', () => {
    const result = compileIndex(
      mutated((d) => {
        other(d).excerpts = []
        other(d).summary = {
          text: 'Background from further reading.',
          sources: ['fixture-reference'],
        }
      }),
    )
    if (!result.ok) throw new Error(result.errors.map(formatBuildError).join('\n'))
    expect(result.index.entries.wesupportcorbyn!.excerpts).toEqual([])
    expect(result.index.entries.wesupportcorbyn!.summary.sources).toEqual(['fixture-reference'])
  })

  it('accepts a background entry with no hashtag that another entry relates to', () => {
    const result = compileIndex(
      mutated((d) => {
        softcoup(d).hashtags = []
        softcoup(d).aliases = []
      }),
    )
    if (!result.ok) throw new Error(result.errors.map(formatBuildError).join('\n'))
    expect(result.index.tags).toEqual({ wesupportcorbyn: 'wesupportcorbyn' })
    expect(result.warnings).toEqual([])
  })

  it('warns about an entry no reader can reach (no hashtag, nothing relates to it)', () => {
    const result = compileIndex(
      mutated((d) => {
        softcoup(d).hashtags = []
        softcoup(d).aliases = []
        other(d).related = []
      }),
    )
    if (!result.ok) throw new Error(result.errors.map(formatBuildError).join('\n'))
    expect(result.warnings.map(formatBuildError)).toEqual([
      `${ENTRY}:${lineOf(ENTRY, '"hashtags"')} hashtags: entry "softcoup" has no hashtag and no other entry lists it in related: readers cannot reach it`,
    ])
  })

  it('warns (without failing) about a source no entry cites and an excerpt no entry shows', () => {
    const result = compileIndex(
      mutated((d) => {
        softcoup(d).furtherReading = []
        softcoup(d).excerpts = (softcoup(d).excerpts as Json[]).slice(0, 2)
      }),
    )
    if (!result.ok) throw new Error(result.errors.map(formatBuildError).join('\n'))
    expect(result.warnings.map(formatBuildError)).toEqual([
      `${SOURCE}:${lineOf(SOURCE, '"current-view"')} excerpts[2].id: excerpt "current-view" is not shown by any entry`,
      `${REFERENCE}:2 id: source "fixture-reference" is not cited by any entry`,
    ])
  })
})

function lineOf(file: string, needle: string): number {
  const text = files(validData()).find((f) => f.path === file)!.text
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1
}

describe('formatBuildError', () => {
  it('prints file:line field: message', () => {
    expect(
      formatBuildError({
        file: 'data/entries/softcoup.json',
        path: 'summary.sources[0]',
        line: 14,
        message: 'unknown source id "huffpost-x"',
      }),
    ).toBe('data/entries/softcoup.json:14 summary.sources[0]: unknown source id "huffpost-x"')
  })

  it('leaves out what is not known', () => {
    expect(formatBuildError({ file: 'data/entries', path: '', line: null, message: 'm' })).toBe(
      'data/entries: m',
    )
  })
})
