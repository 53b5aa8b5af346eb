/**
 * The fixture pages and what each one expects (expected.json beside the page; the format is in
 * tests/e2e/README.md). Read and checked once, so a typo in a fixture fails loudly.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import type { LocateSpec } from './page-probes.ts'
import { FIXTURES } from './timeline-bundle.ts'

const item = z
  .object({
    text: z.string().min(1),
    in: z.union([z.string(), z.array(z.string()).min(1)]),
    target: z.enum(['text', 'element', 'none']).default('text'),
    note: z.string().optional(),
  })
  .strict()
  .transform((raw) => ({ ...raw, in: typeof raw.in === 'string' ? [raw.in] : raw.in }))

const step = z
  .object({
    do: z.string(),
    scrollUntil: z.string().optional(),
    click: z.array(z.string()).optional(),
    count: z.number().int().nonnegative(),
    text: z.record(z.string(), z.string()).optional(),
    flagged: z.array(item),
    unflagged: z.array(item),
  })
  .strict()

const expected = z
  .object({ flagged: z.array(item), unflagged: z.array(item), steps: z.array(step).optional() })
  .strict()

/** One hashtag (or hashtag-like text) on a fixture page. */
export type Item = z.output<typeof item>
/** A user action on a fixture page and what it should lead to. */
export type Step = z.output<typeof step>
/** A fixture's expected.json. */
export type Expected = z.output<typeof expected>

/** A fixture page. */
export interface Fixture {
  name: string
  /** Path of the page under the fixtures server, e.g. 'news/index.html'. */
  page: string
  expected: Expected
}

/** Names of the fixture folders, in the order the suite visits them. */
export const FIXTURE_NAMES = ['news', 'tricky', 'forum', 'iframe', 'timeline', 'demo'] as const
export type FixtureName = (typeof FIXTURE_NAMES)[number]

/** Loads one fixture's expected.json. */
export function loadFixture(name: FixtureName): Fixture {
  const file = path.join(FIXTURES, name, 'expected.json')
  const parsed = expected.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`)
  return { name, page: `${name}/index.html`, expected: parsed.data }
}

/** All fixtures by name. */
export const fixtures: Record<FixtureName, Fixture> = Object.fromEntries(
  FIXTURE_NAMES.map((name) => [name, loadFixture(name)]),
) as Record<FixtureName, Fixture>

/** What locate() needs to find an item on the page. */
export function locateSpec(it: Item): LocateSpec {
  return { text: it.text, in: it.in, target: it.target === 'element' ? 'element' : 'text' }
}

/** How an item is named in messages: `"#SoftCoup" in #period (note)`. */
export function describeItem(it: Item): string {
  return `${JSON.stringify(it.text)} in ${it.in.join(' >>> ')}${it.note ? ` (${it.note})` : ''}`
}
