/**
 * Pure formatting for the hover card: partial dates, source kinds, safe links, and the order in
 * which an entry's sources are numbered. No DOM, no browser API, so it is unit-tested in Node.
 */
import { entrySourceIds } from '../index/entry-sources.ts'
import type { Entry, PartialDate, Source, SourceKind } from '../index/types.ts'

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/

/**
 * Formats YYYY, YYYY-MM or YYYY-MM-DD for `locale` at the precision it was given (a month is
 * never padded to a day). Returns null for null; a malformed value is shown as stored rather than
 * guessed at.
 */
export function formatPartialDate(date: PartialDate, locale?: string): string | null {
  if (date === null) return null
  const m = PARTIAL_DATE.exec(date)
  if (!m) return date
  const [, y, mo, d] = m
  const year = Number(y)
  const month = mo === undefined ? 0 : Number(mo) - 1
  const day = d === undefined ? 1 : Number(d)
  if (month > 11 || day < 1 || day > 31) return date
  // UTC on both sides, so no time zone moves the date across midnight.
  const when = new Date(Date.UTC(year, month, day))
  if (when.getUTCMonth() !== month) return date
  const precision: DatePrecision = d !== undefined ? 'day' : mo !== undefined ? 'month' : 'year'
  try {
    return dateFormat(locale, precision).format(when)
  } catch {
    // An unknown locale tag: the ISO form is still unambiguous.
    return date
  }
}

/** How much of a partial date is known. */
export type DatePrecision = 'year' | 'month' | 'day'

const PRECISION_OPTIONS: Readonly<Record<DatePrecision, Intl.DateTimeFormatOptions>> = {
  day: { dateStyle: 'medium', timeZone: 'UTC' },
  month: { year: 'numeric', month: 'long', timeZone: 'UTC' },
  year: { year: 'numeric', timeZone: 'UTC' },
}

const formats = new Map<string, Intl.DateTimeFormat>()

/**
 * The formatter for `locale` at one precision, made once: a card shows a dozen dates or more,
 * and each new Intl.DateTimeFormat costs about 0.1 ms (the first of a page tens of ms), several
 * times what formatting a date with one does. Throws for an unknown locale tag.
 */
export function dateFormat(
  locale: string | undefined,
  precision: DatePrecision,
): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${precision}`
  let format = formats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, PRECISION_OPTIONS[precision])
    formats.set(key, format)
  }
  return format
}

/** The i18n message key naming each source kind (see public/_locales). */
export const KIND_MESSAGE: Readonly<Record<SourceKind, string>> = {
  news: 'cardKindNews',
  'opinion-blog': 'cardKindOpinionBlog',
  primary: 'cardKindPrimary',
  reference: 'cardKindReference',
}

/**
 * The URL to link to, or null: only https URLs become links, so a bad index entry can never
 * produce a `javascript:`, `data:` or plain-http link on someone else's page.
 */
export function safeHttpsUrl(url: string): string | null {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' ? parsed.href : null
  } catch {
    return null
  }
}

/**
 * What a source's link says: its title, or, where no title was confirmed (further reading), the
 * address without the scheme, shortened: never an invented title, never an empty link.
 */
export function sourceLinkText(source: Pick<Source, 'title' | 'url'>, max = 60): string {
  if (source.title) return source.title
  let text = source.url
  try {
    const url = new URL(source.url)
    text = url.host.replace(/^www\./, '') + url.pathname.replace(/\/$/, '')
  } catch {
    // Shown as stored.
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** What an entry rests on, for the first view of a card: counts and the kinds of sources. */
export interface EntryGlance {
  /** Sources the reader can follow (cited or further reading, present in `sources`). */
  sourceCount: number
  /** The kinds among them, each once, in the order the guide explains them. */
  kinds: SourceKind[]
  /** Excerpts the entry shows that resolve to a quote. */
  excerptCount: number
}

const KIND_ORDER = Object.keys(KIND_MESSAGE) as SourceKind[]

/** Counts an entry's sources, their kinds and its excerpts, as the card's details list them. */
export function entryGlance(entry: Entry, sources: Record<string, Source>): EntryGlance {
  const present = entrySourceIds(entry).flatMap((id) => sources[id] ?? [])
  const kinds = new Set(present.map((source) => source.kind))
  const excerptCount = entry.excerpts.filter((ref) =>
    sources[ref.source]?.excerpts.some((excerpt) => excerpt.id === ref.excerpt),
  ).length
  return {
    sourceCount: present.length,
    kinds: KIND_ORDER.filter((kind) => kinds.has(kind)),
    excerptCount,
  }
}
