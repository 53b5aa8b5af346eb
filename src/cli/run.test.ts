import fc from 'fast-check'
import index from 'virtual:fact-index'
import { describe, expect, it } from 'vitest'
import { findHashtags } from '../hashtags/tokenizer.ts'
import { runCli, type CliLimits, type JsonHit } from './run.ts'
import { memoryIo } from './test-support/memory-io.ts'
import type { SummaryJson } from './summary.ts'

interface Run {
  code: number
  out: string
  err: string
}

/** Runs the CLI on in-memory files and standard input (test-support/memory-io.ts). */
async function run(
  argv: string[],
  files: Record<string, string | Uint8Array> = {},
  stdin: string | Uint8Array = '',
  piece = 7,
  limits?: CliLimits,
): Promise<Run> {
  const { io, out, err } = memoryIo(files, stdin, piece)
  const code = await runCli(argv, io, index, '0.0.0-test', limits)
  return { code, out: out(), err: err() }
}

const json = (r: Run): JsonHit[] => (JSON.parse(r.out) as { hashtags: JsonHit[] }).hashtags

describe('hashtag-context scan', () => {
  it('prints each flagged hashtag with its entry title and sources, and leaves the rest out', async () => {
    const r = await run(['scan', 'post.txt'], {
      'post.txt': 'Wow.\nThe #SoftCoup has started #cult',
    })
    expect(r.code).toBe(0)
    expect(r.out).toContain('post.txt:2:5  #SoftCoup  The 2017 “soft coup” claim')
    expect(r.out).toContain('HuffPost UK')
    expect(r.out).toContain('https://www.huffingtonpost.co.uk/')
    expect(r.out).not.toContain('#cult')
    expect(r.out).toContain('1 flagged of 2 hashtags')
  })

  it('--all lists unflagged hashtags too', async () => {
    const r = await run(['scan', '--all', 'post.txt'], {
      'post.txt': 'The #SoftCoup has started #cult',
    })
    expect(r.out).toContain('#cult  (not in index)')
  })

  it('--json gives offsets of the hash sign and entry ids; case, width and spelling variants reach one entry', async () => {
    const text = 'A #softcoup, ＃ＳｏｆｔＣｏｕｐ and #SoftCoupPlotters; #WeSupportCorbyn!'
    const hits = json(await run(['scan', '--json', '--all', '-'], {}, text))
    const at = { file: '<stdin>', line: 1 }
    expect(hits).toEqual([
      { tag: 'softcoup', start: 2, end: 11, entry: 'softcoup', ...at, column: 3 },
      { tag: 'ＳｏｆｔＣｏｕｐ', start: 13, end: 22, entry: 'softcoup', ...at, column: 14 },
      { tag: 'SoftCoupPlotters', start: 27, end: 44, entry: null, ...at, column: 28 },
      { tag: 'WeSupportCorbyn', start: 46, end: 62, entry: 'wesupportcorbyn', ...at, column: 47 },
    ])
    for (const h of hits) expect(text.slice(h.start, h.end)).toBe(`${text[h.start]}${h.tag}`)
  })

  it('--json without --all keeps only flagged hashtags', async () => {
    const hits = json(await run(['scan', '--json', '-'], {}, '#SoftCoup #cult'))
    expect(hits.map((h) => h.tag)).toEqual(['SoftCoup'])
  })

  it('reads .html files as visible text only and reports positions in the HTML source', async () => {
    const html =
      '<html><head><script>"#SoftCoup"</script></head>\n<body><p>Then <a href="/hashtag/SoftCoup">#SoftCoup</a></p></body></html>'
    const r = await run(['scan', 'page.html'], { 'page.html': html })
    expect(r.out).toMatch(/^page\.html:2:\d+ {2}#SoftCoup/m)
    expect(r.out).toContain('1 flagged of 1 hashtag ')
  })

  it('agrees with the tokenizer on any text (--json --all)', async () => {
    const fragments = fc.constantFrom(
      '#SoftCoup',
      '#softcoup',
      '＃SoftCoup',
      '#WeSupportCorbyn',
      '#cult',
      ' ',
      '\n',
      'abc',
      'https://x.org/',
      '#',
      '.',
      'é',
      '🙂',
    )
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fragments, fc.string()), { maxLength: 12 }),
        async (parts) => {
          const text = parts.join('')
          const hits = json(await run(['scan', '--json', '--all', '-'], {}, text))
          expect(hits.map(({ tag, start, end }) => ({ tag, start, end }))).toEqual(
            findHashtags(text),
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  it('a missing file is a one-line error with exit code 2', async () => {
    const r = await run(['scan', 'nope.txt'])
    expect(r.code).toBe(2)
    expect(r.err).toBe('hashtag-context: nope.txt: no such file\n')
  })

  it('binary data is refused with exit code 2', async () => {
    const r = await run(['scan', 'x.bin'], {
      'x.bin': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]),
    })
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^hashtag-context: x\.bin: binary data/)
    const latin1 = await run(['scan', 'l.txt'], {
      'l.txt': new Uint8Array([0x23, 0x61, 0xe9, 0x20]),
    })
    expect(latin1.code).toBe(2)
    expect(latin1.err).toMatch(/not valid UTF-8/)
  })

  it('an unknown option or command is a usage error with exit code 2', async () => {
    expect((await run(['scan', '--bogus', 'a.txt'])).code).toBe(2)
    expect((await run(['frobnicate'])).err).toMatch(/unknown command "frobnicate"/)
  })
})

