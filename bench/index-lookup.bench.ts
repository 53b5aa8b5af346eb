/**
 * Look-up cost against index size: median nanoseconds per `find()` for a 10-entry index and a
 * 100,000-tag index, and their ratio. Principle 5 says index size must not change per-node cost;
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

/** The page-side mix: tags as found on a page (hash sign, mixed case), half of them not indexed. */
function queries(tags: string[], count: number): string[] {
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const tag = tags[(i * 7919) % tags.length]!
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

const QUERIES = 20_000
const ROUNDS = 41
const small = syntheticIndex(10, 1)
const large = syntheticIndex(1000, 100)
const smallLookup = createLookup(small.index)
const largeLookup = createLookup(large.index)
const smallQueries = queries(small.tags, QUERIES)
const largeQueries = queries(large.tags, QUERIES)

// Warm up both paths so neither measurement includes JIT compilation.
medianNsPerLookup(smallLookup, smallQueries, 5)
medianNsPerLookup(largeLookup, largeQueries, 5)

const smallNs = medianNsPerLookup(smallLookup, smallQueries, ROUNDS)
const largeNs = medianNsPerLookup(largeLookup, largeQueries, ROUNDS)
console.log(
  `10-entry index (${smallLookup.size} tags): ${smallNs.toFixed(0)} ns per lookup (median of ${ROUNDS} rounds of ${QUERIES})`,
)
console.log(`100,000-tag index (${largeLookup.size} tags): ${largeNs.toFixed(0)} ns per lookup`)
console.log(`ratio large/small: ${(largeNs / smallNs).toFixed(2)}`)

// Sizes in between show whether the cost steps with cache levels (memory) or keeps growing
// with the index (an algorithm that scans).
for (const [entriesCount, perEntry] of [
  [10, 10],
  [100, 10],
  [100, 100],
  [1000, 100],
] as const) {
  const { index, tags } = syntheticIndex(entriesCount, perEntry)
  const lookup = createLookup(index)
  const ns = medianNsPerLookup(lookup, queries(tags, QUERIES), 15)
  console.log(`  ${String(lookup.size).padStart(6)} tags: ${ns.toFixed(0)} ns per lookup`)
}
