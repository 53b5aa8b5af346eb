/**
 * `hashtag-context pack DIR -o FILE` builds a curators' index pack from a folder laid out like
 * data/ (pack.json, entries/, sources/, and archive/ when quotes are to be checked), and
 * `--pack FILE` reads one for `scan` and `show`. The pack format and its checks are in
 * src/index/pack.ts; here are only files and messages.
 */
import { compileIndex, type DataFile } from '../index/compile.ts'
import { formatBuildError } from '../index/format-error.ts'
import { parseJson } from '../index/json-location.ts'
import {
  buildPack,
  checkPack,
  MAX_PACK_BYTES,
  packManifestSchema,
  type IndexPack,
} from '../index/pack.ts'
import { formatQuoteProblem, verifyQuotes } from '../index/verify.ts'
import { decodeText, InputError, readAll } from './input.ts'
import type { CliIo } from './run.ts'

/** Reads a text file whole, up to `limit` bytes. */
async function readText(io: CliIo, path: string, limit: number, what: string): Promise<string> {
  const whole = await readAll(
    io.read(path),
    limit,
    () => new InputError(`${path}: larger than ${limit} bytes, too large for ${what}`),
  )
  return decodeText(whole, path)
}

/** A data file or archived text: far beyond any entry, source or article. */
const MAX_DATA_FILE = 16 * 1024 * 1024

function join(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`
}

async function isDirectory(io: CliIo, path: string): Promise<boolean> {
  return (await io.stat(path))?.directory === true
}

/** Reads DIR/entries and DIR/sources as the compiler's data files (paths as DIR/…). */
async function readDataFolder(io: CliIo, dir: string): Promise<DataFile[]> {
  const files: DataFile[] = []
  for (const sub of ['entries', 'sources']) {
    const folder = join(dir, sub)
    if (!(await isDirectory(io, folder))) {
      throw new InputError(`${dir} has no ${sub}/ folder: a pack folder is laid out like data/`)
    }
    for (const name of (await io.list(folder)).filter((n) => n.endsWith('.json')).sort()) {
      const path = join(folder, name)
      files.push({ path, text: await readText(io, path, MAX_DATA_FILE, 'a data file') })
    }
  }
  return files
}

/** Runs `pack`; resolves to the exit code. */
export async function runPack(dirs: string[], out: string | undefined, io: CliIo): Promise<number> {
  if (dirs.length !== 1)
    throw new InputError('pack takes one folder: hashtag-context pack DIR -o FILE')
  if (out === undefined) throw new InputError('pack needs -o FILE: where to write the pack')
  if (!io.writeFile) throw new InputError('pack cannot write files here')
  const dir = dirs[0]!
  if (!(await isDirectory(io, dir))) throw new InputError(`${dir}: not a folder`)

  const manifestPath = join(dir, 'pack.json')
  if ((await io.stat(manifestPath)) === null) {
    throw new InputError(
      `${manifestPath} not found: a pack folder needs pack.json with "id", "name", "publisher" and "version"`,
    )
  }
  const manifestText = await readText(io, manifestPath, MAX_DATA_FILE, 'pack.json')
  const errors: string[] = []
  const parsed = parseJson(manifestText)
  const manifest = 'problems' in parsed ? null : packManifestSchema.safeParse(parsed.value)
  if ('problems' in parsed) {
    for (const p of parsed.problems)
      errors.push(`${manifestPath}:${p.line}:${p.column}: ${p.message}`)
  } else if (manifest && !manifest.success) {
    for (const issue of manifest.error.issues) {
      const field = issue.path.join('.')
      errors.push(
        `${manifestPath}${field ? ` ${field}` : ''}: ${
          issue.code === 'unrecognized_keys'
            ? `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed: id, name, publisher, version, notes`
            : issue.message
        }`,
      )
    }
  }

  const result = compileIndex(await readDataFolder(io, dir))
  if (!result.ok) for (const e of result.errors) errors.push(formatBuildError(e))
  if (result.ok) {
    const archive = join(dir, 'archive')
    if (await isDirectory(io, archive)) {
      const texts = new Map<string, string | null>()
      for (const source of Object.values(result.index.sources)) {
        if (source.archive === null || texts.has(source.archive)) continue
        const path = join(archive, source.archive)
        texts.set(
          source.archive,
          (await io.stat(path)) === null
            ? null
            : await readText(io, path, MAX_DATA_FILE, 'an archived text'),
        )
      }
      for (const problem of verifyQuotes(result.index, (name) => texts.get(name) ?? null)) {
        errors.push(`${archive}: ${formatQuoteProblem(problem)}`)
      }
    } else {
      const quotes = Object.values(result.index.sources).reduce((n, s) => n + s.excerpts.length, 0)
      if (quotes > 0) {
        io.stderr(
          `warning: ${dir} has no archive/ folder: its ${quotes} excerpt(s) are not checked word for word\n`,
        )
      }
    }
  }
  if (errors.length > 0 || !result.ok || !manifest?.success) {
    io.stderr(`${errors.join('\n')}\npack: ${errors.length} error(s); nothing written\n`)
    return 1
  }
  for (const w of result.warnings) io.stderr(`warning: ${formatBuildError(w)}\n`)

  const pack = buildPack(manifest.data, result.index)
  const json = `${JSON.stringify(pack)}\n`
  const bytes = new TextEncoder().encode(json).length
  if (bytes > MAX_PACK_BYTES) {
    io.stderr(
      `pack: ${bytes} bytes, more than a pack may hold (${MAX_PACK_BYTES} bytes, 8 MiB); nothing written\n`,
    )
    return 1
  }
  await io.writeFile(out, json)
  const entries = Object.keys(pack.entries).length
  const tags = Object.keys(pack.tags).length
  await io.stdout(
    `pack ${pack.id} ${pack.version} (“${pack.name}”, ${pack.publisher}): ${entries} entries, ` +
      `${tags} tags, ${Object.keys(pack.sources).length} sources, reviewed ${pack.reviewed}, ` +
      `${bytes} bytes -> ${out}\n`,
  )
  return 0
}

/** Reads and checks a pack for `--pack FILE`; every problem is thrown as one InputError. */
export async function readPack(io: CliIo, path: string): Promise<IndexPack> {
  const stat = await io.stat(path)
  if (stat === null) throw new InputError(`${path}: no such file`)
  if (stat.directory)
    throw new InputError(
      `${path}: a folder, not a pack file (build one with "hashtag-context pack")`,
    )
  if (stat.size > MAX_PACK_BYTES) {
    throw new InputError(
      `${path}: ${stat.size} bytes, more than a pack may hold (${MAX_PACK_BYTES} bytes, 8 MiB)`,
    )
  }
  const checked = checkPack(await readText(io, path, MAX_PACK_BYTES, 'a pack'), path)
  if (!checked.ok) {
    throw new InputError(
      `${checked.errors.map(formatBuildError).join('\n')}\n${path}: not a valid pack (${checked.errors.length} error(s))`,
    )
  }
  return checked.pack
}
