/**
 * Tweet archives and tables: JSON lines (one object a line) and CSV (RFC 4180), read in pieces,
 * each record giving the text of one field (and optionally a date) to scan. A record that cannot
 * be read is handed to `problem` with its line and the reason, never dropped silently.
 */
import { FieldPaths, NUMBER, readFields, STRING } from './json-fields.ts'
import { isDigit } from '../hashtags/char-classes.ts'
import { hashSearches, type Utf8Text } from './hashtag-bytes.ts'
import { asBuffer, NextIndex, unfinishedAt, utf16Units } from './utf8-bytes.ts'

/** The text to scan from one record, and where the record starts. */
export interface TextRecord {
  /** 1-based line of the file where the record starts. */
  line: number
  /**
   * The text, or its UTF-8 bytes (in the reader's buffer, valid only during the call that hands
   * the record over): the JSON lines reader saves decoding a field that holds no escapes, as
   * most of the field is never looked at.
   */
  text: string | Utf8Text
  /** The day of the record's date field (YYYY-MM-DD), or null without --date or when unreadable. */
  date: string | null
}

/** A record that was skipped (or, for a date, read without it), and why. */
export interface RecordProblem {
  line: number
  reason: string
}

/** Receives records and problems in file order. */
export interface RecordSink {
  record(record: TextRecord): void
  problem(problem: RecordProblem): void
}

/** Consumes text pieces of one input. */
export interface RecordReader {
  push(piece: string): void
  end(): void
}

/** Longest record kept: a longer one is reported and skipped instead of filling memory. */
export const MAX_RECORD = 64 * 1024 * 1024

/** A dotted path such as `data.full_text` as its keys. */
export function parsePath(path: string): string[] {
  return path.split('.')
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/

/**
 * The day (YYYY-MM-DD) of a date value: an ISO 8601 string gives its written day; another string
 * that Date.parse reads (Twitter's `Wed Oct 10 20:19:24 +0000 2018`), or a number of seconds or
 * milliseconds since 1970, gives its UTC day. Null when it is none of these.
 */
export function dayOf(value: unknown): string | null {
  if (typeof value === 'string') {
    const iso = ISO_DAY.exec(value)
    if (iso) return iso[0]
    const ms = Date.parse(value)
    return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10)
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    const ms = Math.abs(value) < 1e11 ? value * 1000 : value
    const date = new Date(ms)
    return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10)
  }
  return null
}

/** Splits pieces into lines, reporting (and skipping) a line longer than `max`. */
class LineSplitter {
  private carry = ''
  private line = 1
  private skipping = false

  constructor(
    private readonly onLine: (text: string, line: number) => void,
    private readonly onTooLong: (line: number) => void,
    private readonly max = MAX_RECORD,
  ) {}

  push(piece: string): void {
    let from = 0
    for (let nl = piece.indexOf('\n'); nl >= 0; nl = piece.indexOf('\n', from)) {
      if (this.skipping) this.skipping = false
      else this.emit(this.carry ? this.carry + piece.slice(from, nl) : piece.slice(from, nl))
      this.carry = ''
      this.line++
      from = nl + 1
    }
    if (this.skipping || from === piece.length) return
    this.carry += piece.slice(from)
    if (this.carry.length > this.max) {
      this.onTooLong(this.line)
      this.carry = ''
      this.skipping = true
    }
  }

  end(): void {
    if (!this.skipping && this.carry) this.emit(this.carry)
    this.carry = ''
  }

  private emit(text: string): void {
    this.onLine(text.endsWith('\r') ? text.slice(0, -1) : text, this.line)
  }
}

/**
 * LineSplitter on bytes: hands each line as bytes[from, to) of a buffer (the chunk itself, or
 * the line joined when it spans chunks), skipping and reporting a line longer than `max`
 * characters (UTF-16 units, as LineSplitter counts them).
 */
