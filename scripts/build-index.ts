/**
 * `npm run build:index`: compiles data/ into build/fact-index.json, or prints every error
 * (file:line field: message) and exits 1. Options: --data DIR, --out FILE.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { compileIndex, formatBuildError } from '../src/index/compile.ts'
import { readDataFiles, repoRoot } from './lib/read-data.ts'

/** Where a script writes its lines (the console, or a test's buffer). */
export interface Io {
  out(line: string): void
  err(line: string): void
}

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) }

/** Runs the build with command-line `args`; resolves to the exit code (0 ok, 1 bad data, 2 usage). */
export async function main(args: string[], io: Io = consoleIo): Promise<number> {
  let options: { data?: string; out?: string }
  try {
    options = parseArgs({
      args,
      options: { data: { type: 'string' }, out: { type: 'string' } },
      strict: true,
    }).values
  } catch (e) {
    io.err(`${(e as Error).message}\nusage: build-index [--data DIR] [--out FILE]`)
    return 2
  }
  const dataDir = path.resolve(options.data ?? path.join(repoRoot, 'data'))
  const outFile = path.resolve(options.out ?? path.join(repoRoot, 'build', 'fact-index.json'))

  let files
  try {
    files = await readDataFiles(dataDir)
  } catch (e) {
    io.err(`build-index: ${(e as Error).message} (use --data DIR for another folder)`)
    return 2
  }
  const result = compileIndex(files)
  if (!result.ok) {
    for (const e of result.errors) io.err(formatBuildError(e))
    io.err(`build-index: ${result.errors.length} error(s); nothing written`)
    return 1
  }
  for (const w of result.warnings) io.err(`warning: ${formatBuildError(w)}`)

  const { index } = result
  const json = `${JSON.stringify(index)}\n`
  await mkdir(path.dirname(outFile), { recursive: true })
  await writeFile(outFile, json)
  const sources = Object.values(index.sources)
  const excerpts = sources.reduce((n, s) => n + s.excerpts.length, 0)
  io.out(
    `fact index: ${Object.keys(index.entries).length} entries, ${Object.keys(index.tags).length} tags, ` +
      `${sources.length} sources, ${excerpts} excerpts, version ${index.version}, ` +
      `${Buffer.byteLength(json)} bytes -> ${path.relative(process.cwd(), outFile) || outFile}`,
  )
  return 0
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  process.exitCode = await main(process.argv.slice(2))
}
