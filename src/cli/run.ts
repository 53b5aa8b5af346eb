import { parseArgs } from 'node:util'
import { findHashtags } from '../hashtags/tokenizer.ts'
import { entrySourceIds } from '../index/entry-sources.ts'
import { createLookup, type IndexLookup } from '../index/lookup.ts'
import type { CompiledIndex, Entry, Source } from '../index/types.ts'
import { InputError, toScanInput, type ScanInput } from './input.ts'

/** What the CLI needs from the outside world; tests pass fakes. */
export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  readFile(path: string): Promise<Uint8Array>
  readStdin(): Promise<Uint8Array>
}

/** A hashtag found by `scan`, as printed by `--json`. */
export interface ScanHit {
  tag: string
  start: number
  end: number
  entry: string | null
}

const USAGE = `Usage:
  hashtag-context scan [--all] [--json] [--html] [FILE|-]
      Find hashtags in plain text (or the visible text of FILE.html/.htm, or --html) and
      print each one the fact index explains, with its entry's title and sources.
      --all   list every hashtag found, flagged or not
      --json  print {"hashtags":[{"tag","start","end","entry"}]} (offsets in the scanned text)
  hashtag-context show TAG|ENTRY-ID
      Print an entry in full: summary, timeline, perspectives, excerpts and sources.
  hashtag-context --version | --help

Exit status: 0 on success, 2 on bad input or usage.`

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

function printScan(
  input: ScanInput,
  hits: ScanHit[],
  all: boolean,
  lookup: IndexLookup,
  io: CliIo,
): void {
  const shown = all ? hits : hits.filter((h) => h.entry !== null)
  const entries = new Map<string, Entry>()
  for (const hit of shown) {
    const { line, column } = input.position(hit.start)
    const entry = hit.entry === null ? undefined : lookup.entry(hit.entry)
    if (entry) entries.set(entry.id, entry)
    const where = `${input.label}:${line}:${column}`
    io.stdout(
      `${where}  #${hit.tag}  ${entry ? `${entry.title} [${entry.id}]` : '(not in index)'}\n`,
    )
  }
  for (const entry of entries.values()) {
    io.stdout(`\n${entry.id}: ${entry.title}\n`)
    for (const id of entrySourceIds(entry)) {
      const source = lookup.source(id)
      if (source) io.stdout(`  - ${describeSource(source)}\n`)
    }
  }
  const flagged = hits.filter((h) => h.entry !== null).length
  io.stdout(
    `${shown.length ? '\n' : ''}${flagged} flagged of ${hits.length} hashtag${hits.length === 1 ? '' : 's'}` +
      ` (${entries.size} entr${entries.size === 1 ? 'y' : 'ies'}) in ${input.label}\n`,
  )
}

function printEntry(entry: Entry, lookup: IndexLookup, index: CompiledIndex, io: CliIo): void {
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
  out.push('', `Reviewed ${entry.reviewed}; index ${index.version}`)
  io.stdout(out.join('\n') + '\n')
}

/** Runs the command line; resolves to the exit code. */
export async function runCli(
  argv: string[],
  io: CliIo,
  index: CompiledIndex,
  version: string,
): Promise<number> {
  const lookup = createLookup(index)
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        all: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        html: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    })
    if (values.help) {
      io.stdout(USAGE + '\n')
      return 0
    }
    if (values.version) {
      io.stdout(`hashtag-context ${version} (index ${index.version})\n`)
      return 0
    }
    const [command, ...rest] = positionals
    if (command === 'scan') {
      if (rest.length > 1) throw new InputError('scan takes one FILE (or - for standard input)')
      const file = rest[0] ?? '-'
      const label = file === '-' ? '<stdin>' : file
      let bytes: Uint8Array
      try {
        bytes = file === '-' ? await io.readStdin() : await io.readFile(file)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        const reason =
          code === 'ENOENT'
            ? 'no such file'
            : code === 'EISDIR'
              ? 'is a directory'
              : String(code ?? error)
        throw new InputError(`${label}: ${reason}`)
      }
      const input = toScanInput(bytes, label, values.html)
      const hits = scanText(input.text, lookup)
      if (values.json) {
        const hashtags = values.all ? hits : hits.filter((h) => h.entry !== null)
        io.stdout(JSON.stringify({ hashtags }) + '\n')
      } else {
        printScan(input, hits, values.all, lookup, io)
      }
      return 0
    }
    if (command === 'show') {
      if (rest.length !== 1) throw new InputError('show takes one hashtag or entry id')
      const wanted = rest[0]!
      const entry = lookup.find(wanted) ?? lookup.entry(wanted)
      if (!entry) throw new InputError(`${wanted}: not in the index (${lookup.size} tags)`)
      printEntry(entry, lookup, index, io)
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
      if (!(error instanceof InputError) || /command|takes/.test(error.message)) {
        io.stderr(`Try "hashtag-context --help".\n`)
      }
      return 2
    }
    throw error
  }
}
