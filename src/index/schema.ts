/**
 * The format curators edit: one JSON file per source (data/sources/<id>.json) and per entry
 * (data/entries/<id>.json). data/README.md documents every field; compile.ts turns validated files
 * into the shipped CompiledIndex (types.ts). Objects are strict, so a misspelt key is an error
 * rather than a silently missing field.
 */
import { z } from 'zod'
import { isValidHashtag } from '../hashtags/tokenizer.ts'
import type { SourceKind } from './types.ts'

/** Lower-case words joined by single hyphens: safe as a file name, an object key and in a URL. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** The values of `kind`, in the order the guide explains them. */
export const SOURCE_KINDS = [
  'news',
  'opinion-blog',
  'primary',
  'reference',
] as const satisfies readonly SourceKind[]

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/**
 * Why `value` is not a date of the given precision, or null when it is one. Checks the calendar
 * (2017-02-30 and 2017-13 are refused), so an impossible date cannot be shipped as if known.
 */
export function dateProblem(value: string, precision: 'partial' | 'day'): string | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value)
  const expected =
    precision === 'day' ? 'YYYY-MM-DD' : 'YYYY, YYYY-MM or YYYY-MM-DD (or null when not known)'
  if (!match) return `"${value}" is not a date: expected ${expected}`
  const [, y, m, d] = match
  if (precision === 'day' && d === undefined)
    return `"${value}" is not a full date: expected ${expected}`
  const year = Number(y)
  if (m === undefined) return null
  const month = Number(m)
  if (month < 1 || month > 12) return `"${value}" is not a date: month ${m} does not exist`
  if (d === undefined) return null
  const day = Number(d)
  const days = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)
  if (day < 1 || day > days) return `"${value}" is not a date: ${y}-${m} has no day ${d}`
  return null
}

/** Why `value` is not an acceptable source URL, or null when it is. */
export function urlProblem(value: string): string | null {
  if (/[\s\p{Cc}]/u.test(value)) return `URL "${value}" contains whitespace or control characters`
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `"${value}" is not an absolute URL`
  }
  if (url.protocol !== 'https:') {
    return `URL must use https, not ${url.protocol.slice(0, -1)} ("${value}")`
  }
  if (url.username !== '' || url.password !== '') {
    return `URL must not contain credentials ("${value}")`
  }
  if (!url.hostname.includes('.')) return `URL has no public host name ("${value}")`
  return null
}

/** Why `value` is not a plain corpus file name (no folders, so it cannot escape the corpus). */
export function archiveNameProblem(value: string): string | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value) || value.includes('..')) {
    return `archive "${value}" must be a plain file name in the corpus folder (no folders or "..")`
  }
  return null
}

/** Why `tag` cannot be a hashtag spelling of an entry, or null when it can. */
export function hashtagProblem(tag: string): string | null {
  if (tag.startsWith('#') || tag.startsWith('＃')) {
    return `write "${tag.slice(1)}" without the hash sign`
  }
  // isValidHashtag takes the tag with its hash sign, as it appears on a page.
  if (!isValidHashtag(`#${tag}`)) {
    return `"${tag}" is not a single valid hashtag (letters, digits, marks and _, at least one letter)`
  }
  return null
}

/** A string that is not empty or only whitespace. */
const text = z.string().refine((s) => s.trim() !== '', 'must not be empty')

/** A field that reports its own message for a string that passed the base type check. */
function checked(problem: (value: string) => string | null) {
  return z.string().superRefine((value, ctx) => {
    const message = value === '' ? 'must not be empty' : problem(value)
    if (message !== null) ctx.addIssue({ code: 'custom', message, input: value })
  })
}

const id = checked((s) =>
  ID_PATTERN.test(s)
    ? null
    : `id "${s}" must be lower-case letters and digits joined by single hyphens`,
)
const partialDate = checked((s) => dateProblem(s, 'partial')).nullable()
const dayDate = checked((s) => dateProblem(s, 'day'))
const sourceRefs = z.array(id).min(1, 'a statement needs at least one source')
const hashtag = checked(hashtagProblem)

/** The `$schema` key editors use for completion; accepted and ignored. */
const editorSchema = z.string().optional()
/** A curator's note: kept in data/, never shipped. */
const notes = text.optional()

/** One data/sources/<id>.json file. */
export const sourceFileSchema = z.strictObject({
  $schema: editorSchema,
  id,
  publisher: text,
  /** null when not confirmed (e.g. a further-reading link known only by publisher and date). */
  title: text.nullable(),
  author: text.nullable(),
  published: partialDate,
  url: checked(urlProblem),
  kind: z.enum(SOURCE_KINDS),
  archive: checked(archiveNameProblem).nullable(),
  excerpts: z.array(z.strictObject({ id, quote: text })),
  notes,
})

/** One data/entries/<id>.json file. */
export const entryFileSchema = z.strictObject({
  $schema: editorSchema,
  id,
  /** May be empty for a background entry reached only through other entries' `related`. */
  hashtags: z.array(hashtag),
  aliases: z.array(hashtag),
  title: text,
  summary: z.strictObject({ text, sources: sourceRefs }),
  timeline: z.array(z.strictObject({ date: partialDate, event: text, sources: sourceRefs })),
  perspectives: z.array(z.strictObject({ label: text, text, sources: sourceRefs })),
  /**
   * 2 to 6, or none: an entry whose sources have no archived text has nothing that can be
   * checked word for word, so it quotes nothing (the card says so and points to the sources).
   */
  excerpts: z.array(z.strictObject({ source: id, excerpt: id })).superRefine((refs, ctx) => {
    if (refs.length === 1 || refs.length > 6) {
      ctx.addIssue({
        code: 'custom',
        message: `an entry shows 2 to 6 excerpts, or none when its sources have no archived text; found ${refs.length}`,
        input: refs,
      })
    }
  }),
  furtherReading: z.array(id),
  related: z.array(id),
  reviewed: dayDate,
  notes,
})

/** A source file as validated. */
export type SourceFile = z.infer<typeof sourceFileSchema>
/** An entry file as validated. */
export type EntryFile = z.infer<typeof entryFileSchema>
