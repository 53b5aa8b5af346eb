import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import index from 'virtual:fact-index'
import { describe, expect, it } from 'vitest'
import { checkPack, type IndexPack } from '../index/pack.ts'
import { runCli } from './run.ts'
import { memoryIo } from './test-support/memory-io.ts'

const FIXTURE = path.resolve(__dirname, '../../tests/fixtures/pack')

/** The fixture pack folder as in-memory files under `dir`, with `change` applied. */
function fixtureFiles(
  dir = 'folder',
  change: (files: Record<string, string>) => void = () => undefined,
): Record<string, string> {
  const files: Record<string, string> = {}
  const walk = (rel: string): void => {
    for (const d of readdirSync(path.join(FIXTURE, rel), { withFileTypes: true })) {
      const sub = rel ? `${rel}/${d.name}` : d.name
      if (d.isDirectory()) walk(sub)
      else files[`${dir}/${sub}`] = readFileSync(path.join(FIXTURE, sub), 'utf8')
    }
  }
  walk('')
  change(files)
  return files
}

async function cli(argv: string[], files: Record<string, string>) {
  const memory = memoryIo(files)
  const code = await runCli(argv, memory.io, index, '0.0.0-test')
  return { code, out: memory.out(), err: memory.err(), written: memory.written }
}

async function builtPack(): Promise<string> {
  const { code, written } = await cli(['pack', 'folder', '-o', 'out.json'], fixtureFiles())
  expect(code).toBe(0)
  return written.get('out.json')!
}

describe('hashtag-context pack DIR -o FILE', () => {
  it('builds a pack that passes the extension’s own check, and says what is in it', async () => {
    const { code, out, written } = await cli(['pack', 'folder', '-o', 'out.json'], fixtureFiles())
    expect(code).toBe(0)
    expect(out).toMatch(/^pack test-fixture-pack 1\.0\.0 .*2 entries, 3 tags, 1 sources/)
    const checked = checkPack(written.get('out.json')!, 'out.json')
    expect(checked.ok).toBe(true)
    const pack = (checked as { pack: IndexPack }).pack
    expect(pack.name).toBe('Test fixture pack')
    expect(pack.reviewed).toBe('2026-12-01')
    expect(pack.tags).toEqual({
      packfixturealias: 'packfixturetag',
      packfixturetag: 'packfixturetag',
      softcoup: 'softcoup-second-view',
    })
  })

  it('reports schema errors as file:line field: message and writes nothing', async () => {
    const files = fixtureFiles('folder', (f) => {
      f['folder/entries/packfixturetag.json'] = f['folder/entries/packfixturetag.json']!.replace(
        '"timeline": []',
        '"timelne": []',
      )
    })
    const { code, err, written } = await cli(['pack', 'folder', '-o', 'out.json'], files)
    expect(code).toBe(1)
    expect(err).toMatch(/folder\/entries\/packfixturetag\.json:\d+ .*timelne.*unknown key/)
    expect(err).toContain('nothing written')
    expect(written.size).toBe(0)
  })

  it('checks quotes against the folder’s own archive', async () => {
    const files = fixtureFiles('folder', (f) => {
      f['folder/archive/fixture-article.txt'] = f['folder/archive/fixture-article.txt']!.replace(
        'second passage',
        'other passage',
      )
    })
    const { code, err, written } = await cli(['pack', 'folder', '-o', 'out.json'], files)
    expect(code).toBe(1)
    expect(err).toMatch(/excerpt "second".*not verbatim/)
    expect(written.size).toBe(0)
  })

  it('warns that quotes are not checked when the folder has no archive', async () => {
    const files = fixtureFiles('folder', (f) => delete f['folder/archive/fixture-article.txt'])
    const { code, err } = await cli(['pack', 'folder', '-o', 'out.json'], files)
    expect(code).toBe(0)
    expect(err).toMatch(/no archive\/ folder: its 2 excerpt\(s\) are not checked/)
  })

  it('names a missing pack.json, a bad manifest field, and a missing -o', async () => {
    const noManifest = fixtureFiles('folder', (f) => delete f['folder/pack.json'])
    expect((await cli(['pack', 'folder', '-o', 'x'], noManifest)).err).toMatch(
      /folder\/pack\.json not found/,
    )
    const badVersion = fixtureFiles('folder', (f) => {
      f['folder/pack.json'] = f['folder/pack.json']!.replace('"1.0.0"', '"v1"')
    })
    const bad = await cli(['pack', 'folder', '-o', 'x'], badVersion)
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/folder\/pack\.json version: must be dotted numbers/)
    const noOut = await cli(['pack', 'folder'], fixtureFiles())
    expect(noOut.code).toBe(2)
    expect(noOut.err).toMatch(/pack needs -o FILE/)
  })
})

