/**
 * Packs dist/chrome and dist/firefox into dist/hashtag-context-<browser>-<version>.zip with
 * web-ext (the same packer AMO documents), after checking each build is what the stores get:
 * a manifest of the package.json version, no source maps, no web_accessible_resources.
 * Run after `TARGET=chrome vite build && TARGET=firefox vite build`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import webExt from 'web-ext'

const ROOT = path.resolve(import.meta.dirname, '..')
const DIST = path.join(ROOT, 'dist')
const BROWSERS = ['chrome', 'firefox'] as const

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) =>
    statSync(path.join(dir, file)).isFile(),
  )
}

/** Problems that must keep a build out of a store; empty when it is fine. */
function check(dir: string, version: string): string[] {
  const manifestFile = path.join(dir, 'manifest.json')
  if (!existsSync(manifestFile)) return [`${manifestFile} is missing: run the vite builds first`]
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>
  const problems: string[] = []
  if (manifest.version !== version) {
    problems.push(`manifest version ${String(manifest.version)} is not package.json's ${version}`)
  }
  if (manifest.web_accessible_resources !== undefined) {
    problems.push('manifest has web_accessible_resources (pages could fingerprint the extension)')
  }
  const maps = files(dir).filter((file) => file.endsWith('.map'))
  if (maps.length > 0) problems.push(`source maps in the package: ${maps.join(', ')}`)
  return problems
}

async function main(): Promise<void> {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string
  }
  const problems = BROWSERS.flatMap((browser) =>
    check(path.join(DIST, browser), version).map((problem) => `dist/${browser}: ${problem}`),
  )
  if (problems.length > 0) throw new Error(problems.join('\n'))
  for (const browser of BROWSERS) {
    const { extensionPath } = await webExt.cmd.build(
      {
        sourceDir: path.join(DIST, browser),
        artifactsDir: DIST,
        filename: `hashtag-context-${browser}-${version}.zip`,
        overwriteDest: true,
      },
      { showReadyMessage: false },
    )
    const kib = (statSync(extensionPath).size / 1024).toFixed(1)
    console.log(`${path.relative(ROOT, extensionPath)} (${kib} KiB)`)
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
