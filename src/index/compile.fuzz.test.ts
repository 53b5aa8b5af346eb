/**
 * Property tests: any valid data set compiles, and breaking any one field of any file makes the
 * build fail with an error that names that file and that field, on the field's line.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeTag } from '../hashtags/normalize.ts'
import { compileIndex, formatBuildError, type BuildError } from './compile.ts'
import { files, fixturePath, type FixtureData } from './fixtures/valid-data.ts'

type Json = Record<string, unknown>

const RUNS = 400

const slug = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?$/)
const words = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.'’“”-]{0,40}$/)
const tag = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,12}$/)

const day = fc
  .record({
    y: fc.integer({ min: 1990, max: 2030 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
const partialDate = fc.option(
  fc.tuple(day, fc.constantFrom(4, 7, 10)).map(([date, length]) => date.slice(0, length)),
)

const sourceArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    publisher: words,
    title: words,
    author: fc.option(words),
    published: partialDate,
    url: slug.map((s) => `https://${s}.example.org/${id}`),
    kind: fc.constantFrom('news', 'opinion-blog', 'primary', 'reference'),
    archive: fc.constant(`${id}.txt`),
    excerpts: fc
      .uniqueArray(slug, { minLength: 2, maxLength: 4 })
      .chain((ids) => fc.tuple(...ids.map((e) => fc.record({ id: fc.constant(e), quote: words })))),
  })

/** A valid data set: 1-3 sources (each with archived excerpts) and 1-3 entries citing them. */
const dataArb: fc.Arbitrary<FixtureData> = fc
  .record({
    sourceIds: fc.uniqueArray(slug, { minLength: 1, maxLength: 3 }),
    entryIds: fc.uniqueArray(slug, { minLength: 1, maxLength: 3 }),
  })
  .chain(({ sourceIds, entryIds }) =>
    fc
      .record({
        sources: fc.tuple(...sourceIds.map((id) => sourceArb(`s-${id}`))),
        tags: fc.uniqueArray(tag, {
          minLength: entryIds.length * 2,
          maxLength: entryIds.length * 2,
          selector: normalizeTag,
        }),
      })
      .chain(({ sources, tags }) => {
        const ids = sources.map((s) => s.id)
        const pairs = sources.flatMap((s) =>
          s.excerpts.map((e) => ({ source: s.id, excerpt: e.id })),
        )
        const statement = fc.subarray(ids, { minLength: 1 })
        const entries = entryIds.map((raw, i) => {
          const id = `e-${raw}`
          return fc.record({
            id: fc.constant(id),
            hashtags: fc.constant([tags[2 * i]!]),
            aliases: fc.constant([tags[2 * i + 1]!]),
            title: words,
            summary: fc.record({ text: words, sources: statement }),
            timeline: fc.array(fc.record({ date: partialDate, event: words, sources: statement }), {
              maxLength: 3,
            }),
            perspectives: fc.array(fc.record({ label: words, text: words, sources: statement }), {
              maxLength: 2,
            }),
            excerpts: fc.shuffledSubarray(pairs, {
              minLength: 2,
              maxLength: Math.min(6, pairs.length),
            }),
            furtherReading: fc.subarray(ids),
            related: fc.subarray(entryIds.map((e) => `e-${e}`).filter((e) => e !== id)),
            reviewed: day,
          })
        })
        return fc.tuple(fc.constant(sources), fc.tuple(...entries))
      })
      .map(([sources, entries]) => ({
        sources: Object.fromEntries(sources.map((s) => [s.id, s as Json])),
        entries: Object.fromEntries(entries.map((e) => [e.id, e as Json])),
      })),
  )

interface Mutation {
  kind: 'entries' | 'sources'
  id: string
  /** The path of the broken field, as the error must name it. */
  path: (string | number)[]
  /** 'delete' removes the key; otherwise the value to put there. */
  value: unknown
}

const REQUIRED_SOURCE_KEYS = ['id', 'publisher', 'title', 'author', 'published', 'url', 'kind']
const REQUIRED_ENTRY_KEYS = ['hashtags', 'aliases', 'title', 'summary', 'timeline', 'excerpts']
const BAD_DATES = ['2017-02-30', '2017-13', '17-02-01', '2019-02-29', '2017-1-1', '2017-00']