describe('hashtag-context scan: streaming, folders and limits', () => {
  it('names the byte where binary data or invalid UTF-8 shows, however the input is cut', async () => {
    const text = new TextEncoder().encode('#SoftCoup '.repeat(30))
    const withNul = new Uint8Array([...text, 0, 1])
    const r = await run(['scan', 'x.txt'], { 'x.txt': withNul }, '', 64)
    expect(r.code).toBe(2)
    expect(r.err).toBe('hashtag-context: x.txt: binary data (a NUL byte at byte 300), not text\n')
    const latin1 = await run(['scan', 'l.txt'], { 'l.txt': new Uint8Array([...text, 0xe9, 0x20]) })
    expect(latin1.err).toMatch(/^hashtag-context: l\.txt: not valid UTF-8 text \(at byte 30\d\)/)
  })

  it('decodes characters whose bytes are split between pieces', async () => {
    const text = 'é🙂 #Ελλάδα ＃ＳｏｆｔＣｏｕｐ\n日本 #日本'
    for (const piece of [1, 2, 3, 5]) {
      const hits = json(
        await run(['scan', '--json', '--all', 'u.txt'], { 'u.txt': text }, '', piece),
      )
      expect(hits.map((h) => [h.tag, h.line, h.column])).toEqual([
        ['Ελλάδα', 1, 4],
        ['ＳｏｆｔＣｏｕｐ', 1, 12],
        ['日本', 2, 4],
      ])
    }
  })

  it('scans several files and the text files of a folder in name order, and says what it left out', async () => {
    const files = {
      'd/b.txt': '#SoftCoup',
      'd/a.md': 'x #WeSupportCorbyn',
      'd/sub/c.html': '<p>#SoftCoup</p>',
      'd/img.png': new Uint8Array([0x89, 0x50, 0, 0]),
      'd/.hidden.txt': '#SoftCoup',
      'one.txt': '#SoftCoup',
    }
    const r = await run(['scan', 'd', 'one.txt'], files)
    expect(r.code).toBe(0)
    expect(r.out.split('\n').filter((l) => l.includes('  #'))).toEqual([
      expect.stringMatching(/^d\/a\.md:1:3 {2}#WeSupportCorbyn/),
      expect.stringMatching(/^d\/b\.txt:1:1 {2}#SoftCoup/),
      expect.stringMatching(/^d\/sub\/c\.html:1:4 {2}#SoftCoup/),
      expect.stringMatching(/^one\.txt:1:1 {2}#SoftCoup/),
    ])
    expect(r.out).toContain('4 flagged of 4 hashtags (2 entries) in 4 inputs')
    expect(r.err).toBe(
      'hashtag-context: d: 1 file left out (not .txt, .text, .md, .html, .htm); name a file to scan it\n',
    )
  })

  it('a missing file among others is reported, the others are scanned, and the status is 2', async () => {
    const r = await run(['scan', 'gone.txt', 'here.txt'], { 'here.txt': '#SoftCoup' })
    expect(r.code).toBe(2)
    expect(r.err).toBe('hashtag-context: gone.txt: no such file\n')
    expect(r.out).toContain('1 flagged of 1 hashtag (1 entry) in here.txt')
  })

  it('refuses HTML over the size limit with the reason and what to do, before reading it', async () => {
    const big = '<p>#SoftCoup</p>'.repeat(10)
    const r = await run(['scan', 'big.html'], { 'big.html': big }, '', 7, { htmlBytes: 100 })
    expect(r.code).toBe(2)
    expect(r.err).toMatch(
      /^hashtag-context: big\.html: HTML is read whole and this file is larger than the .* limit; extract its text first/,
    )
    const piped = await run(['scan', '--html', '-'], {}, big, 7, { htmlBytes: 100 })
    expect(piped.err).toMatch(/<stdin>: HTML is read whole/)
    // the same bytes as plain text are streamed
    expect((await run(['scan', '-'], {}, big, 7, { htmlBytes: 100 })).code).toBe(0)
  })
})

const TWEETS = [
  '{"id":1,"created_at":"Wed Jun 07 10:00:00 +0000 2017","data":{"full_text":"The #SoftCoup is on #cult"}}',
  '{"id":2,"created_at":"2017-06-09T08:00:00Z","data":{"full_text":"#softcoup again, #WeSupportCorbyn"}}',
  '{"id":3,"created_at":"2017-06-09T09:00:00Z","data":{"full_text":"no tags"}}',
  '{"id":4,"created_at":"2017-06-12T09:00:00Z","data":{"full_text":"#SoftCoup #cult #cult"}}',
].join('\n')

describe('hashtag-context scan --jsonl / --csv', () => {
  it('lists hits of a JSON-lines field with file:line and the record date', async () => {
    const r = await run(['scan', '--jsonl', 'data.full_text', '--date', 'created_at', 't.jsonl'], {
      't.jsonl': TWEETS,
    })
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^t\.jsonl:1 2017-06-07 {2}#SoftCoup {2}The 2017/m)
    expect(r.out).toMatch(/^t\.jsonl:2 2017-06-09 {2}#softcoup /m)
    expect(r.out).toContain('4 flagged of 7 hashtags (2 entries) in t.jsonl')
    const hits = json(
      await run(
        ['scan', '--json', '--jsonl', 'data.full_text', '--date', 'created_at', 't.jsonl'],
        { 't.jsonl': TWEETS },
      ),
    )
    expect(hits[1]).toEqual({
      tag: 'softcoup',
      start: 0,
      end: 9,
      entry: 'softcoup',
      file: 't.jsonl',
      line: 2,
      column: 1,
      date: '2017-06-09',
    })
  })

  it('reports a malformed line as file:line: reason, skips it and exits 1; --strict stops with 2', async () => {
    const files = { 't.jsonl': '{"text":"#SoftCoup"}\n{"text":\n{"text":"#SoftCoup"}\n' }
    const r = await run(['scan', '--jsonl', 'text', 't.jsonl'], files)
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^t\.jsonl:2: not JSON/)
    expect(r.out).toContain('2 flagged of 2 hashtags')
    const strict = await run(['scan', '--strict', '--jsonl', 'text', 't.jsonl'], files)
    expect(strict.code).toBe(2)
    expect(strict.err).toMatch(/^hashtag-context: t\.jsonl:2: not JSON.*\(--strict\)$/m)
  })

  it('shows the first problems of a file and counts the rest', async () => {
    const lines = ['{"text":"#SoftCoup"}', ...Array.from({ length: 25 }, () => 'oops')].join('\n')
    const r = await run(['scan', '--jsonl', 'text', 'many.jsonl'], { 'many.jsonl': lines })
    const err = r.err.trim().split('\n')
    expect(err).toHaveLength(21)
    expect(err[20]).toBe('many.jsonl: 5 more problems like these not shown')
    expect(r.code).toBe(1)
  })

  it('reads a CSV column with quoted commas, quotes and line breaks', async () => {
    const csv =
      'id,text,when\r\n1,"Hello, ""#SoftCoup""\nnext line #cult",2017-06-09\r\n2,#WeSupportCorbyn,2020-11-18\r\n'
    const r = await run(
      ['scan', '--all', '--csv', 'text', '--date', 'when', 's.csv'],
      { 's.csv': csv },
      '',
      5,
    )
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^s\.csv:2 2017-06-09 {2}#SoftCoup /m)
    expect(r.out).toMatch(/^s\.csv:2 2017-06-09 {2}#cult {2}\(not in index\)/m)
    expect(r.out).toMatch(/^s\.csv:4 2020-11-18 {2}#WeSupportCorbyn /m)
  })

  it('a CSV without the column is an input error naming the header', async () => {
    const r = await run(['scan', '--csv', 'body', 's.csv'], { 's.csv': 'id,text\n1,#a\n' })
    expect(r.code).toBe(2)
    expect(r.err).toBe('hashtag-context: s.csv:1: no column "body" in the header ("id", "text")\n')
  })

  it('--date without --jsonl or --csv, or both formats, is a usage error', async () => {
    expect((await run(['scan', '--date', 'x', 'a.txt'])).code).toBe(2)
    expect((await run(['scan', '--jsonl', 'a', '--csv', 'b', 'a.txt'])).err).toMatch(/choose one/)
  })
})

describe('hashtag-context scan --summary', () => {
  it('counts per entry and flagged hashtag, with first and last day and counts per day', async () => {
    const r = await run(
      ['scan', '--summary', '--jsonl', 'data.full_text', '--date', 'created_at', 't.jsonl'],
      { 't.jsonl': TWEETS },
    )
    expect(r.code).toBe(0)
    expect(r.out).toContain(
      't.jsonl: 4 records, 7 hashtags, 4 flagged (2 entries), 2017-06-07 to 2017-06-12',
    )
    expect(r.out).toContain(
      'softcoup: The 2017 “soft coup” claim about Labour under Jeremy Corbyn: 3 hashtags, 2017-06-07 to 2017-06-12',
    )
    expect(r.out).toContain('  #SoftCoup 3')
    expect(r.out).toContain('  per day: 2017-06-07 1, 2017-06-09 1, 2017-06-12 1')
    expect(r.out).not.toContain('#cult')
  })

  it('--all --top N lists the most used hashtags, flagged or not; --json gives the documented shape', async () => {
    const args = [
      'scan',
      '--summary',
      '--all',
      '--top',
      '2',
      '--jsonl',
      'data.full_text',
      't.jsonl',
    ]
    const r = await run(args, { 't.jsonl': TWEETS })
    expect(r.out).toContain('Top 2 of 3 hashtags:')
    expect(r.out).toMatch(
      / {2}3 {2}#SoftCoup {2}\[softcoup\]\n {2}3 {2}#cult {2}\(not in index\)\n/,
    )
    const doc = JSON.parse(
      (await run([...args, '--json'], { 't.jsonl': TWEETS })).out,
    ) as SummaryJson
    expect(doc.summary).toMatchObject({
      inputs: ['t.jsonl'],
      records: 4,
      skipped: 0,
      hashtags: 7,
      flagged: 4,
      distinctTags: 3,
      first: null,
      tags: [
        { tag: 'SoftCoup', entry: 'softcoup', count: 3, first: null, last: null },
        { tag: 'cult', entry: null, count: 3, first: null, last: null },
      ],
    })
    expect(doc.summary.entries.map((e) => [e.id, e.count])).toEqual([
      ['softcoup', 3],
      ['wesupportcorbyn', 1],
    ])
  })
})

describe('hashtag-context --help', () => {
  it('every command has its help, with the exit codes', async () => {
    for (const argv of [['--help'], ['scan', '--help'], ['help', 'scan'], ['show', '--help']]) {
      const r = await run(argv)
      expect(r.code).toBe(0)
      expect(r.out).toMatch(/^Usage: hashtag-context|^Usage:\n/)
      expect(r.out).toMatch(/Exit status: 0/)
    }
    expect((await run(['scan', '--help'])).out).toContain('--jsonl FIELD')
    expect((await run(['show', '--help'])).out).not.toContain('--jsonl')
  })
})

describe('hashtag-context show', () => {
  it('prints the whole entry for a hashtag in any case', async () => {
    const r = await run(['show', '#SOFTCOUP'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('Timeline:')
    expect(r.out).toContain('Excerpts:')
    expect(r.out).toContain('BREAKING: The #SoftCoup has started.')
    expect(r.out).toContain(`index ${index.version}`)
  })

  it('says so for an entry without excerpts, and still lists its sources', async () => {
    const entry = Object.values(index.entries).find((e) => e.excerpts.length === 0)
    if (!entry) throw new Error('the index has no entry without excerpts')
    const r = await run(['show', entry.id])
    expect(r.code).toBe(0)
    const excerpts = r.out.slice(r.out.indexOf('Excerpts:'), r.out.indexOf('Sources:'))
    expect(excerpts).toBe(
      'Excerpts:\n  none: no source has an archived text to quote; see the sources below\n\n',
    )
    for (const id of entry.summary.sources) expect(r.out).toContain(`  ${id}: `)
  })

  it('says when a tag is not in the index', async () => {
    const r = await run(['show', 'NoSuchTag'])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/NoSuchTag: not in the index/)
  })
})
