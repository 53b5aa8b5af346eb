/**
 * The compiled fact index: the compact form the extension and the CLI ship.
 * Produced from data/ by compileIndex() (src/index/compile.ts); see data/README.md for the
 * source format curators edit. Every statement carries the ids of the sources it rests on.
 */

/** How a source relates to what it reports: lets a partisan blog's claim read as that blog's. */
export type SourceKind = 'news' | 'opinion-blog' | 'primary' | 'reference'

/** YYYY, YYYY-MM or YYYY-MM-DD; null where the date is not known (never guessed). */
export type PartialDate = string | null

/** A verbatim passage of an archived source. */
export interface Excerpt {
  /** Unique within its source. */
  id: string
  /** Verbatim text, checked against the archived copy by `npm run verify-quotes`. */
  quote: string
}

/** A published work an entry cites (schema.org CreativeWork-like). */
export interface Source {
  id: string
  publisher: string
  /** null when not confirmed (further-reading links may have no confirmed title). */
  title: string | null
  /** null when not confirmed. */
  author: string | null
  published: PartialDate
  /** Always https. */
  url: string
  kind: SourceKind
  /** File name of the archived text in the corpus; null for further reading with no archive. */
  archive: string | null
  /** Empty when archive is null: only archived text may be quoted. */
  excerpts: Excerpt[]
}

/** A statement in an entry and the sources it rests on (at least one). */
export interface Sourced {
  text: string
  sources: string[]
}

export interface TimelineEvent {
  date: PartialDate
  event: string
  sources: string[]
}

/** An attributed view of a contested tag, e.g. "Supporters say" / "Critics say". */
export interface Perspective {
  label: string
  text: string
  sources: string[]
}

/** A reference from an entry to one excerpt of one of its sources. */
export interface ExcerptRef {
  source: string
  excerpt: string
}

/** One entry of the index: the background on one hashtag (or a family of spellings). */
export interface Entry {
  id: string
  /** Primary spellings, shown as written (without the hash sign). */
  hashtags: string[]
  /** Further spellings that reach this entry. */
  aliases: string[]
  title: string
  summary: Sourced
  timeline: TimelineEvent[]
  perspectives: Perspective[]
  /** The excerpts to show, in order (2-6). */
  excerpts: ExcerptRef[]
  /** Sources listed for further reading beyond those cited. */
  furtherReading: string[]
  /** Ids of related entries. */
  related: string[]
  /** The date a curator last reviewed this entry, YYYY-MM-DD. */
  reviewed: string
}

/** The compiled index, as shipped. */
export interface CompiledIndex {
  /** Format of this object; bumped on incompatible change. */
  format: 1
  /** Content version: `<latest reviewed date>.<8 hex digits of the content hash>`. */
  version: string
  /** The latest `reviewed` date of any entry. */
  reviewed: string
  /** Normalised hashtag (see normalizeTag) -> entry id, for every hashtag and alias. */
  tags: Record<string, string>
  entries: Record<string, Entry>
  sources: Record<string, Source>
}