describe('scan and show --pack FILE', () => {
  it('flags a tag only the pack explains, with the pack’s qualified entry id', async () => {
    const files = { 'p.json': await builtPack(), 'in.txt': 'see #PackFixtureTag and #softcoup' }
    const { code, out } = await cli(['scan', '--pack', 'p.json', '--json', 'in.txt'], files)
    expect(code).toBe(0)
    const { hashtags: hits } = JSON.parse(out) as {
      hashtags: { tag: string; entry: string | null }[]
    }
    expect(hits.map((h) => [h.tag, h.entry])).toEqual([
      ['PackFixtureTag', 'test-fixture-pack/packfixturetag'],
      ['softcoup', 'softcoup'],
    ])
    const without = await cli(['scan', '--json', 'in.txt'], files)
    // Without the pack, only flagged tags are printed: the pack's tag is not among them.
    expect(without.out).not.toContain('PackFixtureTag')
    expect(without.out).toContain('"entry":"softcoup"')
  })

  it('names the other entries of a tag that the index and a pack both explain', async () => {
    const files = { 'p.json': await builtPack(), 'in.txt': '#SoftCoup and #PackFixtureTag' }
    const text = await cli(['scan', '--pack', 'p.json', 'in.txt'], files)
    expect(text.out).toMatch(
      /in\.txt:1:1 {2}#SoftCoup {2}.* \[softcoup\] \(also \[test-fixture-pack\/softcoup-second-view\]\)\n/,
    )
    expect(text.out).toMatch(/#PackFixtureTag {2}.*\[test-fixture-pack\/packfixturetag\]\n/)
    const json = await cli(['scan', '--pack', 'p.json', '--json', 'in.txt'], files)
    const { hashtags } = JSON.parse(json.out) as { hashtags: { tag: string; also?: string[] }[] }
    expect(hashtags.map((h) => [h.tag, h.also])).toEqual([
      ['SoftCoup', ['test-fixture-pack/softcoup-second-view']],
      ['PackFixtureTag', undefined],
    ])
  })

  it('show prints every entry of a tag in the index and a pack, naming the pack', async () => {
    const files = { 'p.json': await builtPack() }
    const { code, out } = await cli(['show', '--pack', 'p.json', 'SoftCoup'], files)
    expect(code).toBe(0)
    expect(out).toContain('Reviewed 2026-11-30; pack test-fixture-pack 1.0.0 (“Test fixture pack”')
    expect(out).toMatch(/; index \d{4}-\d{2}-\d{2}\.[0-9a-f]{8}/)
  })

  it('refuses a changed pack with the field and line, and scans nothing', async () => {
    const pack = (await builtPack()).replace('A tag invented', 'A tag made up')
    const files = { 'p.json': JSON.stringify(JSON.parse(pack), null, 2), 'in.txt': '#SoftCoup' }
    const { code, out, err } = await cli(['scan', '--pack', 'p.json', 'in.txt'], files)
    expect(code).toBe(2)
    expect(out).toBe('')
    expect(err).toMatch(/^hashtag-context: p\.json:\d+ sha256: does not match the content/m)
  })
})