class ByteLineSplitter implements ByteRecordReader {
  /** The unfinished line: its pieces, their bytes, and UTF-16 units of the counted ones. */
  private carry: Buffer[] = []
  private carryBytes = 0
  private counted = 0
  private carryUnits = 0
  private line = 1
  private skipping = false

  constructor(
    private readonly onLine: (bytes: Buffer, from: number, to: number, line: number) => void,
    private readonly onTooLong: (line: number) => void,
    private readonly max = MAX_RECORD,
  ) {}

  push(chunk: Uint8Array): void {
    const bytes = asBuffer(chunk)
    let from = 0
    for (let nl = bytes.indexOf(LF); nl >= 0; nl = bytes.indexOf(LF, from)) {
      if (this.skipping) this.skipping = false
      else if (this.carry.length) {
        const line = Buffer.concat([...this.carry, bytes.subarray(from, nl)])
        this.onLine(line, 0, line.length, this.line)
      } else this.onLine(bytes, from, nl, this.line)
      this.clear()
      this.line++
      from = nl + 1
    }
    if (this.skipping || from === bytes.length) return
    this.carry.push(Buffer.from(bytes.subarray(from)))
    this.carryBytes += bytes.length - from
    // a line has at most as many UTF-16 units as bytes: count them only when it could be too long
    if (this.carryBytes <= this.max) return
    for (; this.counted < this.carry.length; this.counted++) {
      const part = this.carry[this.counted]!
      this.carryUnits += utf16Units(part, 0, part.length)
    }
    // a sequence cut at the end is not text yet (the decoder holds it back)
    const end = Buffer.concat(this.carry.slice(-3)).subarray(-3)
    const cut = unfinishedAt(end)
    const units = this.carryUnits - utf16Units(end, cut, end.length)
    if (units > this.max) {
      this.onTooLong(this.line)
      this.clear()
      this.skipping = true
    }
  }

  end(): void {
    if (!this.skipping && this.carryBytes) {
      const line = Buffer.concat(this.carry)
      this.onLine(line, 0, line.length, this.line)
    }
    this.clear()
  }

  private clear(): void {
    this.carry = []
    this.carryBytes = this.counted = this.carryUnits = 0
  }
}

/** Reads the value at `path` of a parsed object, or says why there is none. */
function pick(object: unknown, path: string[]): { value: unknown } | { missing: string } {
  let value = object
  for (let i = 0; i < path.length; i++) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { missing: `"${path.slice(0, i).join('.')}" is ${describe(value)}, not an object` }
    }
    value = (value as Record<string, unknown>)[path[i]!]
    if (value === undefined) return { missing: `no field "${path.slice(0, i + 1).join('.')}"` }
  }
  return { value }
}

/**
 * True when a JSON line could hold a hashtag in some string: a hash sign as written, or a `\u`
 * escape (which could spell one). Other lines cannot add a hashtag, whatever their fields.
 */
function mayHoldHashtag(line: string): boolean {
  return line.indexOf('#') >= 0 || line.indexOf('\uff03') >= 0 || line.indexOf('\\u') >= 0
}

/** Reads one JSON line as jsonlReader does (see there). */
type JsonLineReader = (text: string, line: number) => void

const notADate = (dateField: string): string => `"${dateField}" is not a date`

