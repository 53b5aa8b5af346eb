/**
 * The cross-file stage of the build: ids resolve, excerpts exist, hashtags are unique across the
 * index, and nothing is shipped that no reader can reach. Reads raw JSON defensively, so a file
 * with schema errors still has its well-formed references checked.
 */
import { normalizeTag } from '../hashtags/normalize.ts'
import { formatFieldPath, type FieldPath } from './json-location.ts'
import type { Loaded, Reporter } from './load-file.ts'
import { at, didYouMean, stringItems } from './raw-json.ts'

/** What the checks know about a source, even a broken one. */
interface SourceInfo {
  loaded: Loaded
  /** Excerpt ids, or null when the excerpts field is unreadable (references are then unchecked). */
  excerptIds: Set<string> | null
}

/** Where a normalised hashtag was first declared. */
export interface TagOwner {
  loaded: Loaded
  path: FieldPath
  tag: string
}

interface Context {
  entries: Map<string, Loaded>
  sources: Map<string, SourceInfo>
  report: Reporter
  /** Source ids cited anywhere, and `source\0excerpt` keys shown anywhere. */
  cited: Set<string>
  shown: Set<string>
  /** Entry ids some other entry lists in related. */
  relatedTo: Set<string>
  tags: Map<string, TagOwner>
}

/**
 * Runs every cross-file check over the loaded files. Returns the owner of each normalised
 * hashtag (the tags map of the compiled index).
 */
export function crossCheck(loadedFiles: Loaded[], report: Reporter): Map<string, TagOwner> {
  const context: Context = {
    ...registerIds(loadedFiles, report),
    report,
    cited: new Set(),
    shown: new Set(),
    relatedTo: new Set(),
    tags: new Map(),
  }
  for (const [id, loaded] of context.entries) checkEntry(id, loaded, context)
  warnUnreachable(context)
  return context.tags
}

/**
 * Registers files by file name: a declared id that differs is already an error, and keying by
 * the file name keeps a broken or misnamed file from turning every reference to it into an
 * "unknown id" error as well.
 */
function registerIds(
  loadedFiles: Loaded[],
  report: Reporter,
): Pick<Context, 'entries' | 'sources'> {
  const entries = new Map<string, Loaded>()
  const sources = new Map<string, SourceInfo>()
  const declared = new Map<string, Loaded>()
  for (const loaded of loadedFiles) {
    const rawId = at(loaded.raw, ['id'])
    const id = typeof rawId === 'string' ? rawId : loaded.stem
    const first = declared.get(`${loaded.kind}:${id}`)
    if (first !== undefined) {
      report.error(
        loaded,
        ['id'],
        `duplicate ${loaded.kind} id "${id}": also declared in ${first.file}`,
      )
      continue
    }
    declared.set(`${loaded.kind}:${id}`, loaded)
    if (loaded.kind === 'entry') {
      if (!entries.has(loaded.stem)) entries.set(loaded.stem, loaded)
    } else if (!sources.has(loaded.stem)) {
      sources.set(loaded.stem, { loaded, excerptIds: checkSourceExcerpts(loaded, report) })
    }
  }
  return { entries, sources }
}

/** Excerpt ids of a source, checking they are unique and that only archived text is quoted. */
function checkSourceExcerpts(loaded: Loaded, report: Reporter): Set<string> | null {
  const excerpts = at(loaded.raw, ['excerpts'])
  if (!Array.isArray(excerpts)) return null
  if (excerpts.length > 0 && at(loaded.raw, ['archive']) === null) {
    report.error(
      loaded,
      ['excerpts'],
      'a source with archive null cannot have excerpts: only archived text can be checked word for word',
    )
  }
  const ids = new Set<string>()
  excerpts.forEach((excerpt: unknown, i) => {
    const id = at(excerpt, ['id'])
    if (typeof id !== 'string') return
    if (ids.has(id)) {
      report.error(loaded, ['excerpts', i, 'id'], `duplicate excerpt id "${id}" in this source`)
    }
    ids.add(id)
  })
  return ids
}

function checkEntry(entryId: string, loaded: Loaded, context: Context): void {
  const raw = loaded.raw
  checkSourceList(loaded, ['summary', 'sources'], context)
  for (const list of ['timeline', 'perspectives'] as const) {
    const items = at(raw, [list])
    if (Array.isArray(items))
      items.forEach((_, i) => checkSourceList(loaded, [list, i, 'sources'], context))
  }
  checkSourceList(loaded, ['furtherReading'], context)
  checkExcerptRefs(loaded, context)
  checkRelated(entryId, loaded, context)
  checkHashtags(loaded, context)
}

function checkSourceId(loaded: Loaded, path: FieldPath, id: string, context: Context): boolean {
  context.cited.add(id)
  if (context.sources.has(id)) return true
  context.report.error(
    loaded,
    path,
    `unknown source id "${id}" (no data/sources/${id}.json)${didYouMean(id, context.sources.keys())}`,
  )
  return false
}

