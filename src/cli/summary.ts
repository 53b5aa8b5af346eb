/**
 * `scan --summary`: counts per flagged entry and per hashtag instead of one line a hit, so a
 * researcher sees a whole archive at once (and, with --date, when each tag was used). Hashtags are
 * grouped by their lookup key (NFKC, lower case), shown as first written. Unflagged hashtags are
 * kept only with --all, so memory grows with the number of distinct tags only when asked.
 */
import { normalizeTag } from '../hashtags/normalize.ts'
import type { IndexLookup } from '../index/lookup.ts'

interface TagCount {
  tag: string
  entry: string | null
  count: number
  first: string | null
  last: string | null
  days: Map<string, number> | null
}

/** One hashtag in the JSON summary. */
export interface SummaryTag {
  tag: string
  entry: string | null
  count: number
  first: string | null
  last: string | null
}

/** One flagged entry in the JSON summary. */
export interface SummaryEntry {
  id: string
  title: string
  count: number
  first: string | null
  last: string | null
  /** Hashtags per day (YYYY-MM-DD), in date order; empty without --date. */
  days: Record<string, number>
  tags: { tag: string; count: number }[]
}

/** The `scan --summary --json` document. */
export interface SummaryJson {
  summary: {
    inputs: string[]
    bytes: number
    /** Records read with --jsonl/--csv (null for plain text and HTML). */
    records: number | null
    skipped: number
    hashtags: number
    flagged: number
    first: string | null
    last: string | null
    entries: SummaryEntry[]
    /** Flagged hashtags; with --all, the top N of all hashtags by count. */
    tags: SummaryTag[]
    /** Distinct hashtags counted (flagged only, unless --all). */
    distinctTags: number
  }
}

const earlier = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null || a <= b ? a : b
const later = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null || a >= b ? a : b

/** Accumulates hashtags for the summary. */
export class Summary {
  hashtags = 0
  flagged = 0
  private readonly tags = new Map<string, TagCount>()
  /** The same counts by the tag as written, so a repeated spelling is normalized once. */
  private readonly written = new Map<string, TagCount>()

  constructor(private readonly all: boolean) {}

  /** Counts one hashtag; `entry` is its index entry id or null. */
  add(tag: string, entry: string | null, date: string | null): void {
    this.hashtags++
    if (entry !== null) this.flagged++
    else if (!this.all) return
    let count = this.written.get(tag)
    if (!count) {
      const key = normalizeTag(tag)
      count = this.tags.get(key)
      if (!count) {
        count = { tag, entry, count: 0, first: date, last: date, days: entry ? new Map() : null }
        this.tags.set(key, count)
      }
      this.written.set(tag, count)
    }
    count.count++
    if (date !== null) {
      count.first = earlier(count.first, date)
      count.last = later(count.last, date)
      count.days?.set(date, (count.days.get(date) ?? 0) + 1)
    }
  }

  /** The machine-readable summary. */
  toJson(
    lookup: IndexLookup,
    meta: { inputs: string[]; bytes: number; records: number | null; skipped: number; top: number },
  ): SummaryJson {
    const all = [...this.tags.values()]
    const entries = new Map<string, SummaryEntry>()
    let first: string | null = null
    let last: string | null = null
    for (const t of all) {
      first = earlier(first, t.first)
      last = later(last, t.last)
      if (t.entry === null) continue
      let e = entries.get(t.entry)
      if (!e) {
        const title = lookup.entry(t.entry)?.title ?? t.entry
        e = { id: t.entry, title, count: 0, first: null, last: null, days: {}, tags: [] }
        entries.set(t.entry, e)
      }
      e.count += t.count
      e.first = earlier(e.first, t.first)
      e.last = later(e.last, t.last)
      e.tags.push({ tag: t.tag, count: t.count })
      for (const [day, n] of t.days ?? []) e.days[day] = (e.days[day] ?? 0) + n
    }
    const byCount = <T extends { count: number }>(a: T, b: T, ka: string, kb: string): number =>
      b.count - a.count || (ka < kb ? -1 : ka > kb ? 1 : 0)
    const entryList = [...entries.values()].sort((a, b) => byCount(a, b, a.id, b.id))
    for (const e of entryList) {
      e.tags.sort((a, b) => byCount(a, b, a.tag, b.tag))
      e.days = Object.fromEntries(Object.entries(e.days).sort(([a], [b]) => (a < b ? -1 : 1)))
    }
    const tags = all
      .sort((a, b) => byCount(a, b, a.tag, b.tag))
      .slice(0, this.all ? meta.top : undefined)
      .map(({ tag, entry, count, first, last }) => ({ tag, entry, count, first, last }))
    return {
      summary: {
        inputs: meta.inputs,
        bytes: meta.bytes,
        records: meta.records,
        skipped: meta.skipped,
        hashtags: this.hashtags,
        flagged: this.flagged,
        first,
        last,
        entries: entryList,
        tags,
        distinctTags: all.length,
      },
    }
  }
}

/** `first to last`, or the one day. */
const span = (first: string | null, last: string | null): string =>
  first === null ? '' : first === last ? first : `${first} to ${last}`

/**
 * A count with thousands separated by commas (12,345), as toLocaleString('en-US') writes it,
 * without starting ICU's number formatting: that alone took ~25 ms of every run.
 */
export const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+$)/g, ',')

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${grouped(n)} ${n === 1 ? one : many}`

/** The summary as text for a reader. */
export function formatSummary({ summary: s }: SummaryJson, all: boolean): string {
  const out: string[] = []
  const where = s.inputs.length === 1 ? s.inputs[0]! : plural(s.inputs.length, 'input')
  const records = s.records === null ? '' : `${plural(s.records, 'record')}, `
  const dates = s.first === null ? '' : `, ${span(s.first, s.last)}`
  out.push(
    `${where}: ${records}${plural(s.hashtags, 'hashtag')}, ${grouped(s.flagged)} flagged ` +
      `(${plural(s.entries.length, 'entry', 'entries')})${dates}` +
      (s.skipped ? `; ${plural(s.skipped, 'record')} skipped (see above)` : ''),
  )
  for (const e of s.entries) {
    const dates = e.first === null ? '' : `, ${span(e.first, e.last)}`
    out.push('', `${e.id}: ${e.title}: ${plural(e.count, 'hashtag')}${dates}`)
    out.push(`  ${e.tags.map((t) => `#${t.tag} ${grouped(t.count)}`).join(', ')}`)
    const days = Object.entries(e.days)
    if (days.length) out.push(`  per day: ${days.map(([d, n]) => `${d} ${n}`).join(', ')}`)
  }
  if (s.tags.length) {
    const title = all
      ? `Top ${s.tags.length} of ${plural(s.distinctTags, 'hashtag')}:`
      : 'Flagged hashtags:'
    out.push('', title)
    const width = Math.max(...s.tags.map((t) => grouped(t.count).length))
    for (const t of s.tags) {
      const dates = t.first === null ? '' : `  ${span(t.first, t.last)}`
      const entry = t.entry === null ? '(not in index)' : `[${t.entry}]`
      out.push(`  ${grouped(t.count).padStart(width)}  #${t.tag}  ${entry}${dates}`)
    }
  }
  return out.join('\n') + '\n'
}
