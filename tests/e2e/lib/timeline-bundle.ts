/**
 * Bundles the React timeline fixture (tests/e2e/fixtures/timeline/app.ts) with Vite, in memory,
 * from the react and react-dom packages in node_modules: nothing is fetched, nothing written.
 * React's development build, so the page logs every problem React notices (the suite fails on
 * any console error).
 */
import path from 'node:path'
import { build, type Rollup } from 'vite'
import { ROOT } from './browsers.ts'

/** Folder of the fixture pages. */
export const FIXTURES = path.join(ROOT, 'tests', 'e2e', 'fixtures')

let cached: Promise<Record<string, string>> | undefined

/** The files to serve from memory: `{ '/timeline/app.js': code }`. Built once per process. */
export function timelineFiles(): Promise<Record<string, string>> {
  cached ??= bundle().then((code) => ({ '/timeline/app.js': code }))
  return cached
}

async function bundle(): Promise<string> {
  const result = await build({
    configFile: false,
    root: path.join(FIXTURES, 'timeline'),
    logLevel: 'warn',
    mode: 'development',
    define: { 'process.env.NODE_ENV': JSON.stringify('development') },
    build: {
      write: false,
      minify: false,
      sourcemap: false,
      modulePreload: false,
      target: 'es2022',
      rollupOptions: {
        input: path.join(FIXTURES, 'timeline', 'app.ts'),
        output: { format: 'es', entryFileNames: 'app.js' },
      },
    },
  })
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[]
  const chunk = outputs
    .flatMap((output) => output.output)
    .find((item): item is Rollup.OutputChunk => item.type === 'chunk' && item.isEntry)
  if (!chunk) throw new Error('bundling the timeline fixture produced no entry chunk')
  return chunk.code
}