function checkSourceList(loaded: Loaded, path: FieldPath, context: Context): void {
  const seen = new Set<string>()
  for (const [i, id] of stringItems(at(loaded.raw, path))) {
    if (seen.has(id)) context.report.error(loaded, [...path, i], `source "${id}" is listed twice`)
    seen.add(id)
    checkSourceId(loaded, [...path, i], id, context)
  }
}

function checkExcerptRefs(loaded: Loaded, context: Context): void {
  const excerpts = at(loaded.raw, ['excerpts'])
  if (!Array.isArray(excerpts)) return
  const shownHere = new Map<string, number>()
  excerpts.forEach((ref: unknown, i) => {
    const sourceId = at(ref, ['source'])
    const excerptId = at(ref, ['excerpt'])
    if (typeof sourceId !== 'string') return
    if (!checkSourceId(loaded, ['excerpts', i, 'source'], sourceId, context)) return
    if (typeof excerptId !== 'string') return
    const key = `${sourceId}\u0000${excerptId}`
    context.shown.add(key)
    const known = context.sources.get(sourceId)?.excerptIds
    if (known === null || known === undefined) return
    if (!known.has(excerptId)) {
      const list = known.size === 0 ? 'it has none' : `its excerpts: ${[...known].join(', ')}`
      context.report.error(
        loaded,
        ['excerpts', i, 'excerpt'],
        `unknown excerpt id "${excerptId}" in source "${sourceId}" (${list})`,
      )
      return
    }
    const earlier = shownHere.get(key)
    if (earlier !== undefined) {
      context.report.error(
        loaded,
        ['excerpts', i],
        `excerpt "${excerptId}" of "${sourceId}" is already excerpts[${earlier}]`,
      )
    }
    shownHere.set(key, i)
  })
}

function checkRelated(entryId: string, loaded: Loaded, context: Context): void {
  const seen = new Set<string>()
  for (const [i, id] of stringItems(at(loaded.raw, ['related']))) {
    const path = ['related', i]
    if (id === entryId) {
      context.report.error(loaded, path, `entry "${id}" lists itself as related`)
    } else if (!context.entries.has(id)) {
      context.report.error(
        loaded,
        path,
        `unknown entry id "${id}" (no data/entries/${id}.json)${didYouMean(id, context.entries.keys())}`,
      )
    } else if (seen.has(id)) {
      context.report.error(loaded, path, `entry "${id}" is listed twice`)
    } else {
      context.relatedTo.add(id)
    }
    seen.add(id)
  }
}

function checkHashtags(loaded: Loaded, context: Context): void {
  const hashtags = at(loaded.raw, ['hashtags'])
  const aliases = at(loaded.raw, ['aliases'])
  if (
    Array.isArray(hashtags) &&
    hashtags.length === 0 &&
    Array.isArray(aliases) &&
    aliases.length > 0
  ) {
    context.report.error(
      loaded,
      ['aliases'],
      'aliases need a hashtag: list the main spelling in hashtags',
    )
  }
  for (const field of ['hashtags', 'aliases'] as const) {
    for (const [i, tag] of stringItems(at(loaded.raw, [field]))) {
      const key = normalizeTag(tag)
      if (key === '') continue
      const path = [field, i]
      const owner = context.tags.get(key)
      if (owner === undefined) {
        context.tags.set(key, { loaded, path, tag })
        continue
      }
      const where = owner.loaded === loaded ? 'in this file' : `in ${owner.loaded.file}`
      context.report.error(
        loaded,
        path,
        `duplicate hashtag "${tag}": same as ${formatFieldPath(owner.path)} "${owner.tag}" ${where} (tags are compared ignoring case and width)`,
      )
    }
  }
}

/** Warnings, not errors: material that ships but that no reader will see. */
function warnUnreachable(context: Context): void {
  const { report } = context
  for (const [id, loaded] of context.entries) {
    const hashtags = at(loaded.raw, ['hashtags'])
    if (Array.isArray(hashtags) && hashtags.length === 0 && !context.relatedTo.has(id)) {
      report.warn(
        loaded,
        ['hashtags'],
        `entry "${id}" has no hashtag and no other entry lists it in related: readers cannot reach it`,
      )
    }
  }
  for (const [id, { loaded, excerptIds }] of context.sources) {
    if (!context.cited.has(id)) {
      report.warn(loaded, ['id'], `source "${id}" is not cited by any entry`)
      continue
    }
    const excerpts = at(loaded.raw, ['excerpts'])
    if (excerptIds === null || !Array.isArray(excerpts)) continue
    excerpts.forEach((excerpt: unknown, i) => {
      const excerptId = at(excerpt, ['id'])
      if (typeof excerptId === 'string' && !context.shown.has(`${id}\u0000${excerptId}`)) {
        report.warn(
          loaded,
          ['excerpts', i, 'id'],
          `excerpt "${excerptId}" is not shown by any entry`,
        )
      }
    })
  }
}
