/**
 * Tokenizer benchmark (a script, not a test): `npx tsx bench/tokenizer.bench.ts`.
 *
 * For each input of about 1 MB it prints the median time per character of findHashtags, the ratio
 * to a plain loop that reads every charCodeAt of the same string, and the ratio of the 1 MB time to
 * the 0.25 MB time of the same kind of input (about 4 for linear behaviour; 16 would be quadratic).
 */
import { findHashtags } from '../src/hashtags/tokenizer.ts'

const MB = 1_000_000
const RUNS = 9

/** Whole repetitions of `unit` (or of its results) up to about `size` code units, then `tail`. */
function fill(size: number, unit: string | ((i: number) => string), tail = ''): string {
  const parts: string[] = []
  let length = tail.length
  for (let i = 0; ; i++) {
    const piece = typeof unit === 'string' ? unit : unit(i)
    if (length + piece.length > size) break
    parts.push(piece)
    length += piece.length
  }
  return parts.join('') + tail
}

const WORDS = ['the', 'council', 'voted', 'on', 'tuesday', 'after', 'a', 'long', 'debate', 'about']
const TAGS = ['#SoftCoup', '#WeSupportCorbyn', '#Brexit', '#مصر', '#日本', '#Ελλάδα']

/** Prose where 1 word in 100 is a hashtag; sentences end with a period. */
const prose = (i: number): string =>
  (i % 100 === 99 ? TAGS[i % TAGS.length]! : WORDS[i % WORDS.length]!) +
  (i % 17 === 16 ? '. ' : ' ')

const URLS = [
  'see https://example.org/path/#SoftCoup ',
  'www.example.com/#tag, ',
  'https://t.co/AbC123 #Brexit ',
  'example.co.uk/a_(b)/c?x=1#frag ',
  '(http://news.example.net:8080/2024/01/story.html) ',
  'mail me at a.b@example.com #contact ',
]

const INPUTS: [string, (size: number) => string][] = [
  ['prose, 1% hashtags', (n) => fill(n, prose)],
  ["'#' repeated", (n) => fill(n, '#')],
  ["'#a' repeated", (n) => fill(n, '#a')],
  ["'#a,' repeated after 'x.y/'", (n) => 'x.y/' + fill(n - 4, '#a,')],
  ["'#' + combining marks", (n) => '#' + fill(n - 1, '\u0301')],
  ["'#\\u0301' repeated", (n) => fill(n, '#\u0301')],
  ["'a.' repeated + '#tag'", (n) => fill(n, 'a.', '#tag')],
  ["'a.' repeated + 'com/#tag'", (n) => fill(n, 'a.', 'com/#tag')],
  ["'http://' repeated + '#tag'", (n) => fill(n, 'http://', '#tag')],
  ["'a.com/#' repeated", (n) => fill(n, 'a.com/#')],
  ['URL-heavy text', (n) => fill(n, (i) => URLS[i % URLS.length]!)],
]

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/**
 * Median milliseconds of one call of `fn` over RUNS samples, after a warm-up. A sample repeats fast
 * calls until it lasts at least 20 ms, so timer resolution does not distort small inputs.
 */
function time(fn: () => unknown): number {
  fn()
  let repeat = 1
  for (let t0 = performance.now(); performance.now() - t0 < 20; repeat++) fn()
  const runs: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now()
    for (let k = 0; k < repeat; k++) fn()
    runs.push((performance.now() - t0) / repeat)
  }
  return median(runs)
}

let sink = 0
function baseline(text: string): void {
  let sum = 0
  for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i)
  sink += sum
}

const rows: string[][] = [['input', 'chars', 'tags', 'ns/char', 'x baseline', '1MB/0.25MB']]
for (const [name, make] of INPUTS) {
  const big = make(MB)
  const small = make(MB / 4)
  const tags = findHashtags(big).length
  const t = time(() => findHashtags(big))
  const tSmall = time(() => findHashtags(small))
  const base = time(() => baseline(big))
  rows.push([
    name,
    String(big.length),
    String(tags),
    ((t * 1e6) / big.length).toFixed(2),
    (t / base).toFixed(1),
    (t / tSmall).toFixed(1),
  ])
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)))
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '))
console.log(`(baseline: a for loop over charCodeAt; median of ${RUNS} runs; checksum ${sink % 10})`)