function jsonLineReader(
  field: string,
  dateField: string | null,
  sink: RecordSink,
  parseAll: boolean,
): JsonLineReader {
  const path = parsePath(field)
  const fieldKey = JSON.stringify(path[path.length - 1])
  const datePath = dateField === null ? null : parsePath(dateField)
  const recordDate = (object: unknown, line: number): string | null => {
    const picked = pick(object, datePath!)
    const day = 'value' in picked ? dayOf(picked.value) : null
    if (day === null) {
      const why = 'missing' in picked ? picked.missing : notADate(dateField!)
      sink.problem({ line, reason: `${why}; hashtags counted without a date` })
    }
    return day
  }
  return (text, line) => {
    // skipped only when the field's name is there too, so a missing field is still reported
    if (!parseAll && !mayHoldHashtag(text) && text.includes(fieldKey)) {
      const t = text.trim()
      if (t === '') return
      if (t.startsWith('{') && t.endsWith('}')) return sink.record({ line, text: '', date: null })
    } else if (text.trim() === '') return
    let object: unknown
    try {
      object = JSON.parse(text)
    } catch (error) {
      sink.problem({ line, reason: `not JSON (${(error as Error).message})` })
      return
    }
    if (object === null || typeof object !== 'object' || Array.isArray(object)) {
      sink.problem({ line, reason: `${describe(object)}, not a JSON object` })
      return
    }
    const picked = pick(object, path)
    if ('missing' in picked) return sink.problem({ line, reason: picked.missing })
    if (typeof picked.value !== 'string') {
      sink.problem({ line, reason: `field "${field}" is ${describe(picked.value)}, not text` })
      return
    }
    sink.record({ line, text: picked.value, date: datePath ? recordDate(object, line) : null })
  }
}

const tooLong = (sink: RecordSink) => (line: number) =>
  sink.problem({ line, reason: `longer than ${MAX_RECORD} characters, skipped` })

/**
 * JSON lines: each non-blank line one JSON object; `field` and `dateField` are dotted paths.
 * A line that cannot hold a hashtag but names the field is counted, and only checked to be `{…}`
 * unless `parseAll`: parsing it could only report a problem, never a hashtag, and parsing is most
 * of the cost.
 */
export function jsonlReader(
  field: string,
  dateField: string | null,
  sink: RecordSink,
  parseAll = true,
): RecordReader {
  return new LineSplitter(jsonLineReader(field, dateField, sink, parseAll), tooLong(sink))
}

/** Consumes the bytes (checked UTF-8) of one input. */
export interface ByteRecordReader {
  push(bytes: Uint8Array): void
  end(): void
}

const ESCAPE_BYTES = Buffer.from('\\u')

/**
 * dayOf for an ISO date string as bytes[start, end) (kind STRING): its first ten bytes when they
 * are YYYY-MM-DD, read without decoding the rest; null when it is something else (ask dayOf).
 */
function isoDayAt(bytes: Buffer, start: number, end: number, kind: number): string | null {
  if (kind !== STRING || end - start < 10) return null
  for (let k = 0; k < 10; k++) {
    const b = bytes[start + k]!
    if (k === 4 || k === 7 ? b !== 0x2d : !isDigit(b)) return null
  }
  return bytes.toString('latin1', start, start + 10)
}

/**
 * jsonlReader on the bytes of the input (checked UTF-8), with the same records and problems.
 * Without parseAll, a line with no hash sign, no `\u` escape (which could spell one) and the
 * field's name, that starts with `{` and ends with `}`, is counted as a record without reading
 * it. Every other line is read by readFields in its bytes, which checks all of it and gives the
 * field (as bytes when it has no escape, so only the runs around its hash signs are decoded)
 * and date; a line it leaves alone (not the plain case, or not JSON) is decoded and read by
 * jsonlReader's own rules, with JSON.parse.
 */
