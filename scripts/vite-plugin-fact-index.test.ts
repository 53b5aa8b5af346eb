import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { build, type Rollup } from 'vite'
import { afterEach, describe, expect, it } from 'vitest'
import shipped from 'virtual:fact-index'
import { compileIndex } from '../src/index/compile.ts'
import { readDataFiles, repoRoot } from './lib/read-data.ts'
import { factIndex, VIRTUAL_ID } from './vite-plugin-fact-index.ts'

const FIXTURE_DATA = path.join(repoRoot, 'src/index/fixtures/data')
const temporary: string[] = []

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fact-index-plugin-'))
  temporary.push(dir)
  return dir
}

afterEach(async () => {
  await Promise.all(temporary.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

/** Bundles `import index from 'virtual:fact-index'` with Vite and returns the output chunk. */
async function bundle(dataDir: string): Promise<Rollup.OutputChunk> {
  const root = await tempDir()
  await writeFile(path.join(root, 'main.js'), `export { default } from '${VIRTUAL_ID}'\n`)
  const output = (await build({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [factIndex({ dataDir })],
    build: {
      write: false,
      minify: false,
      lib: { entry: path.join(root, 'main.js'), formats: ['es'], fileName: 'main' },
    },
  })) as Rollup.RollupOutput[]
  const chunk = output[0]!.output.find((o): o is Rollup.OutputChunk => o.type === 'chunk')
  return chunk!
}

describe('factIndex Vite plugin', () => {
  it('serves the index compiled from data/ to vitest (virtual:fact-index)', async () => {
    const expected = compileIndex(await readDataFiles(path.join(repoRoot, 'data')))
    if (!expected.ok) throw new Error('data/ does not compile')
    expect(shipped).toEqual(expected.index)
  })

  it('bundles the compiled index into a Vite build', async () => {
    const chunk = await bundle(FIXTURE_DATA)
    const module = (await import(
      `data:text/javascript;charset=utf-8,${encodeURIComponent(chunk.code)}`
    )) as { default: unknown }
    const expected = compileIndex(await readDataFiles(FIXTURE_DATA))
    if (!expected.ok) throw new Error('fixture does not compile')
    expect(module.default).toEqual(expected.index)
  })

  it('fails the build listing every data error as file:line field: message', async () => {
    const data = await tempDir()
    await cp(FIXTURE_DATA, data, { recursive: true })
    const source = path.join(data, 'sources', 'fixture-news.json')
    const text = await readFile(source, 'utf8')
    await writeFile(source, text.replace('"https://', '"http://').replace('"news"', '"blog"'))
    const error = await bundle(data).then(
      () => null,
      (e: unknown) => e as Error,
    )
    expect(error?.message).toMatch(/fact index: 2 error\(s\) in /)
    expect(error?.message).toMatch(/fixture-news\.json:\d+ url: URL must use https, not http/)
    expect(error?.message).toMatch(/fixture-news\.json:\d+ kind: kind must be one of/)
  })

  it('watches every data file it read', async () => {
    const plugin = factIndex({ dataDir: FIXTURE_DATA })
    const watched: string[] = []
    const context = { addWatchFile: (f: string) => watched.push(f), warn: () => undefined }
    const resolveId = plugin.resolveId as unknown as (id: string) => string | undefined
    const load = plugin.load as unknown as (
      this: typeof context,
      id: string,
    ) => Promise<string | undefined>
    const resolved = resolveId(VIRTUAL_ID)!
    expect(resolved.startsWith('\0')).toBe(true)
    expect(resolveId('./other.js')).toBeUndefined()
    const code = await load.call(context, resolved)
    expect(code).toMatch(/^export default JSON\.parse\(/)
    expect(watched).toEqual(
      (await readDataFiles(FIXTURE_DATA)).map((f) => path.resolve(repoRoot, f.path)),
    )
  })
})
