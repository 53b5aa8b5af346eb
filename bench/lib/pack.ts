/**
 * The benchmark's index pack: generated entries in the shape of the synthetic index
 * (builds.ts: copies of a real entry, 100 hashtags each) under tag names of their own, with the
 * sources they cite, compiled by the build's compiler and packed by buildPack (src/index), so it
 * is a pack the extension's import would accept. Its tags are not in the synthetic index, so a
 * page can carry tags that only the pack flags.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { normalizeTag } from '../../src/hashtags/normalize.ts'
import { compileIndex, formatBuildError, type DataFile } from '../../src/index/compile.ts'
import { buildPack, type IndexPack } from '../../src/index/pack.ts'
import { ROOT, syntheticEntries } from './builds.ts'

/** The generated pack, its file text (what is stored and imported) and its size. */
export interface BenchPack {
  pack: IndexPack
  /** JSON.stringify(pack): the text the options page stores. */
  text: string
  bytes: number
  tags: number
}

/** The pack's id, and the prefix of its hashtags (BenchTag… are the synthetic index's). */
export const BENCH_PACK_ID = 'bench-pack'
const TAG_PREFIX = 'PackTag'

/** Builds a pack of `tags` hashtags (throws with the compiler's messages if it does not compile). */
export function makeBenchPack(tags: number): BenchPack {
  const entries = syntheticEntries(tags, TAG_PREFIX, BENCH_PACK_ID)
  const cited = new Set<string>()
  for (const entry of entries) {
    for (const id of entry.summary.sources) cited.add(id)
    for (const id of entry.furtherReading) cited.add(id)
    for (const e of entry.timeline) for (const id of e.sources) cited.add(id)
    for (const p of entry.perspectives) for (const id of p.sources) cited.add(id)
    for (const x of entry.excerpts) cited.add(x.source)
  }
  const files: DataFile[] = [
    ...entries.map((e) => ({ path: `entries/${e.id}.json`, text: JSON.stringify(e) })),
    ...[...cited].map((id) => ({
      path: `sources/${id}.json`,
      text: readFileSync(path.join(ROOT, 'data', 'sources', `${id}.json`), 'utf8'),
    })),
  ]
  const compiled = compileIndex(files)
  if (!compiled.ok) {
    throw new Error(`bench pack: ${compiled.errors.slice(0, 5).map(formatBuildError).join('\n')}`)
  }
  const pack = buildPack(
    { id: BENCH_PACK_ID, name: 'Benchmark pack', publisher: 'bench/lib/pack.ts', version: '1' },
    compiled.index,
  )
  const text = JSON.stringify(pack)
  return { pack, text, bytes: Buffer.byteLength(text), tags: Object.keys(pack.tags).length }
}

/** `count` of the pack's hashtags spread over it, as written on a page (for tags only it flags). */
export function packOnlyTags(pack: IndexPack, count: number): string[] {
  const keys = Object.keys(pack.tags)
  return Array.from({ length: count }, (_, k) => {
    const key = keys[Math.floor(((k + 0.5) * keys.length) / count)] ?? ''
    const entry = pack.entries[pack.tags[key] ?? '']
    // The spelling the entry declares (the tags map's keys are normalised).
    return entry?.hashtags.find((h) => normalizeTag(h) === key) ?? key
  })
}
