/**
 * Curators' index packs: one versioned JSON file that extends the bundled index without
 * rebuilding the extension. A pack holds compiled entries and sources in the shape of the bundled
 * index (types.ts), its name, publisher, version and review date, and the SHA-256 of its content.
 *
 * A pack is built from a folder laid out like data/ (`hashtag-context pack DIR -o FILE`), and
 * checked again wherever it is read: checkPack() turns its entries and sources back into data
 * files and runs the very compiler the build runs (compile.ts), so a pack is held to the same
 * schema, cross-file checks and messages as data/, and then requires the tags map, review date and
 * hash to be the ones those entries produce. Nothing a pack says is trusted on its own word.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { z } from 'zod'
import { canonical, compileIndex, type DataFile } from './compile.ts'
import type { BuildError } from './format-error.ts'
import { formatFieldPath, lineOfPath, parseJson, type FieldPath } from './json-location.ts'
import { byString, isRecord } from './raw-json.ts'
import { dateProblem, ID_PATTERN } from './schema.ts'
import type { CompiledIndex } from './types.ts'

/** The `format` of every pack file. */
export const PACK_FORMAT = 'hashtag-context-pack'

/**
 * Largest pack file accepted, in bytes. Packs are stored in the extension's storage.local, which
 * Chrome caps at 10 MiB for an extension without the `unlimitedStorage` permission (not asked
 * for: a pack is a list a reader chooses, not a reason for more power), and the settings' local
 * fallback lives there too. 8 MiB holds a pack of 100,000 tags with room to spare (bench/README,
 * measure 7), and the total of all stored packs is held to the same cap (packs-store.ts).
 */
export const MAX_PACK_BYTES = 8 * 1024 * 1024

/** Most characters in a pack's name or publisher: a line in a list, not a paragraph. */
const MAX_LABEL = 120

/** What a pack says about itself, besides its content. */
export interface PackInfo {
  /** Identifies the pack across versions: a newer version with the same id replaces the older. */
  id: string
  name: string
  publisher: string
  /** Dotted numbers, e.g. 1, 1.2 or 2026.11.30; compared number by number. */
  version: string
  /** The latest `reviewed` date of its entries. */
  reviewed: string
}

/** A pack file as built and as stored. */
export interface IndexPack extends PackInfo, Pick<CompiledIndex, 'tags' | 'entries' | 'sources'> {
  format: typeof PACK_FORMAT
  formatVersion: 1
  /** Hex SHA-256 of the canonical JSON of every other field (packContentHash). */
  sha256: string
}

/** The outcome of checking or building a pack: the pack, or every problem found. */
export type PackResult = { ok: true; pack: IndexPack } | { ok: false; errors: BuildError[] }

const label = z
  .string()
  .refine((s) => s.trim() !== '', 'must not be empty')
  .refine((s) => s.length <= MAX_LABEL, `must be at most ${MAX_LABEL} characters`)
  .refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters or line breaks')

const VERSION_PATTERN = /^\d{1,9}(?:\.\d{1,9}){0,3}$/

/** The fields a curator writes in a pack folder's pack.json. */
export const packManifestSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z
    .string()
    .regex(ID_PATTERN, 'must be lower-case letters and digits joined by single hyphens'),
  name: label,
  publisher: label,
  version: z.string().regex(VERSION_PATTERN, 'must be dotted numbers such as 1, 1.2 or 2026.11.30'),
  notes: z.string().optional(),
})

export type PackManifest = z.infer<typeof packManifestSchema>

const packFileSchema = z.strictObject({
  format: z.literal(PACK_FORMAT, `must be "${PACK_FORMAT}": this is not a Hashtag Context pack`),
  formatVersion: z.literal(1, 'must be 1: this pack needs a newer version of Hashtag Context'),
  id: packManifestSchema.shape.id,
  name: label,
  publisher: label,
  version: packManifestSchema.shape.version,
  reviewed: z.string().superRefine((value, ctx) => {
    const problem = dateProblem(value, 'day')
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: value })
  }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
  tags: z.record(z.string(), z.string()),
  entries: z.record(z.string(), z.unknown()),
  sources: z.record(z.string(), z.unknown()),
})

/** Compares two pack versions number by number: negative when a is older than b. */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/** The hash a pack carries: hex SHA-256 of the canonical JSON of all its fields but sha256. */
export function packContentHash(pack: Omit<IndexPack, 'sha256'> & { sha256?: string }): string {
  const content: Record<string, unknown> = { ...pack }
  delete content.sha256
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify(canonical(content)))))
}

/** Builds the pack file for a compiled index and the folder's pack.json. */
export function buildPack(manifest: PackManifest, index: CompiledIndex): IndexPack {
  const content: Omit<IndexPack, 'sha256'> = {
    format: PACK_FORMAT,
    formatVersion: 1,
    id: manifest.id,
    name: manifest.name,
    publisher: manifest.publisher,
    version: manifest.version,
    reviewed: index.reviewed,
    tags: index.tags,
    entries: index.entries,
    sources: index.sources,
  }
  return canonical({ ...content, sha256: packContentHash(content) }) as IndexPack
}

/** What the options page lists for a checked pack (besides whether it is turned on). */
export interface PackSummary extends PackInfo {
  sha256: string
  entries: number
  tags: number
  /** Bytes of the canonical text (UTF-8). */
  bytes: number
}

/**
 * A checked pack as the store takes it: its summary and its canonical text. The check (in a
 * worker) makes it, so the options page never handles the pack as objects.
 */
export interface CheckedPack {
  summary: PackSummary
  /** JSON of the checked pack: what is stored. */
  text: string
}