export function jsonlBytesReader(
  field: string,
  dateField: string | null,
  sink: RecordSink,
  parseAll = true,
): ByteRecordReader {
  const readLine = jsonLineReader(field, dateField, sink, parseAll)
  const path = parsePath(field)
  const key = Buffer.from(JSON.stringify(path[path.length - 1]))
  // the record's text when it is the field's bytes (one object, valid during sink.record), with
  // the searches for hash signs that mayHold and the hashtag scan share
  const utf8: Utf8Text = { bytes: Buffer.alloc(0), from: 0, to: 0, ...hashSearches() }
  const { hashes, wides } = utf8
  const escapes = new NextIndex(ESCAPE_BYTES)
  const keys = new NextIndex(key)
  const within = (found: number, to: number): boolean => found >= 0 && found < to
  /** Could bytes[from, to) hold a hashtag in some string? (a hash sign, or a `\u` escape) */
  const mayHold = (bytes: Buffer, from: number, to: number): boolean =>
    within(hashes.in(bytes, from), to) ||
    within(wides.in(bytes, from), to) ||
    within(escapes.in(bytes, from), to)
  const hasKey = (bytes: Buffer, from: number, to: number): boolean => {
    const named = keys.in(bytes, from)
    return named >= 0 && named + key.length <= to
  }
  const paths = new FieldPaths(dateField === null ? [path] : [path, parsePath(dateField)])
  const found = paths.found
  /** The text of path k's string, or the number its number spells. */
  const valueOf = (bytes: Buffer, k: number): string | number => {
    const start = found[3 * k]!
    const end = found[3 * k + 1]!
    const kind = found[3 * k + 2]
    if (kind === STRING) return bytes.toString('utf8', start, end)
    if (kind === NUMBER) return Number(bytes.toString('latin1', start, end))
    return JSON.parse(bytes.toString('utf8', start - 1, end + 1)) as string
  }
  const splitter = new ByteLineSplitter((bytes, from, to, line) => {
    if (to > from && bytes[to - 1] === CR) to--
    const candidate = mayHold(bytes, from, to)
    if (!parseAll && !candidate) {
      if (
        to - from > 1 &&
        bytes[from] === 0x7b &&
        bytes[to - 1] === 0x7d &&
        hasKey(bytes, from, to)
      )
        return sink.record({ line, text: '', date: null })
      return readLine(bytes.toString('utf8', from, to), line)
    }
    // the plain case without building the object; anything else by JSON.parse, as before
    if (!readFields(bytes, from, to, paths)) return readLine(bytes.toString('utf8', from, to), line)
    // the field's bytes as they are when it holds no escape: its text is those bytes
    let text: string | Utf8Text
    if (found[2] === STRING) {
      utf8.bytes = bytes
      utf8.from = found[0]!
      utf8.to = found[1]!
      text = utf8
    } else text = valueOf(bytes, 0) as string
    let date: string | null = null
    if (dateField !== null) {
      date = isoDayAt(bytes, found[3]!, found[4]!, found[5]!) ?? dayOf(valueOf(bytes, 1))
      if (date === null)
        sink.problem({ line, reason: `${notADate(dateField)}; hashtags counted without a date` })
    }
    sink.record({ line, text, date })
  }, tooLong(sink))
  return {
    push: (bytes) => {
      // the reader may refill the same buffer: what was found in it is stale
      for (const search of [hashes, wides, escapes, keys]) search.reset()
      splitter.push(bytes)
    },
    end: () => splitter.end(),
  }
}

/**
 * CSV by RFC 4180: comma-separated, a header row naming the columns, fields optionally in double
 * quotes, where `""` is a quote and commas and line breaks are kept. A record with a stray quote,
 * text after a closing quote, or another number of fields than the header is reported and
 * skipped; CR LF and LF both end records.
 */
export function csvReader(
  column: string,
  dateColumn: string | null,
  sink: RecordSink,
): RecordReader {
  let header: string[] | null = null
  let want = -1
  let wantDate = -1
  const onRecord = (fields: string[], line: number): void => {
    if (header === null) {
      header = fields
      want = fields.indexOf(column)
      wantDate = dateColumn === null ? -1 : fields.indexOf(dateColumn)
      const names = fields.map((f) => `"${f}"`).join(', ')
      if (want < 0) throw new CsvHeaderError(`no column "${column}" in the header (${names})`)
      if (dateColumn !== null && wantDate < 0)
        throw new CsvHeaderError(`no column "${dateColumn}" in the header (${names})`)
      return
    }
    if (fields.length === 1 && fields[0] === '') return // a blank line
    if (fields.length !== header.length) {
      sink.problem({ line, reason: `${fields.length} fields, the header has ${header.length}` })
      return
    }
    let date: string | null = null
    if (wantDate >= 0) {
      date = dayOf(fields[wantDate])
      if (date === null)
        sink.problem({
          line,
          reason: `"${dateColumn}" is not a date; hashtags counted without a date`,
        })
    }
    sink.record({ line, text: fields[want]!, date })
  }
  return new CsvParser(onRecord, (line, reason) => sink.problem({ line, reason }))
}

