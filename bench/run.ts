/**
 * The performance benchmark: the built extension in Debian's Chromium (and Firefox ESR for the
 * frame rate) on generated pages. What the page pays is measured black-box: the same page with
 * the shipped build minus without any extension. Prints a Markdown table and writes
 * bench/results/<date>.json (quick runs: bench/results/quick.json). Every figure is a median
 * of several runs, and where it has a baseline measured in the same run, a ratio to it.
 * bench/README.md explains each measure.
 *
 *   npm run bench              full run; needs `npm run build`
 *   npm run bench:quick        every measure on small pages, for CI: keeps it working, judges nothing
 *   tsx bench/run.ts --only=load,frames   a subset (see MEASURES)
 *   tsx bench/run.ts --table=bench/results/<file>.json   the table of a run already written
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildAll, ROOT } from './lib/builds.ts'
import { FIREFOX_PATH, requireBuild } from '../tests/e2e/lib/browsers.ts'
import { CHROMIUM_PATH, launchBench, type BenchBrowser } from './lib/chromium.ts'
import { extraSlotsOn, FULL, QUICK, timelineUrl, type Config } from './lib/config.ts'
import { makeBenchPack, packOnlyTags } from './lib/pack.ts'
import { servePages } from './lib/server.ts'
import type { ContentHeap } from './lib/heap.ts'
import { bytes, kib, kibDelta, ms, ratio } from './lib/stats.ts'
import { measureFirefoxFrames, type FirefoxFrames } from './measures/firefox-frames.ts'
import { measureFrames, type FrameCase } from './measures/frames.ts'
import { measureHover, type HoverResult } from './measures/hover.ts'
import {
  measureIncremental,
  measureIncrementalCost,
  type IncrementalCost,
  type IncrementalResult,
} from './measures/incremental.ts'
import { measureLoadCost, type LoadCostResult } from './measures/load-cost.ts'
import { measureLongTasks, type LongTaskResult } from './measures/long-tasks.ts'
import { measureMemory, type MemoryResult } from './measures/memory.ts'
import {
  measureIndexScale,
  measureScan,
  scanOnce,
  type IndexScaleResult,
  type ScanResult,
} from './measures/scan.ts'
import {
  importBenchPack,
  measurePackNode,
  measureReadiness,
  type PackNodeResult,
  type Readiness,
} from './measures/packs.ts'
import { contentSha256, measureSize, type SizeResult } from './measures/size.ts'

const MEASURES = [
  'size',
  'load',
  'scan',
  'increments',
  'frames',
  'firefox',
  'long-tasks',
  'hover',
  'memory',
  'index',
] as const
type Measure = (typeof MEASURES)[number]

/** Everything one run found; written as JSON. */
interface Results {
  date: string
  quick: boolean
  command: string
  machine: Machine
  config: Config
  durationS: number
  size?: SizeResult
  load?: LoadCostResult[]
  scan?: ScanResult[]
  frames?: FrameCase[]
  firefox?: FirefoxFrames[]
  increments?: IncrementalResult[]
  incrementCost?: IncrementalCost[]
  hover?: HoverResult
  longTasks?: LongTaskResult[]
  memory?: MemoryResult
  index?: IndexScaleResult
  /** Measure 7's index pack: in Node, its import, the background's readiness with it. */
  pack?: PackFigures
}

interface PackFigures {
  node: PackNodeResult
  /** storage.local write → first lookup answered from the pack. */
  importMs: number
  readiness?: Readiness
  /** The bench build's content script before the pack arm and after it (the same file). */
  contentSha256: { before: string; after: string }
}

interface Machine {
  cpus: number
  cpuModel: string
  chromium: string
  firefox: string
  node: string
  loadAverageStart: number[]
  loadAverageEnd?: number[]
}

function machine(): Machine {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8')
  let chromium = 'unknown'
  try {
    chromium = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8' }).trim()
  } catch {
    // Reported as unknown; launching it fails later with the install command.
  }
  let firefox = 'unknown'
  try {
    firefox = execFileSync(FIREFOX_PATH, ['--version'], { encoding: 'utf8' }).trim()
  } catch {
    // As for Chromium.
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    chromium,
    firefox,
    node: process.version,
    loadAverageStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  }
}

