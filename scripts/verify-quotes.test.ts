import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { compileIndex, formatBuildError } from '../src/index/compile.ts'
import { formatQuoteProblem, verifyQuotes } from '../src/index/verify.ts'
import type { Io } from './build-index.ts'
import { readDataFiles, repoRoot } from './lib/read-data.ts'
import { archiveReader, DEFAULT_CORPUS, main } from './verify-quotes.ts'

const FIXTURES = path.join(repoRoot, 'src/index/fixtures')
const FIXTURE_DATA = path.join(FIXTURES, 'data')
const FIXTURE_CORPUS = path.join(FIXTURES, 'corpus')
const temporary: string[] = []

async function tempCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'verify-quotes-'))
  temporary.push(dir)
  await cp(FIXTURES, dir, { recursive: true })
  return dir
}

afterEach(async () => {
  await Promise.all(temporary.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

function captureIo(): Io & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = []
  const errLines: string[] = []
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) }
}

async function editSource(dir: string, id: string, edit: (text: string) => string): Promise<void> {
  const file = path.join(dir, 'data', 'sources', `${id}.json`)
  await writeFile(file, edit(await readFile(file, 'utf8')))
}

describe('verify-quotes', () => {
  it('passes the fixture data and says how many excerpts it checked', async () => {
    const io = captureIo()
    expect(await main(['--data', FIXTURE_DATA, '--corpus', FIXTURE_CORPUS], io)).toBe(0)
    expect(io.outLines).toEqual(['4 excerpts verbatim in 2 sources'])
  })

  it('exits 1 naming source, excerpt and file of a quote that is not verbatim', async () => {
    const dir = await tempCopy()
    await editSource(dir, 'fixture-news', (t) => t.replace('largely ridiculed', 'widely ridiculed'))
    const io = captureIo()
    const code = await main(
      ['--data', path.join(dir, 'data'), '--corpus', path.join(dir, 'corpus')],
      io,
    )
    expect(code).toBe(1)
    expect(io.errLines[0]).toMatch(
      /^source "fixture-news" excerpt "ridiculed" \(fixture-news.txt\): not verbatim: matches up to "Critics said the idea was "/,
    )
    expect(io.errLines.at(-1)).toMatch(/^verify-quotes: 1 problem\(s\) in 4 excerpts/)
  })

  it('exits 1 naming the source whose archive file is missing', async () => {
    const dir = await tempCopy()
    await rm(path.join(dir, 'corpus', 'fixture-blog.txt'))
    const io = captureIo()
    const code = await main(
      ['--data', path.join(dir, 'data'), '--corpus', path.join(dir, 'corpus')],
      io,
    )
    expect(code).toBe(1)
    expect(io.errLines[0]).toBe(
      'source "fixture-blog": archive file fixture-blog.txt not found in the corpus',
    )
  })

  it('exits 2 naming the path and the flag when the corpus folder is missing', async () => {
    const io = captureIo()
    const missing = path.join(tmpdir(), 'no-such-corpus-folder')
    expect(await main(['--data', FIXTURE_DATA, '--corpus', missing], io)).toBe(2)
    expect(io.errLines).toEqual([
      `verify-quotes: corpus folder not found: ${missing}; pass --corpus DIR with the archived source texts`,
    ])
  })

  it('exits 1 without checking quotes when data/ does not compile', async () => {
    const dir = await tempCopy()
    await editSource(dir, 'fixture-news', (t) => t.replace('"https://', '"http://'))
    const io = captureIo()
    const code = await main(
      ['--data', path.join(dir, 'data'), '--corpus', path.join(dir, 'corpus')],
      io,
    )
    expect(code).toBe(1)
    expect(io.errLines[0]).toMatch(/fixture-news.json:\d+ url: URL must use https, not http/)
  })

  it('checks the shipped data against the archive in the repository when --corpus is not given', async () => {
    const io = captureIo()
    expect(await main([], io)).toBe(0)
    expect(io.errLines).toEqual([])
    expect(io.outLines).toEqual([expect.stringMatching(/^\d+ excerpts verbatim in \d+ sources$/)])
  })
})

describe('the shipped data', () => {
  it('quotes only text that is verbatim in the archived corpus (data/archive)', async () => {
    const result = compileIndex(await readDataFiles(path.join(repoRoot, 'data')))
    if (!result.ok)
      throw new Error(`data/ does not compile:\n${result.errors.map(formatBuildError).join('\n')}`)
    const excerpts = Object.values(result.index.sources).reduce((n, s) => n + s.excerpts.length, 0)
    expect(excerpts, 'data/ quotes nothing: the check would pass vacuously').toBeGreaterThan(0)
    expect(
      verifyQuotes(result.index, archiveReader(DEFAULT_CORPUS)).map(formatQuoteProblem),
    ).toEqual([])
  })
  it('gives each archived source the publication details data/archive/sources.json confirms', async () => {
    const result = compileIndex(await readDataFiles(path.join(repoRoot, 'data')))
    if (!result.ok) throw new Error('data/ does not compile')
    const listed = JSON.parse(
      await readFile(path.join(DEFAULT_CORPUS, 'sources.json'), 'utf8'),
    ) as { sources: Record<string, unknown>[] }
    const archived = Object.values(result.index.sources).filter((s) => s.archive !== null)
    expect(archived.length).toBeGreaterThan(0)
    for (const source of archived) {
      const record = listed.sources.find((r) => r.file === source.archive)
      expect(record, `${source.id}: ${source.archive} is not listed in sources.json`).toBeDefined()
      const fields = ['publisher', 'title', 'author', 'published', 'url', 'kind'] as const
      const pick = (o: Record<string, unknown>) => Object.fromEntries(fields.map((f) => [f, o[f]]))
      expect(pick({ ...source }), source.id).toEqual(pick(record ?? {}))
    }
  })
})