/** The summary and canonical text of a checked pack. */
export function summarisePack(pack: IndexPack): CheckedPack {
  const text = JSON.stringify(pack)
  return {
    summary: {
      id: pack.id,
      name: pack.name,
      publisher: pack.publisher,
      version: pack.version,
      reviewed: pack.reviewed,
      sha256: pack.sha256,
      entries: Object.keys(pack.entries).length,
      tags: Object.keys(pack.tags).length,
      bytes: utf8ToBytes(text).length,
    },
    text,
  }
}

/** The compiler's data files for a pack's entries and sources (the key is the file name). */
function asDataFiles(
  entries: Record<string, unknown>,
  sources: Record<string, unknown>,
): DataFile[] {
  const files = (folder: string, items: Record<string, unknown>): DataFile[] =>
    Object.entries(items).map(([key, value]) => ({
      path: `${folder}/${key}.json`,
      text: JSON.stringify(value, null, 1),
    }))
  return [...files('entries', entries), ...files('sources', sources)]
}

const DATA_FILE = /^(entries|sources)\/(.*)\.json$/

/**
 * Checks a pack file's text (see the module comment). `file` names it in every error; each error
 * names the entry or source and its field, with its line in the pack file.
 */
export function checkPack(text: string, file: string): PackResult {
  const errors: BuildError[] = []
  let lines: ReturnType<typeof parseJson> | undefined
  /** The line of a field in the pack: the file is parsed with locations only when one is needed. */
  const lineOf = (path: FieldPath): number | null => {
    lines ??= parseJson(text)
    return 'tree' in lines ? lineOfPath(lines, path) : null
  }
  const fail = (path: FieldPath, message: string): PackResult => {
    errors.push({ file, path: formatFieldPath(path), line: lineOf(path), message })
    return { ok: false, errors }
  }

  // UTF-8 takes at least one byte a UTF-16 unit and at most three: only a text near the cap
  // needs encoding to know.
  const bytes = text.length * 3 <= MAX_PACK_BYTES ? 0 : utf8ToBytes(text).length
  if (bytes > MAX_PACK_BYTES) {
    // Not parsed at all, not even to find a line: a 50 MB file costs one length check.
    const message = `${bytes} bytes: a pack may hold at most ${MAX_PACK_BYTES} bytes (8 MiB)`
    return { ok: false, errors: [{ file, path: '', line: null, message }] }
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    const parsed = parseJson(text)
    const problem = 'problems' in parsed ? parsed.problems[0] : undefined
    errors.push({
      file,
      path: '',
      line: problem?.line ?? null,
      ...(problem ? { column: problem.column } : {}),
      message: `not JSON: ${problem?.message ?? 'could not be parsed'}`,
    })
    return { ok: false, errors }
  }
  const header = packFileSchema.safeParse(raw)
  if (!header.success) {
    for (const issue of header.error.issues) {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol')
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
          : path.length === 0 && !isRecord(raw)
            ? 'a pack is a JSON object'
            : issue.message
      errors.push({ file, path: formatFieldPath(path), line: lineOf(path), message })
    }
  }
  // Entries and sources are checked even when the header is wrong: every problem at once.
  const body = isRecord(raw) ? raw : {}
  const entries = isRecord(body.entries) ? body.entries : null
  const sources = isRecord(body.sources) ? body.sources : null
  const compiled = entries && sources ? compileIndex(asDataFiles(entries, sources)) : null
  if (compiled && !compiled.ok) {
    for (const e of compiled.errors) {
      const match = DATA_FILE.exec(e.file)
      const [, folder = 'entries', key] = match ?? []
      // The compiler's field path, as a path under the pack's entries or sources.
      const path: FieldPath =
        key === undefined ? [folder] : [folder, key, ...(e.path === '' ? [] : fieldPath(e.path))]
      errors.push({
        file,
        path: formatFieldPath(path),
        line: lineOf(path),
        message: e.message.replace(/ \(no data\/(?:entries|sources)\/[^)]*\)/, ''),
      })
    }
  }
  if (!header.success || !compiled?.ok) return { ok: false, errors }
  const pack = header.data
  const { index } = compiled
  const tagProblem = firstDifference(pack.tags, index.tags)
  if (tagProblem !== null) return fail(['tags'], tagProblem)
  if (pack.reviewed !== index.reviewed) {
    return fail(
      ['reviewed'],
      `"${pack.reviewed}" is not the latest review date of the pack's entries ("${index.reviewed}")`,
    )
  }
  const built = buildPack(pack, index)
  if (built.sha256 !== pack.sha256) {
    return fail(
      ['sha256'],
      'does not match the content: the pack was changed after it was built (build it again with `hashtag-context pack`)',
    )
  }
  return { ok: true, pack: built }
}

/** `summary.sources[0]` or `["a b"].x` back into its keys. */
function fieldPath(text: string): FieldPath {
  const path: (string | number)[] = []
  const part = /(?:^|\.)([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy
  let match: RegExpExecArray | null
  while ((match = part.exec(text)) !== null) {
    if (match[1] !== undefined) path.push(match[1])
    else if (match[2] !== undefined) path.push(Number(match[2]))
    else if (match[3] !== undefined) path.push(JSON.parse(match[3]) as string)
  }
  return path
}

/** Why a pack's tags map is not the one its entries give, or null when it is. */
function firstDifference(
  stated: Record<string, string>,
  actual: Record<string, string>,
): string | null {
  for (const key of Object.keys(actual).sort(byString)) {
    if (!Object.hasOwn(stated, key)) return `has no key "${key}", which the entries declare`
    if (stated[key] !== actual[key]) {
      return `"${key}" leads to "${stated[key]}" but the entries give it to "${actual[key]}"`
    }
  }
  for (const key of Object.keys(stated).sort(byString)) {
    if (!Object.hasOwn(actual, key)) return `"${key}" is not a hashtag or alias of any entry`
  }
  return null
}
