/**
 * The per-file stage of the build: classify a data file by its path, parse it, and validate it
 * against its schema, turning zod issues into messages a curator can act on.
 */
import type { z } from 'zod'
import type { BuildError } from './format-error.ts'
import {
  formatFieldPath,
  lineAt,
  lineOfPath,
  parseJson,
  type FieldPath,
  type ParsedJson,
} from './json-location.ts'
import { at, didYouMean, isRecord } from './raw-json.ts'
import {
  entryFileSchema,
  sourceFileSchema,
  SOURCE_KINDS,
  type EntryFile,
  type SourceFile,
} from './schema.ts'

/** Which folder a data file is in. */
export type Kind = 'entry' | 'source'

/** A data file after the per-file stage. */
export interface Loaded {
  file: string
  kind: Kind
  /** The file name without .json: the id the file must declare. */
  stem: string
  /** null when the file is not valid JSON. */
  parsed: ParsedJson | null
  /** The raw JSON value (undefined when the file is not valid JSON). */
  raw: unknown
  /** Set when the file passed its schema. */
  entry?: EntryFile
  source?: SourceFile
}

/** Collects located errors and warnings. */
export interface Reporter {
  errors: BuildError[]
  warnings: BuildError[]
  error(loaded: Loaded, path: FieldPath, message: string): void
  warn(loaded: Loaded, path: FieldPath, message: string): void
}

/** A Reporter that finds each field's line in its file. */
export function createReporter(): Reporter {
  const errors: BuildError[] = []
  const warnings: BuildError[] = []
  const at = (list: BuildError[]) => (loaded: Loaded, path: FieldPath, message: string) => {
    list.push({
      file: loaded.file,
      path: formatFieldPath(path),
      line: loaded.parsed ? lineOfPath(loaded.parsed, path) : null,
      message,
    })
  }
  return { errors, warnings, error: at(errors), warn: at(warnings) }
}

const FILE_PATTERN = /(?:^|\/)(entries|sources)\/([^/]+)\.json$/

/**
 * Parses and validates one file, reporting every problem in it. Returns null for a file that is
 * not in entries/ or sources/ (it has no kind, so nothing else can be checked).
 */
export function loadFile(file: { path: string; text: string }, report: Reporter): Loaded | null {
  const match = FILE_PATTERN.exec(file.path)
  if (!match) {
    report.errors.push({
      file: file.path,
      path: '',
      line: null,
      message: 'not a data file: expected data/entries/<id>.json or data/sources/<id>.json',
    })
    return null
  }
  const kind: Kind = match[1] === 'entries' ? 'entry' : 'source'
  const loaded: Loaded = { file: file.path, kind, stem: match[2]!, parsed: null, raw: undefined }
  const parsed = parseJson(file.text)
  if ('problems' in parsed) {
    for (const p of parsed.problems) {
      report.errors.push({
        file: file.path,
        path: '',
        line: p.line,
        column: p.column,
        message: p.message,
      })
    }
    return loaded
  }
  loaded.parsed = parsed
  loaded.raw = parsed.value
  for (const duplicate of parsed.duplicateKeys) {
    report.errors.push({
      file: file.path,
      path: formatFieldPath(duplicate.path),
      // The second occurrence: a path lookup would find the first.
      line: lineAt(file.text, duplicate.offset),
      message: 'key appears twice in the same object',
    })
  }
  validateShape(loaded, report)
  const id = at(loaded.raw, ['id'])
  if (typeof id === 'string' && id !== loaded.stem) {
    report.error(loaded, ['id'], `id "${id}" does not match the file name "${loaded.stem}.json"`)
  }
  return loaded
}

// Keys and nullable fields of each kind of object, by the path with indices replaced by [].
const OBJECT_KEYS: Record<Kind, Record<string, string[]>> = {
  entry: {
    '': Object.keys(entryFileSchema.shape),
    summary: Object.keys(entryFileSchema.shape.summary.shape),
    'timeline[]': Object.keys(entryFileSchema.shape.timeline.element.shape),
    'perspectives[]': Object.keys(entryFileSchema.shape.perspectives.element.shape),
    'excerpts[]': Object.keys(entryFileSchema.shape.excerpts.element.shape),
  },
  source: {
    '': Object.keys(sourceFileSchema.shape),
    'excerpts[]': Object.keys(sourceFileSchema.shape.excerpts.element.shape),
  },
}
const NULLABLE: Record<Kind, Set<string>> = {
  entry: new Set(['timeline[].date']),
  source: new Set(['title', 'author', 'published', 'archive']),
}
const OPTIONAL = new Set(['$schema', 'notes'])

const EXPECTED: Record<string, string> = {
  string: 'a string',
  array: 'a list [...]',
  object: 'an object {...}',
  number: 'a number',
  boolean: 'true or false',
}

function shapeKey(path: FieldPath): string {
  return path
    .map((k) => (typeof k === 'number' ? '[]' : k))
    .join('.')
    .replaceAll('.[]', '[]')
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return `a string (${JSON.stringify(value)})`
  if (typeof value === 'number') return `a number (${value})`
  return `${typeof value} (${JSON.stringify(value)})`
}

function validateShape(loaded: Loaded, report: Reporter): void {
  const result =
    loaded.kind === 'entry'
      ? entryFileSchema.safeParse(loaded.raw)
      : sourceFileSchema.safeParse(loaded.raw)
  if (result.success) {
    if (loaded.kind === 'entry') loaded.entry = result.data as EntryFile
    else loaded.source = result.data as SourceFile
    return
  }
  for (const issue of result.error.issues) {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol')
    for (const [p, message] of issueMessages(loaded, path, issue)) report.error(loaded, p, message)
  }
}

/** zod's issue, reworded for curators and pointed at the exact key. */
function issueMessages(
  loaded: Loaded,
  path: FieldPath,
  issue: z.core.$ZodIssue,
): [FieldPath, string][] {
  const value = at(loaded.raw, path)
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = OBJECT_KEYS[loaded.kind][shapeKey(path)] ?? []
      const listed = allowed.filter((k) => !OPTIONAL.has(k)).join(', ')
      return issue.keys.map((key) => [
        [...path, key],
        `unknown key "${key}"${didYouMean(key, allowed)}; allowed: ${listed}`,
      ])
    }
    case 'invalid_type': {
      const parent = at(loaded.raw, path.slice(0, -1))
      const key = path.at(-1)
      if (typeof key === 'string' && isRecord(parent) && !Object.hasOwn(parent, key)) {
        return [[path, `missing required field "${key}"`]]
      }
      const orNull = NULLABLE[loaded.kind].has(shapeKey(path)) ? ' or null' : ''
      const expected = EXPECTED[issue.expected] ?? issue.expected
      return [[path, `expected ${expected}${orNull}, got ${describe(value)}`]]
    }
    case 'invalid_value':
      if (shapeKey(path) === 'kind') {
        return [[path, `kind must be one of ${SOURCE_KINDS.join(', ')}; got ${describe(value)}`]]
      }
      return [[path, issue.message]]
    case 'too_small':
    case 'too_big':
      return [
        [path, Array.isArray(value) ? `${issue.message}; found ${value.length}` : issue.message],
      ]
    default:
      return [[path, issue.message]]
  }
}
