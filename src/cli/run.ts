/**
 * The `hashtag-context` command line: argument handling, the scan of each input and what is
 * printed. Everything outside (files, standard streams, the terminal) comes through CliIo so tests
 * run it in memory.
 *
 * Inputs are streamed: bytes are checked to be UTF-8 in pieces and fed to ByteHashtagStream
 * (plain text) or a record reader (--jsonl on bytes, --csv on decoded text), which decode only
 * what can hold a hashtag, and hits are printed as each piece settles, waiting for standard
 * output to drain, so memory stays flat whatever the input's size and however slow the reader of
 * the output is. HTML is the exception (input.ts says why). Throughput and memory are measured by
 * `npm run bench:cli`; the README's command-line section holds the figures.
 */
import { parseArgs } from 'node:util'
import { findHashtags } from '../hashtags/tokenizer.ts'
import { entrySourceIds } from '../index/entry-sources.ts'
import { createCatalogLookup, type CatalogLookup } from '../index/catalog.ts'
import type { IndexLookup } from '../index/lookup.ts'
import type { IndexPack } from '../index/pack.ts'
import type { CompiledIndex, Entry, Source } from '../index/types.ts'
import { ByteHashtagStream, hashtagsInUtf8 } from './hashtag-bytes.ts'
import { RunTooLongError, codePoints } from './hashtag-stream.ts'
import {
  DECODE_PIECE,
  HTML_LIMIT,
  InputError,
  checkedBytes,
  htmlTooLarge,
  isHtmlName,
  readWhole,
  toScanInput,
} from './input.ts'
import {
  CsvHeaderError,
  csvReader,
  jsonlBytesReader,
  type ByteRecordReader,
  type RecordReader,
  type TextRecord,
} from './records.ts'
import { Summary, formatSummary } from './summary.ts'
import { decodeInPieces } from './utf8-bytes.ts'

/** What the CLI needs from the outside world; tests pass fakes. */
export interface CliIo {
  /** Writes to standard output; a returned promise means: wait for it before writing more. */
  stdout(text: string): void | Promise<void>
  stderr(text: string): void
  /** What a path names, or null when nothing is there. */
  stat(path: string): Promise<{ directory: boolean; size: number } | null>
  /** The names in a directory. */
  list(path: string): Promise<string[]>
  /** The bytes of a file (or of standard input for `-`) in pieces, each valid until the next. */
  read(path: string): AsyncIterable<Uint8Array>
  /** Told how far the input is read; only set when a progress line is wanted (a terminal). */
  progress?(done: number, total: number | null): void
  /** Told that reading is over, so the progress line can be cleared. */
  progressEnd?(): void
  /** Writes a whole file (`pack -o FILE`). */
  writeFile?(path: string, text: string): Promise<void>
}

/** Limits the tests lower to reach them with small inputs. */
export interface CliLimits {
  htmlBytes: number
}

/** A hashtag found by `scan`, as printed by `--json` (offsets in the scanned text). */
export interface ScanHit {
  tag: string
  start: number
  end: number
  entry: string | null
}

/** A hit in `scan --json` output. */
export interface JsonHit extends ScanHit {
  file: string
  line: number
  column: number
  /** With --date (records only): the record's day, or null when it has none. */
  date?: string | null
  /** With --pack: the other entries (bundled or from packs) that explain the same tag. */
  also?: string[]
}

const PACK_HELP = `Usage: hashtag-context pack DIR -o FILE

Build an index pack from DIR, a folder laid out like the project's data/:
  DIR/pack.json        {"id", "name", "publisher", "version"} of the pack
  DIR/entries/*.json   one file per entry, DIR/sources/*.json one per source (data/README.md)
  DIR/archive/         the archived texts the sources' excerpts are checked against, word for
                       word (without it, quotes cannot be checked and a warning says so)
The pack is one JSON file: share it as a file; readers import it in the extension's options
page, and \`scan --pack FILE\` reads it.

  -o, --out FILE   where to write the pack
  -h, --help       this help

Exit status: 0 written; 1 the folder's data has errors (each printed as file:line field:
message; nothing written); 2 usage error or a file that could not be read or written.`

