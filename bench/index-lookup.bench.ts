/**
 * Look-up cost against index size: median nanoseconds per `find()` for the same page-like queries
 * against a 1,000-tag and a 100,000-tag index, and their ratio. Principle 5 (docs/design.md) says index size must not change per-node cost;
 * a Map-based look-up should give a ratio near 1 (cache effects aside).
 *
 *   npx tsx bench/index-lookup.bench.ts
 */
import { normalizeTag } from '../src/hashtags/normalize.ts'
import { createLookup, type IndexLookup } from '../src/index/lookup.ts'
import type { CompiledIndex, Entry } from '../src/index/types.ts'

function syntheticIndex(
  entryCount: number,
  tagsPerEntry: number,
): { index: CompiledIndex; tags: string[] } {
  const entries: Record<string, Entry> = {}
  const tags: Record<string, string> = {}
  const written: string[] = []
  for (let e = 0; e < entryCount; e++) {
    const id = `entry-${e}`
    // Same length in both indexes, so only the index size differs.
    const hashtags = Array.from(
      { length: tagsPerEntry },
      (_, t) => `PoliticalTag${String(e).padStart(4, '0')}x${String(t).padStart(3, '0')}`,
    )
    entries[id] = {
      id,
      hashtags,
      aliases: [],
      title: id,
      summary: { text: 's', sources: ['s'] },
      timeline: [],
      perspectives: [],
      excerpts: [],
      furtherReading: [],
      related: [],
      reviewed: '2026-01-01',
    }
    for (const tag of hashtags) {
      tags[normalizeTag(tag)] = id
      written.push(tag)
    }
  }
  return {
    index: { format: 1, version: 'bench', reviewed: '2026-01-01', tags, entries, sources: {} },
    tags: written,
  }
}

/**
 * What a page asks: `count` distinct tags as found on a page (hash sign, mixed case), half of
 * them in the index (the first `count / 2` tags, present in every index built below) and half
 * not. The same queries go to every index, so only the index size differs between runs, not
 * the working set of the queries.
 */
function pageQueries(tags: string[], count: number): string[] {
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const tag = tags[i >> 1]!
    out.push(i % 2 === 0 ? `#${tag}` : `#${tag.toUpperCase()}Nope`)
  }
  return out
}

function medianNsPerLookup(lookup: IndexLookup, qs: string[], rounds: number): number {
  let sink = 0
  const samples: number[] = []
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint()
    for (const q of qs) if (lookup.find(q) !== undefined) sink++
    samples.push(Number(process.hrtime.bigint() - start) / qs.length)
  }
  if (sink < 0) console.log(sink) // keeps the loop from being optimised away
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]!
}

const QUERIES = 2_000
const ROUNDS = 41
// Both indexes hold the first 1,000 tags, which the queries' hits come from.
const small = syntheticIndex(10, 100)
const large = syntheticIndex(1000, 100)
const smallLookup = createLookup(small.index)
const largeLookup = createLookup(large.index)
const shared = pageQueries(small.tags, QUERIES)

// Warm up both paths so neither measurement includes JIT compilation.
medianNsPerLookup(smallLookup, shared, 5)
medianNsPerLookup(largeLookup, shared, 5)

const smallNs = medianNsPerLookup(smallLookup, shared, ROUNDS)
const largeNs = medianNsPerLookup(largeLookup, shared, ROUNDS)
console.log(
  `${smallLookup.size}-tag index: ${smallNs.toFixed(0)} ns per lookup (median of ${ROUNDS} rounds of ${QUERIES} page-like queries, half hits)`,
)
console.log(`${largeLookup.size}-tag index: ${largeNs.toFixed(0)} ns per lookup, same queries`)
console.log(`ratio large/small: ${(largeNs / smallNs).toFixed(2)}`)
