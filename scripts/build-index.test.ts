import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { compileIndex } from '../src/index/compile.ts'
import { main, type Io } from './build-index.ts'
import { readDataFiles, repoRoot } from './lib/read-data.ts'

const FIXTURE_DATA = path.join(repoRoot, 'src/index/fixtures/data')
const temporary: string[] = []

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'build-index-'))
  temporary.push(dir)
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

describe('build-index', () => {
  it('writes the compiled index and prints one summary line', async () => {
    const out = path.join(await tempDir(), 'fact-index.json')
    const io = captureIo()
    expect(await main(['--data', FIXTURE_DATA, '--out', out], io)).toBe(0)

    const written = await readFile(out, 'utf8')
    const expected = compileIndex(await readDataFiles(FIXTURE_DATA))
    if (!expected.ok) throw new Error('fixture does not compile')
    expect(JSON.parse(written)).toEqual(expected.index)
    expect(io.outLines).toEqual([
      `fact index: 2 entries, 3 tags, 3 sources, 4 excerpts, version ${expected.index.version}, ` +
        `${Buffer.byteLength(written)} bytes -> ${path.relative(process.cwd(), out)}`,
    ])
    expect(io.errLines).toEqual([])
  })

  it('prints every error as file:line field: message and exits 1, writing nothing', async () => {
    const data = await tempDir()
    await cp(FIXTURE_DATA, data, { recursive: true })
    const entry = path.join(data, 'entries', 'softcoup.json')
    const text = await readFile(entry, 'utf8')
    await writeFile(
      entry,
      text
        .replace('"reviewed": "2026-11-20"', '"reviewed": "2026-02-30"')
        .replace('"wesupportcorbyn"', '"nowhere"'),
    )
    const out = path.join(data, 'out.json')
    const io = captureIo()
    expect(await main(['--data', data, '--out', out], io)).toBe(1)
    const rel = path.relative(repoRoot, entry)
    expect(io.errLines).toHaveLength(3)
    expect(io.errLines[0]).toMatch(
      new RegExp(`^${rel}:\\d+ related\\[0\\]: unknown entry id "nowhere"`),
    )
    expect(io.errLines[1]).toMatch(new RegExp(`^${rel}:\\d+ reviewed: "2026-02-30" is not a date`))
    expect(io.errLines[2]).toBe('build-index: 2 error(s); nothing written')
    await expect(readFile(out)).rejects.toThrow()
  })

  it('exits 2 naming the folder and the flag when the data directory is missing', async () => {
    const io = captureIo()
    const missing = path.join(await tempDir(), 'missing')
    expect(await main(['--data', missing], io)).toBe(2)
    expect(io.errLines.join('\n')).toContain(`data directory not found: ${missing}`)
    expect(io.errLines.join('\n')).toContain('--data DIR')
  })

  it('runs as a command (tsx scripts/build-index.ts) with exit code 0', async () => {
    const out = path.join(await tempDir(), 'fact-index.json')
    const { stdout } = await promisify(execFile)(
      path.join(repoRoot, 'node_modules/.bin/tsx'),
      ['scripts/build-index.ts', '--data', FIXTURE_DATA, '--out', out],
      { cwd: repoRoot },
    )
    expect(stdout).toMatch(/^fact index: 2 entries, 3 tags, 3 sources, 4 excerpts, version /)
    expect(JSON.parse(await readFile(out, 'utf8'))).toHaveProperty('format', 1)
  })
})
