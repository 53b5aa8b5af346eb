/**
 * Measure 8: sizes on disk. The content script raw and gzip (level 9, as a store serves it at
 * best), in the shipped build and in the bench builds with the shipped and the generated index
 * (the content script must not grow with the index: lookups happen in the background); the
 * unpacked extension; the store zip.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Builds } from '../lib/builds.ts'

/** Measure 8's figures, in bytes. */
export interface SizeResult {
  contentRaw: number
  contentGzip: number
  /** Content script of the bench builds: shipped index vs generated index. */
  benchContentGzip: number
  syntheticContentGzip: number
  /** SHA-256 of the bench build's content script (the file measure 7's pack arm runs). */
  benchContentSha256: string
  syntheticTags: number
  /** The background script with the generated index, raw (the index lives there). */
  syntheticBackgroundRaw: number
  unpacked: number
  zip: number | null
}

const CONTENT = path.join('src', 'content', 'main.js')

function gzipSize(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length
}

/** SHA-256 (hex) of the content script in the unpacked extension at `dir`. */
export function contentSha256(dir: string): string {
  return createHash('sha256')
    .update(readFileSync(path.join(dir, CONTENT)))
    .digest('hex')
}

function treeSize(dir: string): number {
  let total = 0
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stat = statSync(path.join(dir, name))
    if (stat.isFile()) total += stat.size
  }
  return total
}

/** The largest .js file under `dir`/assets (the background chunk that holds the index). */
function largestAsset(dir: string): number {
  const assets = path.join(dir, 'assets')
  return Math.max(
    0,
    ...readdirSync(assets)
      .filter((n) => n.endsWith('.js'))
      .map((n) => statSync(path.join(assets, n)).size),
  )
}

/** Measure 8. */
export function measureSize(builds: Builds): SizeResult {
  const content = path.join(builds.shipped, CONTENT)
  const dist = path.dirname(builds.shipped)
  const zips = readdirSync(dist).filter((n) => /^hashtag-context-chrome-.*\.zip$/.test(n))
  return {
    contentRaw: statSync(content).size,
    contentGzip: gzipSize(content),
    benchContentGzip: gzipSize(path.join(builds.bench, CONTENT)),
    syntheticContentGzip: gzipSize(path.join(builds.synthetic, CONTENT)),
    benchContentSha256: contentSha256(builds.bench),
    syntheticTags: builds.syntheticTags,
    syntheticBackgroundRaw: largestAsset(builds.synthetic),
    unpacked: treeSize(builds.shipped),
    zip: zips[0] ? statSync(path.join(dist, zips[0])).size : null,
  }
}
