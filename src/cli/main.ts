/**
 * Entry of the `hashtag-context` command (built to dist/cli/hashtag-context.js, started by
 * bin/hashtag-context.js). The fact index is compiled into the bundle at build time.
 */
import { readFile } from 'node:fs/promises'
import index from 'virtual:fact-index'
import { runCli } from './run.ts'

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFile(path),
    readStdin,
  },
  index,
  __APP_VERSION__,
)
process.exitCode = code