function mutationArb(data: FixtureData): fc.Arbitrary<Mutation> {
  const sourceIds = Object.keys(data.sources)
  const entryIds = Object.keys(data.entries)
  const inSource = (path: (string | number)[], value: fc.Arbitrary<unknown>) =>
    fc
      .tuple(fc.constantFrom(...sourceIds), value)
      .map(([id, v]): Mutation => ({ kind: 'sources', id, path, value: v }))
  const inEntry = (pathOf: (e: Json) => fc.Arbitrary<(string | number)[]>, value: unknown) =>
    fc
      .constantFrom(...entryIds)
      .chain((id) =>
        pathOf(data.entries[id]!).map((path): Mutation => ({ kind: 'entries', id, path, value })),
      )

  return fc.oneof(
    // Delete a required key.
    fc.constantFrom(...REQUIRED_SOURCE_KEYS).chain((k) => inSource([k], fc.constant('delete'))),
    inEntry(() => fc.constantFrom(...REQUIRED_ENTRY_KEYS).map((k) => [k]), 'delete'),
    inEntry(() => fc.constant(['summary', 'sources']), 'delete'),
    // Wrong type.
    fc
      .constantFrom(...REQUIRED_SOURCE_KEYS, 'excerpts')
      .chain((k) => inSource([k], fc.constant(12345))),
    inEntry(() => fc.constantFrom(...REQUIRED_ENTRY_KEYS, 'reviewed').map((k) => [k]), true),
    inEntry(() => fc.constant(['summary', 'text']), ['not', 'a', 'string']),
    // Bad date.
    inSource(['published'], fc.constantFrom(...BAD_DATES)),
    fc.constantFrom(...BAD_DATES).chain((bad) => inEntry(() => fc.constant(['reviewed']), bad)),
    fc.constantFrom(...BAD_DATES).chain((bad) =>
      inEntry((e) => {
        const timeline = e.timeline as Json[]
        return timeline.length === 0
          ? fc.constant(['reviewed'])
          : fc.nat(timeline.length - 1).map((i) => ['timeline', i, 'date'])
      }, bad),
    ),
    // A URL that is not https.
    fc
      .constantFrom(
        'http://example.org/a',
        'ftp://example.org/a',
        'javascript:alert(1)',
        'https://u:p@example.org/',
      )
      .chain((url) => inSource(['url'], fc.constant(url))),
    // An unknown id.
    inEntry(() => fc.constant(['summary', 'sources', 0]), 'no-such-source'),
    inEntry(
      (e) => fc.nat((e.excerpts as Json[]).length - 1).map((i) => ['excerpts', i, 'source']),
      'no-such-source',
    ),
    inEntry(
      (e) => fc.nat((e.excerpts as Json[]).length - 1).map((i) => ['excerpts', i, 'excerpt']),
      'no-such-excerpt',
    ),
    inEntry(() => fc.constant(['related', 0]), 'no-such-entry'),
    inEntry(() => fc.constant(['furtherReading', 0]), 'no-such-source'),
  )
}

/** Applies `m` to a copy of `data`. */
function apply(data: FixtureData, m: Mutation): FixtureData {
  const copy = structuredClone(data)
  let parent: unknown = copy[m.kind][m.id]
  for (const key of m.path.slice(0, -1)) parent = (parent as Json)[key as string]
  const last = m.path.at(-1)!
  if (m.value === 'delete') delete (parent as Json)[last as string]
  else (parent as Json)[last as string] = m.value
  return copy
}

function pathText(path: (string | number)[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('')
}

describe('compileIndex (property-based)', () => {
  it(`compiles every generated valid data set (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(dataArb, (data) => {
        const result = compileIndex(files(data))
        if (!result.ok) throw new Error(result.errors.map(formatBuildError).join('\n'))
      }),
      { numRuns: RUNS },
    )
  })

  it(`fails on any one broken field, naming its file, path and line (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        dataArb.chain((data) => fc.tuple(fc.constant(data), mutationArb(data))),
        ([data, mutation]) => {
          const input = files(apply(data, mutation))
          const result = compileIndex(input)
          expect(result.ok).toBe(false)
          const errors: BuildError[] = result.ok ? [] : result.errors
          const file = fixturePath(mutation.kind, mutation.id)
          // related[0] / furtherReading[0] may not exist in the valid data: then the mutation adds it.
          const path = pathText(mutation.path)
          const hit = errors.find((e) => e.file === file && e.path === path)
          expect(hit, `${file} ${path}:\n${errors.map(formatBuildError).join('\n')}`).toBeDefined()
          expect(hit!.line).toBeTypeOf('number')
          if (mutation.value !== 'delete') {
            const line = input.find((f) => f.path === file)!.text.split('\n')[hit!.line! - 1]!
            const last = mutation.path.at(-1)!
            // The line holds the key of the field, or for a list item the item itself.
            const onLine =
              typeof last === 'string' ? JSON.stringify(last) : JSON.stringify(mutation.value)
            expect(line).toContain(onLine)
          }
        },
      ),
      { numRuns: RUNS },
    )
  })
})
