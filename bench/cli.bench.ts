/**
 * Command-line benchmark (a script, not a test): `npm run bench:cli` (builds the CLI first).
 *
 * Generates its inputs in a temporary folder (deleted afterwards): plain prose, the same prose
 * with links that never repeat (the tokenizer's memo cannot answer them), and tweet-like JSON
 * lines, with hashtags, non-ASCII text and URLs. On one core (taskset -c 0), alternating run by
 * run, it times the built command against Node merely streaming the same file through and
 * discarding it, and reports medians, MB/s and the ratio. It then compares peak RSS on a 20 MB
 * input with peak RSS on a big one of the same kind (3 runs on 20 MB, 1 on the big input). Prints
 * a Markdown table with the machine it ran on and the budgets judged.
 *
 * Options: --mb N (timed inputs, default 200), --big-mb N (memory input, default 2000),
 * --runs N (default 5).
 */
import { execFileSync, spawn } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median, ratio } from './lib/stats.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'bin/hashtag-context.js')
const MB = 1_000_000

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 ? Number(process.argv[at + 1]) : fallback
}
const SIZE = option('mb', 200) * MB
const BIG = option('big-mb', 2000) * MB
const RUNS = option('runs', 5)

const WORDS = (
  'the council voted on tuesday after a long debate about housing and the budget while ' +
  'members of the public watched from the gallery and reporters wrote it all down'
).split(' ')
const TAGS = ['#SoftCoup', '#WeSupportCorbyn', '#Brexit', '#GE2017', '#日本', '#Ελλάδα', '#cult']
const EXTRA = ['café', '“quoted”', '🙂', 'https://example.org/story/#frag', 'www.example.com/a']

/**
 * One line of prose: about 1 word in 60 a hashtag, some non-ASCII and URLs. With `unique`, each
 * link names its place in the file (`https://example.org/story/123/#frag`), so no link repeats.
 */
function sentence(i: number, unique = false): string {
  const words: string[] = []
  for (let w = 0; w < 14; w++) {
    const k = i * 14 + w
    let extra = EXTRA[k % EXTRA.length]!
    if (unique && extra.startsWith('https:')) extra = `https://example.org/story/${k}/#frag`
    else if (unique && extra.startsWith('www.')) extra = `www.example${k % 1000}.com/a${k}`
    words.push(
      k % 61 === 0 ? TAGS[k % TAGS.length]! : k % 47 === 0 ? extra : WORDS[k % WORDS.length]!,
    )
  }
  return words.join(' ') + '.'
}

/** One tweet-like object a line, the text in data.full_text. */
function tweet(i: number, unique = false): string {
  const day = new Date(Date.UTC(2017, 5, 1) + (i % 30) * 86_400_000 + (i % 86_400) * 1000)
  return JSON.stringify({
    id: String(800_000_000_000_000_000n + BigInt(i)),
    created_at: day.toISOString(),
    author_id: String(10_000 + (i % 5000)),
    lang: 'en',
    data: {
      // two sentences; with `unique`, ones no other tweet has (else each is in two tweets)
      full_text: unique
        ? `${sentence(2 * i, true)} ${sentence(2 * i + 1, true)}`
        : `${sentence(i)} ${sentence(i + 1)}`,
      public_metrics: { retweets: i % 50, likes: i % 300 },
    },
    entities: {
      urls: [{ url: `https://t.co/a${i % 9999}`, expanded_url: `https://example.org/${i}` }],
    },
  })
}

/** Writes about `size` bytes of `line(i)` lines, none repeated (slower to write than generate). */
function generateUnique(path: string, size: number, line: (i: number) => string): void {
  const fd = openSync(path, 'w')
  for (let written = 0, i = 0; written < size;) {
    let block = ''
    for (let n = 0; n < 10_000; n++) block += line(i++) + '\n'
    const n = writeLines(fd, Buffer.from(block), size - written)
    if (n === 0) break
    written += n
  }
  closeSync(fd)
}

/**
 * Writes the whole lines of `bytes` that fit in `room` bytes (a cut line would be a malformed
 * record); how many bytes it wrote.
 */
function writeLines(fd: number, bytes: Buffer, room: number): number {
  const n = room >= bytes.length ? bytes.length : bytes.lastIndexOf(0x0a, room - 1) + 1
  if (n > 0) writeSync(fd, bytes, 0, n)
  return n
}

/** Writes `size` bytes of `line(i)` lines: a 4 MB block of distinct lines, repeated. */
function generate(path: string, size: number, line: (i: number) => string): void {
  let block = ''
  for (let i = 0; block.length < 4 * MB; i++) block += line(i) + '\n'
  const bytes = Buffer.from(block)
  const fd = openSync(path, 'w')
  for (let written = 0; written < size;) {
    const n = writeLines(fd, bytes, size - written)
    if (n === 0) break
    written += n
  }
  closeSync(fd)
}

// Reports peak RSS to stderr when the process exits, whatever ends it.
const RSS_PROBE =
  'data:text/javascript,process.on("exit",()=>process.stderr.write("@@maxrss "+process.resourceUsage().maxRSS+"\\n"))'
const BARE = `const s=require("fs").createReadStream(process.argv[1],{highWaterMark:1<<20});s.on("data",()=>{})`