function parseArgs(argv: string[]): { config: Config; only: Set<Measure> } {
  let config = FULL
  let only = new Set<Measure>(MEASURES)
  for (const arg of argv) {
    if (arg === '--quick') config = QUICK
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',')
      for (const name of names) {
        if (!(MEASURES as readonly string[]).includes(name)) {
          throw new Error(`unknown measure "${name}"; one of: ${MEASURES.join(', ')}`)
        }
      }
      only = new Set(names as Measure[])
    } else throw new Error(`unknown argument "${arg}" (use --quick, --only=a,b)`)
  }
  return { config, only }
}

const log = (message: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}

/** "met", or "missed (figure vs budget)", for an upper budget; quick runs judge nothing. */
function verdict(
  quick: boolean,
  value: number,
  budget: number,
  unit: (n: number) => string,
): string {
  if (quick) return 'not judged (quick)'
  if (!Number.isFinite(value)) return '–'
  // Judged on the figure as printed (two decimals), not on floating-point noise beyond it.
  const shown = Math.round(value * 100) / 100
  return shown <= budget ? 'met' : `**missed** (${unit(value)} vs ${unit(budget)})`
}

/** "met", or "missed (figure vs budget)", for a lower budget (a ratio that must not fall below). */
function atLeast(quick: boolean, value: number, budget: number): string {
  if (quick) return 'not judged (quick)'
  if (!Number.isFinite(value)) return '–'
  return Math.round(value * 100) / 100 >= budget
    ? 'met'
    : `**missed** (${ratio(value)} vs ${ratio(budget)})`
}

/**
 * Measure 2's verdicts: the large page's figure at most 1.5× the small page's. A difference
 * within `slackMs` is below what the measure resolves (the timer's 0.1 ms for latencies; the run
 * to run spread of a renderer's task time for costs) and is not counted against the budget.
 */
function scaleVerdict(quick: boolean, large: number, small: number, slackMs: number): string {
  const plain = verdict(quick, Math.round((large / small) * 100) / 100, 1.5, ratio)
  if ((plain.startsWith('**missed**') || !(small > 0)) && large - small <= slackMs)
    return `met (within ${ms(slackMs)})`
  if (!(small > 0) && !quick) return `**missed** (${ms(large)} vs ${ms(small)} + ${ms(slackMs)})`
  return plain
}

const signed = (value: number): string => `${value >= 0 ? '+' : ''}${ms(value)}`
const count = (n: number): string => n.toLocaleString('en-US')

/** What measure 8 says of the content script the pack arm ran: the bench build's, unchanged. */
function packContent(r: Results): string {
  const sha = r.pack?.contentSha256
  if (!sha || !r.size) return ''
  const same = sha.before === sha.after && sha.before === r.size.benchContentSha256
  return same
    ? `; with the ${count(r.pack?.node.tags ?? 0)}-tag pack imported, the same file: SHA-256 unchanged through measure 7`
    : '; **the content script changed during measure 7** (SHA-256 differs)'
}