const SCAN_HELP = `Usage: hashtag-context scan [options] [FILE|FOLDER|-]...

Find hashtags and print each one the fact index explains, with its entry's title and sources.
Reads plain UTF-8 text (streamed, any size), the visible text of .html/.htm files (read whole,
up to 256 MiB), standard input (- or no FILE), and folders (their .txt, .md, .html, .htm files;
.jsonl/.ndjson/.json with --jsonl; .csv with --csv).

  --all            every hashtag, flagged or not (with --summary: the top N of all hashtags)
  --json           machine-readable output (shapes in the README)
  --html           read the input as HTML whatever its name
  --jsonl FIELD    JSON lines: scan FIELD of each object, a dotted path (text, data.full_text)
  --csv COLUMN     CSV with a header row (RFC 4180): scan the column named COLUMN
  --date FIELD     with --jsonl/--csv: the record's date (ISO 8601, Twitter's created_at, epoch)
  --strict         stop at the first malformed record (default: report it on stderr, skip it);
                   with --jsonl also parse lines without a hash sign (default: check only {…})
  --summary        counts per flagged entry and hashtag instead of one line a hit
  --top N          with --summary --all: how many hashtags to list (default 20)
  --pack FILE      also look tags up in this index pack (repeatable; see "pack --help")
  -h, --help       this help

Exit status: 0 done; 1 done, but malformed records were skipped (reported on stderr);
2 usage error, or an input that could not be read (others are still scanned).`

const SHOW_HELP = `Usage: hashtag-context show [--pack FILE]... TAG|ENTRY-ID

Print an entry in full: summary, timeline, perspectives, excerpts and sources. With --pack, a
tag that several entries explain prints each of them; a pack's entry ids are PACK-ID/ENTRY-ID.
Exit status: 0 done; 2 not in the index or usage error.`

const USAGE = `Usage:
  hashtag-context scan [--all] [--json] [--summary] [--jsonl FIELD|--csv COLUMN] [FILE|FOLDER|-]...
      Find hashtags in text, HTML, JSON lines or CSV and print the ones the index explains.
  hashtag-context show TAG|ENTRY-ID
      Print an entry in full: summary, timeline, perspectives, excerpts and sources.
  hashtag-context pack DIR -o FILE
      Build an index pack from a folder laid out like data/; scan --pack FILE reads it.
  hashtag-context COMMAND --help    options of a command
  hashtag-context --version | --help

Exit status: 0 done; 1 done, but malformed records were skipped; 2 usage or input error.`

/** The files a folder gives in each mode, and how to name them in a message. */
const FOLDER_FILES = {
  text: { re: /\.(txt|text|md|html?)$/i, names: '.txt, .text, .md, .html, .htm' },
  jsonl: { re: /\.(jsonl|ndjson|json)$/i, names: '.jsonl, .ndjson, .json' },
  csv: { re: /\.csv$/i, names: '.csv' },
}

/** Finds every hashtag in a text and the index entry each one reaches (null when none). */
export function scanText(text: string, lookup: IndexLookup): ScanHit[] {
  return findHashtags(text).map(({ tag, start, end }) => ({
    tag,
    start,
    end,
    entry: lookup.find(tag)?.id ?? null,
  }))
}

function describeSource(source: Source): string {
  const when = source.published ?? 'date not confirmed'
  const title = source.title ? `“${source.title}”, ` : ''
  return `${source.publisher}, ${title}${when} [${source.kind}] ${source.url}`
}

