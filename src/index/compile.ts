/**
 * Compiles the curator's files (data/entries/*.json, data/sources/*.json) into the CompiledIndex
 * the extension and CLI ship. Pure: takes the files' text and touches no file system, so the
 * build script, the Vite plugin and the tests all run exactly this code.
 *
 * Every problem is collected, not just the first, and located by file, field path and line:
 * load-file.ts checks each file on its own, cross-check.ts checks the files against each other.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { EntryFile, SourceFile } from './schema.ts'
import { crossCheck, type TagOwner } from './cross-check.ts'
import { formatBuildError, type BuildError } from './format-error.ts'
import { createReporter, loadFile, type Loaded } from './load-file.ts'
import { byString, isRecord } from './raw-json.ts'
import type { CompiledIndex, Entry, Source } from './types.ts'

export { formatBuildError, type BuildError }

/** One data file as read from disk. */
export interface DataFile {
  /** Repo-relative path with forward slashes, e.g. data/entries/softcoup.json. */
  path: string
  text: string
}

/** The outcome of compileIndex: the index and any warnings, or every error found. */
export type CompileResult =
  { ok: true; index: CompiledIndex; warnings: BuildError[] } | { ok: false; errors: BuildError[] }

/** Compiles data files into the shipped index, or returns every error found. */
export function compileIndex(files: DataFile[]): CompileResult {
  const report = createReporter()
  const loadedFiles = [...files]
    .sort((a, b) => byString(a.path, b.path))
    .flatMap((file) => loadFile(file, report) ?? [])
  const tags = crossCheck(loadedFiles, report)

  const { errors, warnings } = report
  if (!loadedFiles.some((l) => l.kind === 'entry') && errors.length === 0) {
    errors.push({
      file: 'data/entries',
      path: '',
      line: null,
      message: 'no entries: the index needs at least one data/entries/<id>.json',
    })
  }
  if (errors.length > 0) return { ok: false, errors: sortByPlace(errors) }
  return { ok: true, index: buildIndex(loadedFiles, tags), warnings: sortByPlace(warnings) }
}

function sortByPlace(list: BuildError[]): BuildError[] {
  return [...list].sort((a, b) => byString(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0))
}

/**
 * Recursively copies `value` with object keys sorted, so JSON.stringify gives one canonical text
 * per content: the hash and the shipped file do not depend on the order files were read in.
 */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (isRecord(value)) {
    // fromEntries defines own properties, so even a "__proto__" key stays data.
    return Object.fromEntries(
      Object.keys(value)
        .sort(byString)
        .map((k) => [k, canonical(value[k])]),
    )
  }
  return value
}

/** The shipped fields only: curator-only ones ($schema, notes) stay in data/. */
function shipSource(s: SourceFile): Source {
  return {
    id: s.id,
    publisher: s.publisher,
    title: s.title,
    author: s.author,
    published: s.published,
    url: s.url,
    kind: s.kind,
    archive: s.archive,
    excerpts: s.excerpts.map((e) => ({ id: e.id, quote: e.quote })),
  }
}

function shipEntry(e: EntryFile): Entry {
  return {
    id: e.id,
    hashtags: e.hashtags,
    aliases: e.aliases,
    title: e.title,
    summary: e.summary,
    timeline: e.timeline,
    perspectives: e.perspectives,
    excerpts: e.excerpts,
    furtherReading: e.furtherReading,
    related: e.related,
    reviewed: e.reviewed,
  }
}

/** Called only when there are no errors, so every file passed its schema. */
function buildIndex(loadedFiles: Loaded[], tagOwners: Map<string, TagOwner>): CompiledIndex {
  const sources: Record<string, Source> = {}
  const entries: Record<string, Entry> = {}
  for (const { source, entry } of loadedFiles) {
    if (source) sources[source.id] = shipSource(source)
    if (entry) entries[entry.id] = shipEntry(entry)
  }
  const tags = Object.fromEntries([...tagOwners].map(([tag, { loaded }]) => [tag, loaded.stem]))
  const reviewed = Object.values(entries)
    .map((e) => e.reviewed)
    .sort(byString)
    .at(-1)!
  // The version names the content, not the build: same data, same version, on any machine.
  // @noble/hashes: synchronous and pure JS, so this runs unchanged in scripts, the Vite plugin and
  // tests (Web Crypto's digest is async; node:crypto is a Node built-in, outside this layer).
  const content = JSON.stringify(canonical({ entries, sources }))
  const version = `${reviewed}.${bytesToHex(sha256(utf8ToBytes(content))).slice(0, 8)}`
  return canonical({ format: 1, version, reviewed, tags, entries, sources }) as CompiledIndex
}
