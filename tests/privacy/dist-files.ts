/**
 * The built extensions as the privacy tests read them: dist/chrome and dist/firefox (or the same
 * folders under $HC_DIST, a snapshot taken so a rebuild elsewhere cannot swap files mid-run).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/** Project root. */
export const ROOT = path.resolve(import.meta.dirname, '../..')

/** The two builds. */
export const TARGETS = ['chrome', 'firefox'] as const
export type Target = (typeof TARGETS)[number]

/** The unpacked extension of `target`; throws with the fix when it has not been built. */
export function distDir(target: Target): string {
  const dir = path.join(process.env.HC_DIST ?? path.join(ROOT, 'dist'), target)
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`${dir}/manifest.json is missing: run npm run build first`)
  }
  return dir
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
export function listFiles(dir: string, sub = ''): string[] {
  const out: string[] = []
  for (const name of readdirSync(path.join(dir, sub))) {
    const rel = sub ? `${sub}/${name}` : name
    if (statSync(path.join(dir, rel)).isDirectory()) out.push(...listFiles(dir, rel))
    else out.push(rel)
  }
  return out.sort()
}

/** A file's text. */
export function readText(dir: string, rel: string): string {
  return readFileSync(path.join(dir, rel), 'utf8')
}

/** The parsed manifest of a build. */
export function readManifest(target: Target): Record<string, unknown> {
  return JSON.parse(readText(distDir(target), 'manifest.json')) as Record<string, unknown>
}
