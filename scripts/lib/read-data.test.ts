import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readDataFiles, repoRoot } from './read-data.ts'

const FIXTURE_DATA = path.join(repoRoot, 'src/index/fixtures/data')
const temporary: string[] = []

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'read-data-'))
  temporary.push(dir)
  return dir
}

afterEach(async () => {
  await Promise.all(temporary.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

describe('readDataFiles', () => {
  it('reads entries then sources, sorted, with repo-relative forward-slash paths', async () => {
    const read = await readDataFiles(FIXTURE_DATA)
    expect(read.map((f) => f.path)).toEqual([
      'src/index/fixtures/data/entries/softcoup.json',
      'src/index/fixtures/data/entries/wesupportcorbyn.json',
      'src/index/fixtures/data/sources/fixture-blog.json',
      'src/index/fixtures/data/sources/fixture-news.json',
      'src/index/fixtures/data/sources/fixture-reference.json',
    ])
    expect(read[0]!.text).toContain('"id": "softcoup"')
  })

  it('makes paths relative to the root it is given', async () => {
    const read = await readDataFiles(FIXTURE_DATA, path.join(repoRoot, 'src/index/fixtures'))
    expect(read[0]!.path).toBe('data/entries/softcoup.json')
  })

  it('ignores files that are not .json and strips a byte-order mark', async () => {
    const dir = await tempDir()
    await mkdir(path.join(dir, 'entries'))
    await mkdir(path.join(dir, 'sources'))
    await writeFile(path.join(dir, 'entries', 'a.json'), '\uFEFF{}')
    await writeFile(path.join(dir, 'entries', 'a.json~'), 'backup')
    await writeFile(path.join(dir, 'sources', 'README.md'), '# notes')
    const read = await readDataFiles(dir, dir)
    expect(read).toEqual([{ path: 'entries/a.json', text: '{}' }])
  })

  it('names the folder when the data directory is missing', async () => {
    const missing = path.join(await tempDir(), 'nope')
    await expect(readDataFiles(missing)).rejects.toThrow(`data directory not found: ${missing}`)
  })

  it('names the folder when entries/ or sources/ is missing', async () => {
    const dir = await tempDir()
    await mkdir(path.join(dir, 'entries'))
    await expect(readDataFiles(dir)).rejects.toThrow(
      `data directory ${dir} has no sources/ folder: expected ${path.join(dir, 'sources')}`,
    )
  })
})