async function printEntry(
  entry: Entry,
  lookup: CatalogLookup,
  index: CompiledIndex,
  io: CliIo,
): Promise<void> {
  const out: string[] = []
  const cite = (ids: string[]): string => `[${ids.join(', ')}]`
  out.push(
    `${entry.hashtags.map((h) => `#${h}`).join(' ') || '(background entry)'}  ${entry.title}`,
  )
  if (entry.aliases.length) out.push(`Also: ${entry.aliases.map((a) => `#${a}`).join(' ')}`)
  out.push('', entry.summary.text, cite(entry.summary.sources))
  if (entry.timeline.length) out.push('', 'Timeline:')
  for (const t of entry.timeline)
    out.push(`  ${t.date ?? 'date unknown'}  ${t.event} ${cite(t.sources)}`)
  if (entry.perspectives.length) out.push('', 'Perspectives:')
  for (const p of entry.perspectives) out.push(`  ${p.label}: ${p.text} ${cite(p.sources)}`)
  out.push('', 'Excerpts:')
  // Said, not left blank: an entry whose sources have no archived text quotes nothing.
  if (entry.excerpts.length === 0)
    out.push('  none: no source has an archived text to quote; see the sources below')
  for (const ref of entry.excerpts) {
    const source = lookup.source(ref.source)
    const quote = source?.excerpts.find((e) => e.id === ref.excerpt)?.quote
    if (source && quote)
      out.push(`  “${quote.replace(/\s+/g, ' ')}”`, `      ${describeSource(source)}`)
  }
  out.push('', 'Sources:')
  for (const id of entrySourceIds(entry)) {
    const source = lookup.source(id)
    if (source) out.push(`  ${id}: ${describeSource(source)}`)
  }
  const related = entry.related.map((id) => lookup.entry(id)).filter((e) => e !== undefined)
  if (related.length)
    out.push('', `Related: ${related.map((e) => `${e.title} [${e.id}]`).join('; ')}`)
  const pack = lookup.origin(entry.id)
  out.push(
    '',
    pack
      ? `Reviewed ${entry.reviewed}; pack ${pack.id} ${pack.version} (“${pack.name}”, ${pack.publisher}), reviewed ${pack.reviewed}`
      : `Reviewed ${entry.reviewed}; index ${index.version}`,
  )
  await io.stdout(out.join('\n') + '\n')
}

interface ScanOptions {
  all: boolean
  json: boolean
  html: boolean
  summary: boolean
  strict: boolean
  top: number
  jsonl: string | null
  csv: string | null
  date: string | null
}

/** Problems printed per input before only counting them. */
const SHOWN_PROBLEMS = 20

/** Entry ids by tag as written, remembered for repeated tags (bounded). */
function cachedFind(lookup: IndexLookup): (tag: string) => string | null {
  const cache = new Map<string, string | null>()
  return (tag) => {
    let id = cache.get(tag)
    if (id === undefined) {
      if (cache.size > 100_000) cache.clear()
      id = lookup.find(tag)?.id ?? null
      cache.set(tag, id)
    }
    return id
  }
}

/**
 * For a catalog in which some tags reach more than one entry (packs beside the bundled index):
 * a tag's entries after the first, remembered per spelling (bounded); null when no tag is shared,
 * so a scan without such packs pays nothing for it.
 */
function sharedEntries(lookup: IndexLookup): ((tag: string) => string[]) | null {
  const catalog = 'findAll' in lookup ? (lookup as CatalogLookup) : null
  if (!catalog || catalog.catalog.also.size === 0) return null
  const cache = new Map<string, string[]>()
  return (tag) => {
    let ids = cache.get(tag)
    if (ids === undefined) {
      if (cache.size > 100_000) cache.clear()
      ids = catalog
        .findAll(tag)
        .slice(1)
        .map((e) => e.id)
      cache.set(tag, ids)
    }
    return ids
  }
}

/** One scan over all inputs: prints hits as they settle, keeps totals for the end. */
class Scan {
  hashtags = 0
  flagged = 0
  records = 0
  skipped = 0
  bytes = 0
  failed = false
  readAny = false
  readonly entries = new Map<string, Entry>()
  readonly summary: Summary | null
  private readonly find: (tag: string) => string | null
  /** The other entries of a tag that several explain (only with packs that share tags). */
  private readonly also: ((tag: string) => string[]) | null
  private out = ''
  private firstJson = true

  constructor(
    private readonly o: ScanOptions,
    private readonly lookup: IndexLookup,
    private readonly io: CliIo,
  ) {
    this.find = cachedFind(lookup)
    this.also = sharedEntries(lookup)
    this.summary = o.summary ? new Summary(o.all) : null
  }

  /** Records one hit for printing or counting. */
  hit(
    file: string,
    tag: string,
    start: number,
    end: number,
    line: number,
    column: number,
    date?: string | null,
  ): void {
    const entry = this.find(tag)
    this.hashtags++
    if (entry !== null) this.flagged++
    if (this.summary) return this.summary.add(tag, entry, date ?? null)
    if (entry === null && !this.o.all) return
    const also = entry === null ? [] : (this.also?.(tag) ?? [])
    if (this.o.json) {
      const hit: JsonHit = { tag, start, end, entry, file, line, column }
      if (this.o.date !== null) hit.date = date ?? null
      if (also.length > 0) hit.also = also
      this.out += (this.firstJson ? '{"hashtags":[' : ',') + JSON.stringify(hit)
      this.firstJson = false
      return
    }
    const e = entry === null ? undefined : this.lookup.entry(entry)
    if (e) this.entries.set(e.id, e)
    // a record's column is in its field, not in the file's line: the file:line is what to open
    const where =
      this.o.jsonl !== null || this.o.csv !== null ? `${file}:${line}` : `${file}:${line}:${column}`
    const when = date ? ` ${date}` : ''
    const more = also.length > 0 ? ` (also ${also.map((id) => `[${id}]`).join(' ')})` : ''
    this.out += `${where}${when}  #${tag}  ${e ? `${e.title} [${e.id}]${more}` : '(not in index)'}\n`
  }

  /** Writes what is pending, waiting when standard output asks to. */
  async flush(): Promise<void> {
    if (this.out === '') return
    const text = this.out
    this.out = ''
    await this.io.stdout(text)
  }

  /** The end of the output: JSON closing, entries and totals, or the summary. */
  async finish(inputs: string[]): Promise<void> {
    const o = this.o
    if (this.summary) {
      const json = this.summary.toJson(this.lookup, {
        inputs,
        bytes: this.bytes,
        records: o.jsonl !== null || o.csv !== null ? this.records : null,
        skipped: this.skipped,
        top: o.top,
      })
      await this.io.stdout(o.json ? JSON.stringify(json) + '\n' : formatSummary(json, o.all))
      return
    }
    if (o.json) {
      await this.io.stdout((this.firstJson ? '{"hashtags":[' : '') + ']}\n')
      return
    }
    let text = ''
    for (const entry of this.entries.values()) {
      text += `\n${entry.id}: ${entry.title}\n`
      for (const id of entrySourceIds(entry)) {
        const source = this.lookup.source(id)
        if (source) text += `  - ${describeSource(source)}\n`
      }
    }
    const shown = o.all ? this.hashtags : this.flagged
    const where = inputs.length === 1 ? inputs[0]! : `${inputs.length} inputs`
    const n = this.entries.size
    text +=
      `${shown ? '\n' : ''}${this.flagged} flagged of ${this.hashtags} hashtag${this.hashtags === 1 ? '' : 's'}` +
      ` (${n} entr${n === 1 ? 'y' : 'ies'}) in ${where}\n`
    await this.io.stdout(text)
  }
}

/** Lists the files to scan under a folder, in name order; counts what it leaves out. */
async function walk(
  dir: string,
  keep: RegExp,
  io: CliIo,
  files: string[],
  left: { count: number },
): Promise<void> {
  const names = (await io.list(dir)).filter((n) => !n.startsWith('.')).sort()
  for (const name of names) {
    const path = dir.endsWith('/') ? dir + name : `${dir}/${name}`
    const stat = await io.stat(path)
    if (stat?.directory) await walk(path, keep, io, files, left)
    else if (stat && keep.test(name)) files.push(path)
    else left.count++
  }
}

function readError(error: unknown, label: string): InputError {
  if (error instanceof InputError) return error
  const code = (error as NodeJS.ErrnoException).code
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : String(code ?? (error as Error).message ?? error)
  return new InputError(`${label}: ${reason}`)
}

async function scanInput(
  path: string,
  size: number | null,
  o: ScanOptions,
  scan: Scan,
  io: CliIo,
  limits: CliLimits,
  progress: (bytes: number) => void,
): Promise<void> {
  const label = path === '-' ? '<stdin>' : path
  const records = o.jsonl !== null || o.csv !== null
  if (!records && (o.html || isHtmlName(path))) {
    if (size !== null && size > limits.htmlBytes) throw htmlTooLarge(label, limits.htmlBytes)
    const bytes = await readWhole(io.read(path), label, limits.htmlBytes)
    scan.readAny = true
    progress(bytes.length)
    const input = await toScanInput(bytes, label, true)
    for (const h of findHashtags(input.text)) {
      const { line, column } = input.position(h.start)
      scan.hit(label, h.tag, h.start, h.end, line, column)
    }
    await scan.flush()
    return
  }
  let reader: ByteRecordReader
  if (records) {
    let problems = 0
    const sink = {
      record: (r: TextRecord): void => {
        scan.records++
        const date = o.date === null ? undefined : r.date
        const text = r.text
        if (typeof text !== 'string') {
          // UTF-8 of a JSON string, which holds no raw line break: columns are code points
          for (const h of hashtagsInUtf8(text, !o.summary))
            scan.hit(label, h.tag, h.start, h.end, r.line, h.column, date)
          return
        }
        if (text.indexOf('#') < 0 && text.indexOf('\uff03') < 0) return
        let line0 = 0
        let col0 = 0
        // columns count code points of the field's text (a summary prints none)
        for (const h of findHashtags(text)) {
          if (!o.summary) col0 += codePoints(text, line0, h.start)
          line0 = h.start
          scan.hit(label, h.tag, h.start, h.end, r.line, col0 + 1, date)
        }
      },
      problem: ({ line, reason }: { line: number; reason: string }): void => {
        const where = `${label}:${line}: ${reason}`
        if (o.strict) throw new InputError(where)
        if (!reason.endsWith('without a date')) scan.skipped++
        if (++problems <= SHOWN_PROBLEMS) io.stderr(where + '\n')
      },
    }
    const inner =
      o.jsonl !== null
        ? jsonlBytesReader(o.jsonl, o.date, sink, o.strict)
        : decodingReader(csvReader(o.csv!, o.date, sink))
    reader = {
      push: (piece) => inner.push(piece),
      end: () => {
        inner.end()
        if (problems > SHOWN_PROBLEMS)
          io.stderr(`${label}: ${problems - SHOWN_PROBLEMS} more problems like these not shown\n`)
      },
    }
  } else {
    // a summary prints no positions: counting lines and columns would be a pass over every byte
    const stream = new ByteHashtagStream({ positions: !o.summary })
    const emit = (hits: ReturnType<ByteHashtagStream['end']>): void => {
      for (const h of hits) scan.hit(label, h.tag, h.start, h.end, h.line, h.column)
    }
    reader = { push: (piece) => emit(stream.push(piece)), end: () => emit(stream.end()) }
  }
  try {
    for await (const chunk of checkedBytes(io.read(path), label)) {
      scan.readAny = true
      reader.push(chunk.data)
      progress(chunk.bytes)
      await scan.flush()
    }
    scan.readAny = true // an empty input is read too
    reader.end()
    await scan.flush()
  } catch (error) {
    await scan.flush()
    if (error instanceof RunTooLongError)
      throw new InputError(
        `${label}: ${error.message}${Number.isNaN(error.offset) ? '' : ` (from character ${error.offset})`}; ` +
          'not text this tool can place hashtags in',
      )
    if (error instanceof CsvHeaderError) throw new InputError(`${label}:1: ${error.message}`)
    throw error
  }
}

/** A reader of text (CSV) fed the checked bytes of an input, decoded in pieces. */
function decodingReader(inner: RecordReader): ByteRecordReader {
  // the byte order mark is gone already: a second one is text
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  const push = (bytes: Uint8Array, more: boolean): void => {
    for (const text of decodeInPieces(decoder, bytes, more, DECODE_PIECE)) inner.push(text)
  }
  return {
    push: (bytes) => push(bytes, true),
    end: () => (push(new Uint8Array(0), false), inner.end()),
  }
}

function parseScanOptions(
  values: Record<string, string | string[] | boolean | undefined>,
): ScanOptions {
  const str = (name: string): string | null => {
    const v = values[name]
    if (v === undefined) return null
    if (typeof v !== 'string' || v === '') throw new InputError(`--${name} needs a value`)
    return v
  }
  const o: ScanOptions = {
    all: values.all === true,
    json: values.json === true,
    html: values.html === true,
    summary: values.summary === true,
    strict: values.strict === true,
    top: 20,
    jsonl: str('jsonl'),
    csv: str('csv'),
    date: str('date'),
  }
  const top = str('top')
  if (top !== null) {
    if (!/^\d+$/.test(top) || Number(top) < 1)
      throw new InputError('--top takes a whole number ≥ 1')
    o.top = Number(top)
  }
  if (o.jsonl !== null && o.csv !== null) throw new InputError('--jsonl and --csv: choose one')
  if (o.date !== null && o.jsonl === null && o.csv === null)
    throw new InputError('--date needs --jsonl or --csv (a date is a field of a record)')
  if (o.html && (o.jsonl !== null || o.csv !== null))
    throw new InputError('--html cannot be combined with --jsonl or --csv')
  return o
}

async function runScan(
  paths: string[],
  o: ScanOptions,
  lookup: IndexLookup,
  io: CliIo,
  limits: CliLimits,
): Promise<number> {
  const scan = new Scan(o, lookup, io)
  const keep = FOLDER_FILES[o.jsonl !== null ? 'jsonl' : o.csv !== null ? 'csv' : 'text']
  const inputs: { path: string; size: number | null }[] = []
  const report = (error: unknown, label: string): void => {
    scan.failed = true
    io.stderr(`hashtag-context: ${readError(error, label).message}\n`)
  }
  for (const path of paths.length ? paths : ['-']) {
    if (path === '-') {
      inputs.push({ path, size: null })
      continue
    }
    const stat = await io.stat(path).catch((error: unknown) => {
      report(error, path)
      return undefined
    })
    if (stat === undefined) continue
    if (stat === null) {
      report(Object.assign(new Error(), { code: 'ENOENT' }), path)
      continue
    }
    if (!stat.directory) {
      inputs.push({ path, size: stat.size })
      continue
    }
    const files: string[] = []
    const left = { count: 0 }
    await walk(path, keep.re, io, files, left)
    for (const file of files) inputs.push({ path: file, size: (await io.stat(file))?.size ?? null })
    if (left.count)
      io.stderr(
        `hashtag-context: ${path}: ${left.count} file${left.count === 1 ? '' : 's'} left out ` +
          `(not ${keep.names}); name a file to scan it\n`,
      )
  }
  const total = inputs.every((i) => i.size !== null)
    ? inputs.reduce((sum, i) => sum + i.size!, 0)
    : null
  const labels: string[] = []
  for (const { path, size } of inputs) {
    labels.push(path === '-' ? '<stdin>' : path)
    try {
      await scanInput(path, size, o, scan, io, limits, (bytes) => {
        scan.bytes += bytes
        io.progress?.(scan.bytes, total)
      })
    } catch (error) {
      if (o.strict && error instanceof InputError && /:\d+: /.test(error.message)) {
        io.progressEnd?.()
        io.stderr(`hashtag-context: ${error.message} (--strict)\n`)
        return 2
      }
      if (!(error instanceof InputError) && !(error as NodeJS.ErrnoException).code) throw error
      report(error, path === '-' ? '<stdin>' : path)
    }
  }
  io.progressEnd?.()
  if (scan.readAny) await scan.finish(labels)
  return scan.failed ? 2 : scan.skipped ? 1 : 0
}

/** Runs the command line; resolves to the exit code. */
export async function runCli(
  argv: string[],
  io: CliIo,
  index: CompiledIndex,
  version: string,
  limits: CliLimits = { htmlBytes: HTML_LIMIT },
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        all: { type: 'boolean' },
        json: { type: 'boolean' },
        html: { type: 'boolean' },
        summary: { type: 'boolean' },
        strict: { type: 'boolean' },
        top: { type: 'string' },
        jsonl: { type: 'string' },
        csv: { type: 'string' },
        date: { type: 'string' },
        pack: { type: 'string', multiple: true },
        out: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    })
    const [command, ...rest] = positionals
    const helpFor = command === 'help' ? rest[0] : values.help ? command : undefined
    if (values.help || command === 'help') {
      await io.stdout(
        (helpFor === 'scan'
          ? SCAN_HELP
          : helpFor === 'show'
            ? SHOW_HELP
            : helpFor === 'pack'
              ? PACK_HELP
              : USAGE) + '\n',
      )
      return 0
    }
    if (values.version) {
      await io.stdout(`hashtag-context ${version} (index ${index.version})\n`)
      return 0
    }
    // the pack code (its schema library, hashing, JSON with positions) is loaded only when used:
    // parsing it took a tenth of a small scan's time
    if (command === 'pack')
      return await (await import('./pack-command.ts')).runPack(rest, values.out, io)
    if (values.out !== undefined) throw new InputError('-o FILE is an option of pack only')
    const packs: IndexPack[] = []
    for (const path of values.pack ?? [])
      packs.push(await (await import('./pack-command.ts')).readPack(io, path))
    const lookup = createCatalogLookup(index, packs)
    if (command === 'scan') return await runScan(rest, parseScanOptions(values), lookup, io, limits)
    if (command === 'show') {
      if (rest.length !== 1) throw new InputError('show takes one hashtag or entry id')
      const wanted = rest[0]!
      const found = lookup.findAll(wanted)
      const entries =
        found.length > 0 ? found : [lookup.entry(wanted)].filter((e) => e !== undefined)
      if (entries.length === 0) {
        throw new InputError(`${wanted}: not in the index (${lookup.size} tags)`)
      }
      for (const [i, entry] of entries.entries()) {
        if (i > 0) await io.stdout('\n' + '-'.repeat(72) + '\n\n')
        await printEntry(entry, lookup, index, io)
      }
      return 0
    }
    throw new InputError(
      command === undefined ? 'no command given' : `unknown command "${command}"`,
    )
  } catch (error) {
    if (
      error instanceof InputError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.stderr(`hashtag-context: ${(error as Error).message}\n`)
      if (
        !(error instanceof InputError) ||
        /command|takes|needs|choose|cannot/.test(error.message)
      ) {
        io.stderr(`Try "hashtag-context --help".\n`)
      }
      return 2
    }
    throw error
  }
}
