/**
 * Entry of the `hashtag-context` command (built to dist/cli/hashtag-context.js, started by
 * bin/hashtag-context.js). The fact index is compiled into the bundle at build time.
 *
 * Here the command meets the operating system: files are read in large pieces (fewer, bigger
 * reads are what keeps decoding and scanning near the speed of a bare read), standard output is
 * written with back-pressure, a reader that closes the pipe early (`| head`) ends the command
 * quietly with status 0 as Unix tools do, and the progress line goes to stderr only when it is a
 * terminal, so pipes and logs never see it.
 */
import { open, readdir, stat, writeFile } from 'node:fs/promises'
import index from 'virtual:fact-index'
import { progressLine } from './progress.ts'
import { runCli } from './run.ts'

/** Bytes per read: large enough that per-piece costs vanish, small enough to keep memory flat. */
const PIECE = 1024 * 1024

// A closed pipe on stdout means the reader has what it wanted: stop quietly, as `cat | head` does.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

/**
 * A file's bytes in PIECE-sized chunks, read again and again into one buffer: a new buffer per
 * chunk lives outside the JavaScript heap, and a scan that makes little garbage collects it too
 * seldom (peak memory grew with the input). A chunk is valid until the next one is asked for.
 */
async function* readFile(path: string): AsyncGenerator<Uint8Array> {
  const file = await open(path, 'r')
  try {
    const buffer = Buffer.allocUnsafeSlow(PIECE)
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, PIECE, null)
      if (bytesRead === 0) return
      yield buffer.subarray(0, bytesRead)
    }
  } finally {
    await file.close()
  }
}

let drain: Promise<void> | null = null
const showProgress = process.stderr.isTTY === true
let lastProgress = 0
let started = 0
let progressShown = false

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: (text) => {
      if (!process.stdout.write(text))
        drain ??= new Promise((resolve) =>
          process.stdout.once('drain', () => {
            drain = null
            resolve()
          }),
        )
      return drain ?? undefined
    },
    stderr: (text) => {
      if (progressShown) process.stderr.write('\r\x1b[K')
      progressShown = false
      process.stderr.write(text)
    },
    stat: async (path) => {
      try {
        const s = await stat(path)
        return { directory: s.isDirectory(), size: s.size }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
    list: (path) => readdir(path),
    read: (path) => (path === '-' ? process.stdin : readFile(path)),
    progress: showProgress
      ? (done, total) => {
          const now = performance.now()
          if (started === 0) started = now
          // after a second, four times a second: short scans never show a line
          if (now - started < 1000 || now - lastProgress < 250) return
          lastProgress = now
          progressShown = true
          process.stderr.write(`\r${progressLine(done, total, (now - started) / 1000)}\x1b[K`)
        }
      : undefined,
    writeFile: (path, text) => writeFile(path, text),
    progressEnd: () => {
      if (progressShown) process.stderr.write('\r\x1b[K')
      progressShown = false
    },
  },
  index,
  __APP_VERSION__,
)
process.exitCode = code