/** The header lacks a wanted column: the whole file cannot be read. */
export class CsvHeaderError extends Error {}

const QUOTE = 0x22
const COMMA = 0x2c
const LF = 0x0a
const CR = 0x0d

/** Streaming RFC 4180 parser: hands each record's fields and starting line to `onRecord`. */
export class CsvParser implements RecordReader {
  private fields: string[] = []
  private field = ''
  /** 0: at a field's start, 1: in an unquoted field, 2: in quotes, 3: after a quote in quotes. */
  private state = 0
  private bad: string | null = null
  /** The last record ended at a CR: an LF right after belongs to it. */
  private afterCr = false
  private line = 1
  private recordLine = 1
  private size = 0

  constructor(
    private readonly onRecord: (fields: string[], line: number) => void,
    private readonly onBad: (line: number, reason: string) => void,
  ) {}

  push(piece: string): void {
    let from = 0 // start of the stretch of piece not yet added to `field`
    const take = (to: number): void => {
      if (to > from) {
        this.field += piece.slice(from, to)
        this.size += to - from
      }
      from = to
    }
    for (let i = 0; i < piece.length; i++) {
      const c = piece.charCodeAt(i)
      if (c === LF) this.line++
      if (this.afterCr) {
        this.afterCr = false
        if (c === LF) {
          this.recordLine = this.line // CR LF ended the record: the next starts after the LF
          from = i + 1
          continue
        }
      }
      if (this.state === 2) {
        if (c === QUOTE) {
          take(i)
          this.state = 3
          from = i + 1
        }
        continue
      }
      if (this.state === 3) {
        if (c === QUOTE) {
          this.state = 2 // a doubled quote: the second one is kept
          from = i
          continue
        }
        if (c !== COMMA && c !== LF && c !== CR) {
          this.bad ??= 'text after a closing quote'
          this.state = 1
          from = i + 1
          continue
        }
      } else if (this.state === 0) {
        if (c === QUOTE) {
          this.state = 2
          from = i + 1
          continue
        }
        this.state = 1
        from = i
      }
      // in an unquoted field, or at the separator after a quoted one
      if (c === COMMA) {
        take(i)
        this.endField()
        from = i + 1
      } else if (c === LF || c === CR) {
        take(i)
        from = i + 1
        this.endRecord()
        this.afterCr = c === CR
      } else if (c === QUOTE) {
        this.bad ??= 'a quote inside an unquoted field'
      }
      if (this.size > MAX_RECORD) this.bad ??= `longer than ${MAX_RECORD} characters`
    }
    if (this.state !== 0) take(piece.length)
    if (this.bad !== null) this.field = '' // the record is dropped: keep memory flat
  }

  end(): void {
    if (this.state === 2) {
      this.onBad(this.recordLine, 'a quoted field is not closed at the end of the file')
      return
    }
    if (this.state !== 0 || this.fields.length) this.endRecord()
  }

  private endField(): void {
    this.fields.push(this.field)
    this.field = ''
    this.state = 0
  }

  private endRecord(): void {
    this.endField()
    const fields = this.fields
    this.fields = []
    this.size = 0
    const line = this.recordLine
    this.recordLine = this.line
    if (this.bad !== null) {
      this.onBad(line, this.bad)
      this.bad = null
      return
    }
    this.onRecord(fields, line)
  }
}
