/**
 * The verbatim check: every excerpt must appear word for word in the archived text of its source.
 * Only differences no reader would call a change of wording are forgiven: runs of whitespace
 * (line breaks of the archive) and typographic versus straight quote marks. A changed word, dash,
 * letter case or an inserted ellipsis is a mismatch.
 */
import type { CompiledIndex } from './types.ts'

const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u2039\u203A]/g // ‘ ’ ‚ ‛ ′ ‹ ›
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g // “ ” „ ‟ ″ « »

/**
 * Collapses each whitespace run to one space, trims, and maps typographic quote marks and
 * apostrophes to ASCII ' and ". Nothing else: dashes, case and ellipses stay as written.
 */
export function normaliseForQuoteCheck(s: string): string {
  return s.replace(/\s+/gu, ' ').trim().replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"')
}

/** An excerpt that could not be confirmed against its archive. */
export type QuoteProblem =
  | {
      kind: 'missing-archive'
      source: string
      /** The archive file name the source names. */
      file: string
    }
  | {
      kind: 'not-verbatim'
      source: string
      excerpt: string
      file: string
      /** The quote as written in data/. */
      quote: string
      /** The longest start of the (normalised) quote found in the archive: the change is just after it. */
      verbatimPrefix: string
      /** What the quote says after the prefix (a few dozen characters). */
      quoteContinues: string
      /** What the archive says after the prefix's first occurrence ('' when the prefix is empty). */
      archiveContinues: string
    }

const CONTEXT = 40

/** The longest prefix of `needle` that occurs in `haystack` (prefix occurrence is monotone). */
function longestPrefixIn(haystack: string, needle: string): string {
  let low = 0
  let high = needle.length
  while (low < high) {
    const mid = Math.ceil((low + high) / 2)
    if (haystack.includes(needle.slice(0, mid))) low = mid
    else high = mid - 1
  }
  return needle.slice(0, low)
}

/**
 * Checks every excerpt of every source of `index` against its archive, read through
 * `readArchive` (file name -> text, or null when the file does not exist).
 */
export function verifyQuotes(
  index: CompiledIndex,
  readArchive: (file: string) => string | null,
): QuoteProblem[] {
  const problems: QuoteProblem[] = []
  for (const source of Object.values(index.sources)) {
    if (source.archive === null || source.excerpts.length === 0) continue
    const text = readArchive(source.archive)
    if (text === null) {
      problems.push({ kind: 'missing-archive', source: source.id, file: source.archive })
      continue
    }
    const archive = normaliseForQuoteCheck(text)
    for (const excerpt of source.excerpts) {
      const quote = normaliseForQuoteCheck(excerpt.quote)
      if (quote !== '' && archive.includes(quote)) continue
      const prefix = longestPrefixIn(archive, quote)
      const at = prefix === '' ? -1 : archive.indexOf(prefix)
      problems.push({
        kind: 'not-verbatim',
        source: source.id,
        excerpt: excerpt.id,
        file: source.archive,
        quote: excerpt.quote,
        verbatimPrefix: prefix,
        quoteContinues: quote.slice(prefix.length, prefix.length + CONTEXT),
        archiveContinues:
          at === -1 ? '' : archive.slice(at + prefix.length, at + prefix.length + CONTEXT),
      })
    }
  }
  return problems
}

/** A QuoteProblem as one or two lines for a terminal. */
export function formatQuoteProblem(p: QuoteProblem): string {
  if (p.kind === 'missing-archive') {
    return `source "${p.source}": archive file ${p.file} not found in the corpus`
  }
  const where = `source "${p.source}" excerpt "${p.excerpt}" (${p.file})`
  if (p.verbatimPrefix === '') return `${where}: not verbatim: not even its start is in the archive`
  return (
    `${where}: not verbatim: matches up to ${JSON.stringify(p.verbatimPrefix.slice(-CONTEXT))}\n` +
    `  then the quote has ${JSON.stringify(p.quoteContinues)}\n` +
    `  but the archive has ${JSON.stringify(p.archiveContinues)}`
  )
}
