#!/usr/bin/env node
// Starts the built command line (npm run build writes dist/cli/). Kept as plain JavaScript so
// `npm link` or a global install can put it on PATH before or after a build.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const built = new URL('../dist/cli/hashtag-context.js', import.meta.url)
if (!existsSync(built)) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  process.stderr.write(`hashtag-context: not built yet: run "npm ci && npm run build" in ${root}\n`)
  process.exit(2)
}
await import(built.href)
