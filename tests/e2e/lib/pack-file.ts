/**
 * The index pack the pack scenarios import: built by the command line (`hashtag-context pack`,
 * from `npm run build`) out of the fixture folder tests/fixtures/pack into a temporary folder, so
 * the CLI's output is what the extension is given. What the tests expect (names, titles, counts)
 * is read back from that built file, not written down twice.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { normalizeTag } from '../../../src/hashtags/normalize.ts'
import type { IndexPack } from '../../../src/index/pack.ts'
import type { Entry } from '../../../src/index/types.ts'
import { ROOT } from './browsers.ts'

/** The fixture folder, laid out like data/. */
export const PACK_FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'pack')
const CLI = path.join(ROOT, 'bin', 'hashtag-context.js')

/** A pack file built by the CLI. */
export interface BuiltPack {
  /** Absolute path of the file. */
  file: string
  pack: IndexPack
  /** The pack's entry that a tag (as written, with its hash sign) reaches. */
  entryOf(tag: string): Entry
  /**
   * Writes a copy of the pack with `edit` applied to its parsed JSON (a field changed after the
   * build, so its sha256 no longer matches) and returns the copy's path.
   */
  edited(name: string, edit: (pack: Record<string, unknown>) => void): Promise<string>
  /** Deletes the temporary folder. */
  remove(): Promise<void>
}

/** Runs `hashtag-context pack tests/fixtures/pack -o <tmp>/test-fixture-pack.json`. */
export async function buildFixturePack(): Promise<BuiltPack> {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'hashtag-context.js'))) {
    throw new Error('dist/cli/hashtag-context.js is missing: run npm run build first')
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hc-e2e-pack-'))
  try {
    const file = path.join(dir, 'test-fixture-pack.json')
    await promisify(execFile)(process.execPath, [CLI, 'pack', PACK_FIXTURE, '-o', file], {
      cwd: ROOT,
    })
    const text = await readFile(file, 'utf8')
    const pack = JSON.parse(text) as IndexPack
    return {
      file,
      pack,
      entryOf: (tag) => {
        const id = pack.tags[normalizeTag(tag)]
        const entry = id === undefined ? undefined : pack.entries[id]
        if (!entry) throw new Error(`fixture bug: the pack explains no ${tag}`)
        return entry
      },
      edited: async (name, edit) => {
        const copy = JSON.parse(text) as Record<string, unknown>
        edit(copy)
        const out = path.join(dir, name)
        await writeFile(out, JSON.stringify(copy))
        return out
      },
      remove: () => rm(dir, { recursive: true, force: true }),
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}
