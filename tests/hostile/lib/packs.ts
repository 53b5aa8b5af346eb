/**
 * Index packs for the hostile-pack tests, built in the test with the product's own compiler and
 * pack builder (compileIndex + buildPack), so each pack is valid except for what a test breaks:
 *
 * - syntheticPack(): a pack of N tags, generated entries of many aliases each (fits in 8 MiB);
 * - payloadPack(): every string a reader sees is an HTML or script payload;
 * - rehashed(): a copy with one change and its hash recomputed, so only the rule the change
 *   breaks can refuse it (not the hash check).
 */
import { compileIndex, type DataFile } from '../../../src/index/compile.ts'
import { formatBuildError } from '../../../src/index/format-error.ts'
import {
  buildPack,
  packContentHash,
  type IndexPack,
  type PackManifest,
} from '../../../src/index/pack.ts'

/** Review date of every generated entry (so the pack's `reviewed` is this). */
export const REVIEWED = '2026-11-30'

/** A pack built from entry and source objects written as data files. */
export function packOf(manifest: PackManifest, entries: object[], sources: object[]): IndexPack {
  const files = (folder: string, items: object[]): DataFile[] =>
    items.map((item) => ({
      path: `${folder}/${(item as { id: string }).id}.json`,
      text: JSON.stringify(item),
    }))
  const compiled = compileIndex([...files('entries', entries), ...files('sources', sources)])
  if (!compiled.ok) {
    throw new Error(
      `test pack does not compile:\n${compiled.errors.map(formatBuildError).join('\n')}`,
    )
  }
  return buildPack(manifest, compiled.index)
}

/** One https source, cited by every generated entry. */
function plainSource(id: string): object {
  return {
    id,
    publisher: 'Test newsroom',
    title: 'A generated source',
    author: null,
    published: '2026-11',
    url: `https://example.org/${id}`,
    kind: 'news',
    archive: null,
    excerpts: [],
  }
}

/** A generated entry with these tags (the first its hashtag, the rest aliases). */
function plainEntry(id: string, tags: string[], source: string): object {
  return {
    id,
    hashtags: tags.slice(0, 1),
    aliases: tags.slice(1),
    title: `Generated entry ${id}`,
    summary: { text: `What ${id} is about, for a test.`, sources: [source] },
    timeline: [],
    perspectives: [],
    excerpts: [],
    furtherReading: [],
    related: [],
    reviewed: REVIEWED,
  }
}

/** A small valid pack: one entry whose hashtag is `tag`, with the title `title`. */
export function smallPack(manifest: PackManifest, tag: string, title: string): IndexPack {
  const entry = { ...plainEntry(`${manifest.id}-entry`, [tag], 'only-source'), title }
  return packOf(manifest, [entry], [plainSource('only-source')])
}

/**
 * A pack of `tags` tags: entries of `perEntry` tags each (one hashtag, the rest aliases), the
 * first entry's hashtag being `first`; the others are `Hcp<entry>x<n>` in base 36.
 */
export function syntheticPack(
  manifest: PackManifest,
  tags: number,
  first: string,
  perEntry = 200,
): IndexPack {
  const entries: object[] = []
  for (let e = 0; e * perEntry < tags; e++) {
    const count = Math.min(perEntry, tags - e * perEntry)
    const names = Array.from({ length: count }, (_, t) =>
      e === 0 && t === 0 ? first : `Hcp${e.toString(36)}x${t.toString(36)}`,
    )
    entries.push(plainEntry(`gen-${e}`, names, 'gen-source'))
  }
  return packOf(manifest, entries, [plainSource('gen-source')])
}

/** HTML and script payloads: if any of them became markup, the card would show it. */
export const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(2)</script>',
  'javascript:alert(3)',
  '"><svg onload=alert(4)>',
  '<a href="javascript:alert(5)">link</a>',
  '<iframe srcdoc="<script>alert(6)</script>"></iframe>',
] as const

/**
 * A valid pack whose every string a reader sees (pack name and publisher; titles, summaries,
 * timeline events, perspective labels and texts, quotes; source publishers, titles and authors)
 * is a payload, and whose links are https URLs full of markup. `tag` is its entry's hashtag.
 */
export function payloadPack(id: string, tag: string): IndexPack {
  const p = (i: number): string => PAYLOADS[i % PAYLOADS.length]!
  const source = (sid: string, n: number): object => ({
    id: sid,
    publisher: p(n),
    title: p(n + 1),
    author: p(n + 2),
    published: '2026-11-02',
    url: `https://example.org/${sid}/"><img/src=x/onerror=alert(7)>?q=<script>alert(8)</script>`,
    kind: 'news',
    archive: `${sid}.txt`,
    excerpts: [
      { id: 'q1', quote: p(n + 3) },
      { id: 'q2', quote: p(n + 4) },
    ],
  })
  const cites = ['payload-a', 'payload-b']
  const main = {
    id: 'payload-entry',
    hashtags: [tag],
    aliases: [],
    title: p(0),
    summary: { text: `${p(1)} ${p(2)} ${p(0)}`, sources: cites },
    timeline: [
      { date: '2026-11', event: p(3), sources: ['payload-a'] },
      { date: null, event: p(4), sources: ['payload-b'] },
    ],
    perspectives: [
      { label: p(5), text: p(0), sources: ['payload-a'] },
      { label: p(2), text: p(1), sources: ['payload-b'] },
    ],
    excerpts: [
      { source: 'payload-a', excerpt: 'q1' },
      { source: 'payload-b', excerpt: 'q2' },
    ],
    furtherReading: ['payload-c'],
    related: ['payload-related'],
    reviewed: REVIEWED,
  }
  const related = {
    ...main,
    id: 'payload-related',
    hashtags: [`${tag}Related`],
    title: p(3),
    excerpts: [],
    furtherReading: [],
    related: ['payload-entry'],
  }
  return packOf(
    { id, name: p(0), publisher: p(1), version: '1' },
    [main, related],
    [source('payload-a', 0), source('payload-b', 1), { ...source('payload-c', 2), excerpts: [] }],
  )
}

/** A deep copy of `pack` with `change` applied and its sha256 recomputed for the new content. */
export function rehashed(
  pack: IndexPack,
  change: (copy: Record<string, unknown> & IndexPack) => void,
): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(pack)) as Record<string, unknown> & IndexPack
  change(copy)
  return { ...copy, sha256: packContentHash(copy) }
}