function table(r: Results): string {
  const q = r.quick
  const rows: string[][] = []
  const kb = (n: number): string => `${(n / 1000).toFixed(1)} KB`
  const fpsRow = (
    n: string,
    what: string,
    f: { withFps: number; withoutFps: number; fpsRatio: number },
  ): string[] => [
    n,
    what,
    `${f.withFps.toFixed(1)} / ${f.withoutFps.toFixed(1)} fps`,
    '',
    ratio(f.fpsRatio),
    '≥ 0.98×',
    atLeast(q, f.fpsRatio, 0.98),
  ]
  for (const l of r.load ?? []) {
    // The budget is on the two large pages; on the small one the floor is a few milliseconds.
    const judged = l.posts !== r.config.sizes[0]
    rows.push([
      '1',
      `Load + scan, ${count(l.posts)} posts (${count(l.textNodes)} text nodes): the page's main-thread time, from its commit until quiet, with the extension minus without (without ${ms(l.withoutTaskMs)}, with ${ms(l.withTaskMs)}; of the extra, after the load event ${signed(l.extraAfterLoadMs)}; ${l.pairs} pairs${l.notQuiet ? `, ${l.notQuiet} loads not quiet within the wait` : ''})`,
      signed(l.extraTaskMs),
      `floor ${ms(l.floorMs)}`,
      ratio(l.ratio),
      judged ? '≤ 1.5×' : 'stated',
      judged ? verdict(q, l.ratio, 1.5, ratio) : '',
    ])
    rows.push([
      '1',
      `  … of which style recalc (RecalcStyle), with minus without; layout ${signed(l.extraLayoutMs)}`,
      signed(l.extraStyleMs),
      '',
      '',
      '< 5 ms',
      verdict(q, l.extraStyleMs, 5, ms),
    ])
  }
  for (const s of r.scan ?? []) {
    rows.push([
      '1',
      `Scan latency, ${count(s.posts)} posts (bench build): content script start → all ${s.marks}/${s.expectedMarks} marks drawn; its scanner's own time ${ms(s.busyMs)} (${ratio(s.busyRatio)} of the floor), settings after ${ms(s.settingsMs)}, then ${ms(s.searchMs)} searching for shadow roots, idle after ${ms(s.doneMs)}`,
      ms(s.marksMs),
      `floor ${ms(s.floorMs)}`,
      ratio(s.marksRatio),
      'stated',
      '',
    ])
  }
  const costs = r.incrementCost
  if (costs && costs.length === 2) {
    const [small, large] = costs as [IncrementalCost, IncrementalCost]
    for (const [what, key, without] of [
      [`Append ${r.config.appendPosts} posts to`, 'appendExtraMs', 'appendWithoutMs'],
      ["Edit one post's text on", 'editExtraMs', 'editWithoutMs'],
    ] as const) {
      rows.push([
        '2',
        `${what} the ${count(large.posts)}-post page: the page's main-thread time until quiet, with the extension minus without (without ${ms(large[without])} vs ${ms(small[without])}${key === 'appendExtraMs' ? `; style ${signed(large.appendExtraStyleMs)}, layout ${signed(large.appendExtraLayoutMs)}` : ''})`,
        signed(large[key]),
        `${count(small.posts)} posts: ${signed(small[key])}`,
        ratio(large[key] / small[key]),
        '≤ 1.5×',
        scaleVerdict(q, large[key], small[key], 1),
      ])
    }
  }
  if (r.increments && r.increments.length === 2) {
    const [small, large] = r.increments as [IncrementalResult, IncrementalResult]
    rows.push([
      '2',
      `  … latency (bench build): append, end of the page's change → marked (the page's own change ${ms(large.appendPageMs)} vs ${ms(small.appendPageMs)}; scanner time ${ms(large.appendBusyMs)} vs ${ms(small.appendBusyMs)})`,
      ms(large.appendMs),
      `${count(small.posts)} posts: ${ms(small.appendMs)}`,
      ratio(large.appendMs / small.appendMs),
      '≤ 1.5×',
      scaleVerdict(q, large.appendMs, small.appendMs, 0.2),
    ])
    rows.push([
      '2',
      `  … latency (bench build): edit, end of the page's change → marked (the page's own change ${ms(large.editPageMs)} vs ${ms(small.editPageMs)}; scanner time ${ms(large.editBusyMs)} vs ${ms(small.editBusyMs)})`,
      ms(large.editMs),
      `${count(small.posts)} posts: ${ms(small.editMs)}`,
      ratio(large.editMs / small.editMs),
      '≤ 1.5×',
      scaleVerdict(q, large.editMs, small.editMs, 0.2),
    ])
  }
  for (const f of r.frames ?? []) {
    rows.push([
      '3',
      `Per frame of an animating page, ${count(f.posts)} posts, ${f.position}, mark style ${f.markStyle}: main-thread time with the extension minus without (with ${ms(f.withMs)}, without ${ms(f.withoutMs)}; ${f.highlightRanges} ranges in the page's highlight registry)`,
      signed(f.deltaMs),
      '',
      '',
      '< 0.5 ms',
      verdict(q, f.deltaMs, 0.5, ms),
    ])
    rows.push(
      fpsRow(
        '3',
        `  … its frame rate, with / without (the page's requestAnimationFrame intervals)`,
        f,
      ),
    )
  }
  for (const f of r.firefox ?? []) {
    rows.push(
      fpsRow(
        '4',
        `Firefox: frame rate of the animating page, ${count(f.posts)} posts, a flagged tag in view, with / without the extension (requestAnimationFrame intervals; ${f.highlightRanges} ranges in the page's highlight registry)`,
        f,
      ),
    )
  }
  for (const l of r.longTasks ?? []) {
    const described = l.attributable
      .slice(0, 3)
      .map((t) => {
        const top = Object.entries(t.functions)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 2)
          .map(([name, spent]) => `${name} ${ms(spent)}`)
          .join(', ')
        return `${ms(t.durationMs)} (CPU ${ms(t.cpuMs)}): ${top}; GC ${ms(t.gcMs)}`
      })
      .join(' / ')
    rows.push([
      '5',
      `Long tasks (> 50 ms) that the extension's JavaScript makes long, ${l.description} (${l.longTasks.length} long tasks in all, ${l.withExtension} with any extension code, ${l.descheduled} of those long only while the thread waited for a core; extension JS ${ms(l.extensionMs)} in all, at most ${ms(l.maxExtensionInTaskMs)} in one task)${described ? ` — ${described}` : ''}`,
      String(l.attributable.length),
      '',
      '',
      'none',
      verdict(q, l.attributable.length, 0, String),
    ])
    rows.push([
      '5',
      `  … tasks over 50 ms of main-thread time, with the extension minus without (${l.cpuLongWith} with, ${l.cpuLongWithout} without)`,
      Number.isNaN(l.cpuLongWithout)
        ? '–'
        : `${l.cpuLongWith - l.cpuLongWithout >= 0 ? '+' : ''}${l.cpuLongWith - l.cpuLongWithout}`,
      '',
      '',
      '≤ 0',
      verdict(q, l.cpuLongWith - l.cpuLongWithout, 0, String),
    ])
  }
  if (r.hover) {
    const h = r.hover
    rows.push([
      '6',
      `Hover → card painted, after the ${h.delayMs} ms hover delay (${h.hovers} hovers; first ${ms(h.firstMs)}, max ${ms(h.maxMs)})`,
      ms(h.medianMs),
      '',
      '',
      '< 16 ms',
      verdict(q, h.medianMs, 16, ms),
    ])
  }
  if (r.index) {
    const i = r.index
    rows.push([
      '7',
      `Scan of ${i.posts.toLocaleString('en-US')} posts with a ${i.syntheticTags.toLocaleString('en-US')}-tag index (scanner time ${ms(i.syntheticBusyMs)} vs ${ms(i.shippedBusyMs)})`,
      ms(i.syntheticMs),
      `shipped index ${ms(i.shippedMs)}`,
      ratio(i.ratio),
      '≤ 1.2×',
      verdict(q, i.ratio, 1.2, ratio),
    ])
    rows.push([
      '7',
      `Content-script JS heap with the ${i.syntheticTags.toLocaleString('en-US')}-tag index minus with the shipped one (${i.heapPosts.toLocaleString('en-US')}-post page; ${kib(i.syntheticHeap.jsBytes)} vs ${kib(i.shippedHeap.jsBytes)})`,
      kibDelta(i.syntheticHeap.jsBytes - i.shippedHeap.jsBytes),
      '',
      '',
      'stated',
      '',
    ])
    rows.push([
      '7',
      `Scan of ${count(i.posts)} posts, shipped index plus an imported pack of ${count(i.packTags)} tags (bench build, the pack in storage.local as the options page stores it): all ${i.packMarks} marks drawn, ${i.packOnlyTags} of them tags that only the pack flags (${i.shippedMarks} without it; scanner time ${ms(i.packBusyMs)} vs ${ms(i.shippedBusyMs)})`,
      ms(i.packMs),
      `without the pack ${ms(i.shippedMs)}`,
      ratio(i.packRatio),
      '≤ 1.2×',
      verdict(q, i.packRatio, 1.2, ratio),
    ])
    rows.push([
      '7',
      `Content-script JS heap with the pack minus without (${count(i.heapPosts)}-post page; ${kib(i.packHeap.jsBytes)} vs ${kib(i.shippedHeap.jsBytes)})`,
      kibDelta(i.packHeap.jsBytes - i.shippedHeap.jsBytes),
      '',
      '',
      'stated',
      '',
    ])
  }
  if (r.pack) {
    const n = r.pack.node
    rows.push([
      '7',
      `The pack in Node: ${count(n.tags)} tags in ${count(n.entries)} entries, ${bytes(n.bytes)} of the ${bytes(n.maxBytes)} a pack may hold; checkPack (the import's check; median of ${n.runs}), then the background's load of it: JSON.parse ${ms(n.parseMs)}, createCatalogLookup with the bundled index ${ms(n.catalogMs)}`,
      ms(n.checkMs),
      '',
      '',
      'stated',
      '',
    ])
    const ready = r.pack.readiness
    if (ready) {
      rows.push([
        '7',
        `Background readiness with the pack: a lookup sent to the stopped service worker (CDP ServiceWorker.stopAllWorkers) → its answer, ${ready.runs} runs (the worker's longest task: the Node row above, JSON.parse + createCatalogLookup); storage.local write → first answer from the pack ${ms(r.pack.importMs)}`,
        ms(ready.with.roundTripMs),
        `without the pack ${ms(ready.without.roundTripMs)}`,
        ratio(ready.with.roundTripMs / ready.without.roundTripMs),
        'stated',
        '',
      ])
    }
  }
  if (r.size) {
    const s = r.size
    rows.push([
      '8',
      `Content script, raw / gzip -9 (bench builds: ${kb(s.benchContentGzip)} gzip with the shipped index, ${kb(s.syntheticContentGzip)} with ${s.syntheticTags.toLocaleString('en-US')} tags${packContent(r)})`,
      `${bytes(s.contentRaw)} / ${bytes(s.contentGzip)}`,
      '',
      '',
      '≤ 30 KB gzip',
      verdict(q, s.contentGzip, 30_000, (x) => `${bytes(x)}`),
    ])
    rows.push([
      '8',
      `Unpacked extension (dist/chrome) / store zip; background with the ${s.syntheticTags.toLocaleString('en-US')}-tag index ${bytes(s.syntheticBackgroundRaw)}`,
      `${bytes(s.unpacked)} / ${s.zip === null ? '–' : bytes(s.zip)}`,
      '',
      '',
      'stated',
      '',
    ])
  }
  if (r.memory) {
    const m = r.memory
    const data = (h: ContentHeap): number => h.jsBytes - h.codeBytes
    rows.push([
      '9',
      `Content-script JS heap on ${m.posts.toLocaleString('en-US')} posts: after load → after ${m.churnSeconds} s of simulated churn (${kib(m.afterWarmUp.jsBytes)} after its first tenth)`,
      `${kib(m.afterLoad.jsBytes)} → ${kib(m.afterChurn.jsBytes)}`,
      '',
      ratio(m.growth),
      '≤ 1.2×',
      verdict(q, m.growth, 1.2, ratio),
    ])
    rows.push([
      '9',
      `  … of which data (code apart: ${kib(m.afterLoad.codeBytes)} → ${kib(m.afterChurn.codeBytes)}); after the first tenth → end: ${ratio(m.growthAfterWarmUp)}`,
      `${kib(data(m.afterLoad))} → ${kib(data(m.afterChurn))}`,
      '',
      ratio(m.dataGrowth),
      '',
      '',
    ])
  }
  const header = ['#', 'measure', 'figure', 'baseline', 'ratio', 'budget', 'verdict']
  const line = (cells: string[]): string =>
    `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

async function main(): Promise<void> {
  // `--table=bench/results/<file>.json`: the table of a run already written (one stopped
  // part-way, or subsets run apart), without measuring anything.
  const saved = process.argv.slice(2).find((a) => a.startsWith('--table='))
  if (saved) {
    const results = JSON.parse(readFileSync(saved.slice('--table='.length), 'utf8')) as Results
    console.log(table(results))
    return
  }
  const started = Date.now()
  const { config, only } = parseArgs(process.argv.slice(2))
  const results: Results = {
    date: new Date().toISOString(),
    quick: config.quick,
    command: config.quick ? 'npm run bench:quick' : 'npm run bench',
    machine: machine(),
    config,
    durationS: 0,
  }
  const dir = path.join(ROOT, 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  const file = path.join(
    dir,
    config.quick ? 'quick.json' : `${results.date.replace(/[:.]/g, '-')}.json`,
  )
  // Written after every measure too: a run stopped part-way keeps what it measured.
  const save = (): void => writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
  log(`building the bench extensions (generated index: ${config.syntheticTags} tags)`)
  const builds = buildAll(config.syntheticTags)
  if (only.has('size')) results.size = measureSize(builds)

  const server = await servePages()
  const browsers: BenchBrowser[] = []
  const open = async (extension: string | null): Promise<BenchBrowser> => {
    const browser = await launchBench(extension)
    browsers.push(browser)
    return browser
  }
  try {
    const [small, medium, large] = config.sizes
    const plain = await open(null)
    // The shipped build for what the page pays (black-box); the bench build where a measure
    // needs to know what the content script did (all marks drawn, its own time).
    const shipped = await open(builds.shipped)
    const ext = await open(builds.bench)
    // Wakes the backgrounds and compiles what can be compiled before anything is measured.
    await scanOnce(ext, timelineUrl(server.url, small))
    await shipped.goto(timelineUrl(server.url, small))

    if (only.has('load')) {
      results.load = []
      for (const [k, posts] of config.sizes.entries()) {
        if (!config.loadPairs[k]) continue
        log(`1 load: ${posts} posts × ${config.loadPairs[k]} pairs`)
        results.load.push(
          await measureLoadCost(plain, shipped, server.url, posts, config.loadPairs[k], {
            ...config.quiet,
            // Past the content script's start (document_idle) and its first slices.
            minMs: config.quiet.minMs * 2,
            maxMs: config.quiet.maxMs * 2,
          }),
        )
      }
    }
    save()
    if (only.has('scan')) {
      results.scan = []
      for (const [k, posts] of config.sizes.entries()) {
        log(`1 scan latency: ${posts} posts × ${config.scanRuns[k]}`)
        results.scan.push(
          await measureScan(plain, ext, server.url, posts, config.scanRuns[k] as number),
        )
      }
    }
    save()
    if (only.has('increments')) {
      results.incrementCost = []
      results.increments = []
      // Past the flagged-tags report's debounce (500 ms), which follows a change.
      const quiet = { ...config.quiet, minMs: 800 }
      for (const posts of [small, large]) {
        log(`2 increments: ${posts} posts`)
        results.incrementCost.push(
          await measureIncrementalCost(
            plain,
            shipped,
            posts,
            config.incrementRuns,
            config.appendPosts,
            server.url,
            quiet,
          ),
        )
        await scanOnce(ext, timelineUrl(server.url, posts))
        results.increments.push(
          await measureIncremental(ext, posts, config.incrementRuns, config.appendPosts),
        )
      }
    }
    save()
    if (only.has('frames')) {
      results.frames = []
      for (const posts of config.frameSizes) {
        log(`3 frames: ${posts} posts`)
        results.frames.push(
          ...(await measureFrames(plain, shipped, server.url, posts, {
            windowMs: config.frameWindowMs,
            pairs: config.framePairs,
            quiet: config.quiet,
            topAt: config.frameSizes.at(-1) ?? large,
          })),
        )
      }
    }
    save()
    if (only.has('long-tasks')) {
      log(`5 long tasks: ${config.longTaskPosts} posts, a storm, ${config.manyElements} elements`)
      results.longTasks = await measureLongTasks(plain, ext, server.url, {
        quiet: config.quiet,
        posts: config.longTaskPosts,
        scrollStops: config.scrollStops,
        stormMs: config.stormMs,
        manyElements: config.manyElements,
        without: config.longTasksWithout,
      })
    }
    save()
    if (only.has('hover')) {
      log('6 hover')
      await scanOnce(ext, timelineUrl(server.url, small))
      results.hover = await measureHover(ext, config.hovers)
    }
    save()
    if (only.has('memory')) {
      log(`9 memory: ${small} posts, ${config.churnSeconds} s of churn`)
      results.memory = await measureMemory(ext, server.url, small, config.churnSeconds)
    }
    for (const browser of [plain, shipped]) {
      await browser.close()
      browsers.splice(browsers.indexOf(browser), 1)
    }
    save()
    if (only.has('index')) {
      log(`7 index: a pack of ${config.packTags} tags in Node × ${config.packCheckRuns}`)
      const contentBefore = contentSha256(builds.bench)
      const bp = makeBenchPack(config.packTags)
      const node = await measurePackNode(bp, config.packCheckRuns)
      save()
      log(`7 index: ${medium} posts, ${config.syntheticTags} tags, the pack × ${config.indexRuns}`)
      const synthetic = await open(builds.synthetic)
      await scanOnce(synthetic, timelineUrl(server.url, small))
      const packed = await open(builds.bench)
      const probe = packOnlyTags(bp.pack, 1)[0] ?? ''
      const importMs = await importBenchPack(packed, bp, timelineUrl(server.url, small), probe)
      await scanOnce(packed, timelineUrl(server.url, small))
      const pack: PackFigures = {
        node,
        importMs,
        contentSha256: { before: contentBefore, after: '' },
      }
      results.pack = pack
      results.index = await measureIndexScale(
        ext,
        synthetic,
        {
          browser: packed,
          tags: bp.tags,
          pageTags: (posts) => packOnlyTags(bp.pack, extraSlotsOn(posts)),
        },
        server.url,
        medium,
        config.indexRuns,
        config.syntheticTags,
        small,
      )
      save()
      log(`7 index: background readiness, ${config.coldLookups} cold lookups each`)
      pack.readiness = await measureReadiness(ext, packed, probe, config.coldLookups)
      pack.contentSha256.after = contentSha256(builds.bench)
    }
    save()
    // Firefox last, with the Chromiums closed: two browsers' renderers would share the cores.
    for (const browser of [...browsers]) {
      await browser.close()
      browsers.splice(browsers.indexOf(browser), 1)
    }
    save()
    if (only.has('firefox')) {
      log(`4 firefox: ${config.firefoxSizes.join(', ')} posts`)
      results.firefox = await measureFirefoxFrames(
        requireBuild('firefox'),
        server.url,
        config.firefoxSizes,
        config.firefoxPairs,
        config.firefoxWindowMs,
      )
    }
  } finally {
    for (const browser of browsers) await browser.close().catch(() => undefined)
    await server.close()
  }

  results.durationS = Math.round((Date.now() - started) / 1000)
  results.machine.loadAverageEnd = os.loadavg().map((x) => Math.round(x * 100) / 100)
  save()
  const m = results.machine
  console.log(table(results))
  console.log(
    `\n${m.cpus} CPUs (${m.cpuModel}), ${m.chromium}, ${m.firefox}, Node ${m.node}; load average ${m.loadAverageStart.join(' ')} at start, ${m.loadAverageEnd?.join(' ') ?? '?'} at end; ${results.durationS} s. JSON: ${path.relative(ROOT, file)}`,
  )
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  process.exitCode = 1
})