interface Run {
  seconds: number
  rssKb: number
}

/** Runs node with `args` on core 0; wall time and peak RSS. */
function run(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn('taskset', ['-c', '0', process.execPath, '--import', RSS_PROBE, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000
      const rss = /@@maxrss (\d+)/.exec(err)
      if (code !== 0 || !rss)
        return reject(new Error(`node ${args.join(' ')}: exit ${code}\n${err}`))
      resolve({ seconds, rssKb: Number(rss[1]) })
    })
  })
}

const scanArgs = (kind: 'text' | 'jsonl', file: string): string[] =>
  kind === 'text'
    ? [bin, 'scan', '--summary', file]
    : [bin, 'scan', '--summary', '--jsonl', 'data.full_text', '--date', 'created_at', file]

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist/cli/hashtag-context.js')))
    throw new Error('run "npm run build:cli" first')
  const dir = mkdtempSync(join(tmpdir(), 'htc-bench-'))
  const load = loadavg()[0]!
  try {
    const rows: string[] = []
    const memRows: string[] = []
    const verdicts: boolean[] = []
    const INPUTS = [
      { name: 'plain text', kind: 'text', write: () => generate(timed, SIZE, (i) => sentence(i)) },
      {
        name: 'plain text, links never repeat',
        kind: 'text',
        write: () => generateUnique(timed, SIZE, (i) => sentence(i, true)),
      },
      {
        name: 'JSONL (data.full_text, --date)',
        kind: 'jsonl',
        write: () => generate(timed, SIZE, (i) => tweet(i)),
      },
      {
        name: 'JSONL, links never repeat',
        kind: 'jsonl',
        write: () => generateUnique(timed, SIZE, (i) => tweet(i, true)),
      },
    ] as const
    const timed = join(dir, 'timed')
    for (const input of INPUTS) {
      input.write()
      const cli: number[] = []
      const bare: number[] = []
      const ratios: number[] = []
      const args = scanArgs(input.kind, timed)
      await run(args) // warm the page cache and the code cache
      for (let r = 0; r < RUNS; r++) {
        // alternate which goes first, so neither always meets a warmer machine
        const pair =
          r % 2 === 0
            ? [await run(args), await run(['-e', BARE, timed])]
            : [await run(['-e', BARE, timed]), await run(args)].reverse()
        cli.push(pair[0]!.seconds)
        bare.push(pair[1]!.seconds)
        ratios.push(pair[0]!.seconds / pair[1]!.seconds)
      }
      const rate = SIZE / MB / median(cli)
      const r = median(ratios)
      verdicts.push(rate >= 200, r <= 3)
      rows.push(
        `| ${input.name} | ${SIZE / MB} MB | ` +
          `${median(cli).toFixed(2)} s | ${rate.toFixed(0)} MB/s ${rate >= 200 ? '✓' : '✗'} | ` +
          `${median(bare).toFixed(2)} s | ${ratio(r)} ${r <= 3 ? '✓' : '✗'} |`,
      )
      rmSync(timed)
    }
    for (const kind of ['text', 'jsonl'] as const) {
      const line = kind === 'text' ? (i: number) => sentence(i) : (i: number) => tweet(i)

      const small = join(dir, `small.${kind}`)
      const big = join(dir, `big.${kind}`)
      generate(small, 20 * MB, line)
      generate(big, BIG, line)
      const smallRss = median(await rssRuns(kind, small, 3))
      const bigRss = median(await rssRuns(kind, big, 1))
      const m = bigRss / smallRss
      verdicts.push(m <= 1.2)
      memRows.push(
        `| ${kind === 'text' ? 'plain text' : 'JSONL'} | ${(smallRss / 1024).toFixed(0)} MiB | ` +
          `${BIG / MB} MB: ${(bigRss / 1024).toFixed(0)} MiB | ${ratio(m)} ${m <= 1.2 ? '✓' : '✗'} |`,
      )
      rmSync(small)
      rmSync(big)
    }
    const cpu = cpus()[0]?.model ?? 'unknown CPU'
    const cores = execFileSync('nproc').toString().trim()
    console.log(
      `Machine: ${cores} cores (nproc), ${cpu}, Node ${process.version}; load average ${load.toFixed(1)} at start`,
    )
    console.log(
      `Medians of ${RUNS} alternating runs on one core (taskset -c 0), scan --summary, wall time with Node's start-up.\n`,
    )
    console.log(
      '| input | size | hashtag-context | rate (≥ 200 MB/s) | bare stream | ratio (≤ 3×) |',
    )
    console.log('|---|---|---|---|---|---|')
    for (const row of rows) console.log(row)
    console.log('\n| input | peak RSS, 20 MB | peak RSS, big input | ratio (≤ 1.2×) |')
    console.log('|---|---|---|---|')
    for (const row of memRows) console.log(row)
    console.log(`\n${verdicts.filter(Boolean).length} of ${verdicts.length} budgets met`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Peak RSS (KiB) of `runs` scans of `file` (one of a big input: peak RSS hardly varies). */
async function rssRuns(kind: 'text' | 'jsonl', file: string, runs: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < runs; i++) out.push((await run(scanArgs(kind, file))).rssKb)
  return out
}

await main()
