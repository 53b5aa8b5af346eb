import fc from 'fast-check'
import index from 'virtual:fact-index'
import { describe, expect, it } from 'vitest'
import { findHashtags } from '../hashtags/tokenizer.ts'
import { runCli, type CliIo, type ScanHit } from './run.ts'

interface Run {
  code: number
  out: string
  err: string
}

/** Runs the CLI on in-memory files and standard input. */
async function run(
  argv: string[],
  files: Record<string, string | Uint8Array> = {},
  stdin = '',
): Promise<Run> {
  let out = ''
  let err = ''
  const bytes = (v: string | Uint8Array): Uint8Array =>
    typeof v === 'string' ? new TextEncoder().encode(v) : v
  const io: CliIo = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readFile: (path) => {
      const file = files[path]
      if (file === undefined)
        return Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }))
      return Promise.resolve(bytes(file))
    },
    readStdin: () => Promise.resolve(bytes(stdin)),
  }
  const code = await runCli(argv, io, index, '0.0.0-test')
  return { code, out, err }
}

const json = (r: Run): ScanHit[] => (JSON.parse(r.out) as { hashtags: ScanHit[] }).hashtags

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
    expect(hits).toEqual([
      { tag: 'softcoup', start: 2, end: 11, entry: 'softcoup' },
      { tag: 'ＳｏｆｔＣｏｕｐ', start: 13, end: 22, entry: 'softcoup' },
      { tag: 'SoftCoupPlotters', start: 27, end: 44, entry: null },
      { tag: 'WeSupportCorbyn', start: 46, end: 62, entry: 'wesupportcorbyn' },
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
