/**
 * The extension builds the benchmark runs: the shipped build (dist/chrome, from `npm run build`)
 * for sizes; the bench build (BENCH=1: the same code plus a read-only hook in the content
 * script's isolated world, see src/content/main.ts) into dist/bench-chrome; and the same bench
 * build over a generated index of N hashtags into dist/bench-chrome-synthetic.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { EntryFile } from '../../src/index/schema.ts'

/** The project root (this file is bench/lib/builds.ts). */
export const ROOT = path.resolve(import.meta.dirname, '..', '..')

/** Unpacked extensions, by role. */
export interface Builds {
  /** What ships: `npm run build`'s dist/chrome. */
  shipped: string
  /** The shipped code with the benchmark hook, shipped index. */
  bench: string
  /** The bench build over a generated index of `syntheticTags` hashtags. */
  synthetic: string
  syntheticTags: number
}

/**
 * Generated entries of 100 hashtags each (`${prefix}${e}x${t}`), `tags` hashtags in all: copies
 * of a real entry (data/entries/wesupportcorbyn.json, its sources unchanged, no related entries),
 * so every one passes the compile step.
 */
export function syntheticEntries(
  tags: number,
  prefix = 'BenchTag',
  idPrefix = 'bench-synthetic',
): EntryFile[] {
  const template = JSON.parse(
    readFileSync(path.join(ROOT, 'data', 'entries', 'wesupportcorbyn.json'), 'utf8'),
  ) as EntryFile
  const perEntry = 100
  const entries: EntryFile[] = []
  for (let e = 0; e * perEntry < tags; e++) {
    const count = Math.min(perEntry, tags - e * perEntry)
    entries.push({
      ...template,
      id: `${idPrefix}-${String(e).padStart(5, '0')}`,
      hashtags: Array.from({ length: count }, (_, t) => `${prefix}${e}x${t}`),
      title: `Synthetic entry ${e}`,
      related: [],
    })
  }
  return entries
}

/**
 * Writes a data folder (data/'s real entries and sources, plus syntheticEntries()) with `tags`
 * generated hashtags.
 */
export function writeSyntheticData(tags: number): string {
  const dir = path.join(tmpdir(), `hashtag-context-bench-index-${tags}`)
  rmSync(dir, { recursive: true, force: true })
  for (const sub of ['entries', 'sources']) {
    mkdirSync(path.join(dir, sub), { recursive: true })
    for (const name of readdirSync(path.join(ROOT, 'data', sub))) {
      if (!name.endsWith('.json')) continue
      writeFileSync(path.join(dir, sub, name), readFileSync(path.join(ROOT, 'data', sub, name)))
    }
  }
  for (const entry of syntheticEntries(tags)) {
    writeFileSync(path.join(dir, 'entries', `${entry.id}.json`), JSON.stringify(entry))
  }
  return dir
}

function viteBuild(env: Record<string, string>): void {
  const vite = path.join(ROOT, 'node_modules', '.bin', 'vite')
  const result = spawnSync(vite, ['build', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, TARGET: 'chrome', BENCH: '1', ...env },
    encoding: 'utf8',
  })
  if (result.status !== 0) {
    throw new Error(`vite build failed (${JSON.stringify(env)}):\n${result.stderr}${result.stdout}`)
  }
}

/** Builds the bench extensions; the shipped one must exist already (`npm run build`). */
export function buildAll(syntheticTags: number): Builds {
  const shipped = path.join(ROOT, 'dist', 'chrome')
  if (!existsSync(path.join(shipped, 'manifest.json'))) {
    throw new Error(`${shipped}/manifest.json is missing: run npm run build first`)
  }
  const bench = path.join(ROOT, 'dist', 'bench-chrome')
  const synthetic = path.join(ROOT, 'dist', 'bench-chrome-synthetic')
  viteBuild({ OUT_DIR: bench })
  const data = writeSyntheticData(syntheticTags)
  try {
    viteBuild({ OUT_DIR: synthetic, FACT_INDEX_DIR: data })
  } finally {
    rmSync(data, { recursive: true, force: true })
  }
  return { shipped, bench, synthetic, syntheticTags }
}
