/**
 * `npm run verify-quotes`: compiles data/ and checks every excerpt word for word against the
 * archived text of its source in the corpus folder (--corpus DIR, default data/archive, whose
 * README says where each text came from). Exit 0 when all are verbatim, 1 when data or a quote is wrong, 2 when the corpus
 * or data folder cannot be found.
 */
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { compileIndex, formatBuildError } from '../src/index/compile.ts'
import { formatQuoteProblem, verifyQuotes } from '../src/index/verify.ts'
import type { Io } from './build-index.ts'
import { readDataFiles, repoRoot } from './lib/read-data.ts'

/** The corpus folder used when --corpus is not given. */
export const DEFAULT_CORPUS = path.join(repoRoot, 'data', 'archive')

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) }

/** Reads `file` from `dir`, or null when it does not exist. */
export function archiveReader(dir: string): (file: string) => string | null {
  return (file) => {
    try {
      return readFileSync(path.join(dir, file), 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw e
    }
  }
}

/** Runs the check with command-line `args`; resolves to the exit code. */
export async function main(args: string[], io: Io = consoleIo): Promise<number> {
  let options: { data?: string; corpus?: string }
  try {
    options = parseArgs({
      args,
      options: { data: { type: 'string' }, corpus: { type: 'string' } },
      strict: true,
    }).values
  } catch (e) {
    io.err(`${(e as Error).message}\nusage: verify-quotes [--corpus DIR] [--data DIR]`)
    return 2
  }
  const corpus = path.resolve(options.corpus ?? DEFAULT_CORPUS)
  let isDir = false
  try {
    isDir = statSync(corpus).isDirectory()
  } catch {
    isDir = false
  }
  if (!isDir) {
    io.err(
      `verify-quotes: corpus folder not found: ${corpus}${options.corpus === undefined ? ' (the default)' : ''}; pass --corpus DIR with the archived source texts`,
    )
    return 2
  }

  let files
  try {
    files = await readDataFiles(path.resolve(options.data ?? path.join(repoRoot, 'data')))
  } catch (e) {
    io.err(`verify-quotes: ${(e as Error).message} (use --data DIR for another folder)`)
    return 2
  }
  const result = compileIndex(files)
  if (!result.ok) {
    for (const e of result.errors) io.err(formatBuildError(e))
    io.err(
      `verify-quotes: data/ does not compile (${result.errors.length} error(s)); no quote checked`,
    )
    return 1
  }
  const sources = Object.values(result.index.sources).filter((s) => s.excerpts.length > 0)
  const total = sources.reduce((n, s) => n + s.excerpts.length, 0)
  if (total === 0) {
    io.err('verify-quotes: no excerpts to check: the index quotes nothing')
    return 1
  }
  const problems = verifyQuotes(result.index, archiveReader(corpus))
  if (problems.length > 0) {
    for (const p of problems) io.err(formatQuoteProblem(p))
    io.err(`verify-quotes: ${problems.length} problem(s) in ${total} excerpts (corpus: ${corpus})`)
    return 1
  }
  io.out(`${total} excerpts verbatim in ${sources.length} sources`)
  return 0
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  process.exitCode = await main(process.argv.slice(2))
}
