import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CsvHeaderError,
  CsvParser,
  csvReader,
  dayOf,
  jsonlReader,
  type RecordProblem,
  type RecordReader,
  type TextRecord,
} from './records.ts'

/** Feeds `text` to a reader in pieces cut at `cuts`. */
function feed(reader: RecordReader, text: string, cuts: number[] = []): void {
  let from = 0
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    reader.push(text.slice(from, cut))
    from = cut
  }
  reader.push(text.slice(from))
  reader.end()
}

function collect(
  make: (sink: { record(r: TextRecord): void; problem(p: RecordProblem): void }) => RecordReader,
  text: string,
  cuts?: number[],
) {
  const records: TextRecord[] = []
  const problems: RecordProblem[] = []
  feed(make({ record: (r) => records.push(r), problem: (p) => problems.push(p) }), text, cuts)
  return { records, problems }
}

/** RFC 4180 writing: quote a field when it holds a comma, quote or line break. */
const csvField = (f: string): string => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)

describe('CSV (RFC 4180)', () => {
  const field = fc.string({
    unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', '#', 'é', '🙂'),
  })
  const table = fc.integer({ min: 1, max: 4 }).chain((width) =>
    fc.array(fc.array(field, { minLength: width, maxLength: width }), {
      minLength: 1,
      maxLength: 6,
    }),
  )

  it('reads back any table written by the RFC rules, however the text is cut', () => {
    fc.assert(
      fc.property(
        table,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        (rows, cuts, eol) => {
          // a lone empty field on a row is written quoted: a bare blank line is no record
          const text =
            rows
              .map((r) => r.map((f) => (r.length === 1 && f === '' ? '""' : csvField(f))).join(','))
              .join(eol) + eol
          const got: string[][] = []
          const bad: string[] = []
          feed(
            new CsvParser(
              (fields) => got.push(fields),
              (_, reason) => bad.push(reason),
            ),
            text,
            cuts.map((c) => c % (text.length + 1)),
          )
          expect(bad).toEqual([])
          expect(got).toEqual(rows)
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('gives each record the line where it starts, counting line breaks inside quotes', () => {
    const { records } = collect(
      (s) => csvReader('text', null, s),
      'id,text\n1,"two\nlines #a"\n2,#b\n',
    )
    expect(records.map((r) => [r.line, r.text])).toEqual([
      [2, 'two\nlines #a'],
      [4, '#b'],
    ])
  })

  it('reports a stray quote, text after a closing quote, a wrong field count and an unclosed quote, and keeps the good records', () => {
    const text =
      'id,text\n1,ok #a\n2,bad"quote\n3,"closed"after\n4,x,extra\n5,fine #b\n6,"never closed\n7,x\n'
    const { records, problems } = collect((s) => csvReader('text', null, s), text, [13, 30])
    expect(records.map((r) => r.text)).toEqual(['ok #a', 'fine #b'])
    expect(problems).toEqual([
      { line: 3, reason: 'a quote inside an unquoted field' },
      { line: 4, reason: 'text after a closing quote' },
      { line: 5, reason: '3 fields, the header has 2' },
      { line: 7, reason: 'a quoted field is not closed at the end of the file' },
    ])
  })

  it('a column missing from the header stops the file, naming the columns there are', () => {
    expect(() => collect((s) => csvReader('body', null, s), 'id,text\n1,a\n')).toThrow(
      new CsvHeaderError('no column "body" in the header ("id", "text")'),
    )
  })

  it('--date reads the day of a column and reports one it cannot read, keeping the record', () => {
    const { records, problems } = collect(
      (s) => csvReader('text', 'when', s),
      'when,text\n2017-06-09T10:00:00Z,#a\nsoon,#b\n',
    )
    expect(records.map((r) => [r.text, r.date])).toEqual([
      ['#a', '2017-06-09'],
      ['#b', null],
    ])
    expect(problems).toEqual([
      { line: 3, reason: '"when" is not a date; hashtags counted without a date' },
    ])
  })
})

describe('JSON lines', () => {
  it('reads a dotted field of each object, across pieces and CR LF line ends', () => {
    const text = '{"data":{"full_text":"one #a"}}\r\n\n{"data":{"full_text":"two #b"}}'
    for (let cut = 0; cut <= text.length; cut++) {
      const { records, problems } = collect((s) => jsonlReader('data.full_text', null, s), text, [
        cut,
      ])
      expect(problems).toEqual([])
      expect(records.map((r) => [r.line, r.text])).toEqual([
        [1, 'one #a'],
        [3, 'two #b'],
      ])
    }
  })

  it('reports each malformed line with its number and reason, and reads the rest', () => {
    const text = [
      '{"text":"ok #a"}',
      '{"text": "cut',
      '[1,2]',
      '{"user":{}}',
      '{"text":null}',
      '{"data":"x"}',
      '{"text":"fine #b"}',
    ].join('\n')
    const { records, problems } = collect((s) => jsonlReader('text', null, s), text)
    expect(records.map((r) => r.text)).toEqual(['ok #a', 'fine #b'])
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6])
    expect(problems[0]!.reason).toMatch(/^not JSON/)
    expect(problems.slice(1).map((p) => p.reason)).toEqual([
      'an array, not a JSON object',
      'no field "text"',
      'field "text" is null, not text',
      'no field "text"',
    ])
    const nested = collect((s) => jsonlReader('data.full_text', null, s), '{"data":"x"}')
    expect(nested.problems[0]!.reason).toBe('"data" is a string, not an object')
  })

  it('without parseAll, skips parsing lines that cannot hold a hashtag but still checks their braces and field name', () => {
    const text = [
      '{"text":"plain"}',
      '{"text":"cut',
      '{"text":"\\u0023SoftCoup"}',
      '{"text":"#a"}',
      '{"other":1}',
    ].join('\n')
    const fast = collect((s) => jsonlReader('text', null, s, false), text)
    const full = collect((s) => jsonlReader('text', null, s, true), text)
    const tagged = (r: TextRecord[]): string[] =>
      r.map((x) => x.text as string).filter((t) => t.includes('#'))
    expect(tagged(fast.records)).toEqual(['#SoftCoup', '#a'])
    expect(tagged(full.records)).toEqual(tagged(fast.records))
    expect(fast.records).toHaveLength(3)
    expect(fast.problems.map((p) => p.line)).toEqual([2, 5])
    expect(full.problems.map((p) => [p.line, p.reason])).toEqual([
      [2, expect.stringMatching(/^not JSON/)],
      [5, 'no field "text"'],
    ])
  })

  it('--date gives the record day from ISO dates, Twitter dates and epoch numbers', () => {
    expect(dayOf('2017-06-09T23:30:00-05:00')).toBe('2017-06-09')
    expect(dayOf('Wed Oct 10 20:19:24 +0000 2018')).toBe('2018-10-10')
    expect(dayOf(1497052800)).toBe('2017-06-10')
    expect(dayOf(1497052800000)).toBe('2017-06-10')
    expect(dayOf('yesterday')).toBeNull()
    expect(dayOf(true)).toBeNull()
  })
})
