/**
 * repairSettings against whatever extension storage may hold (an older version's shape, a bad
 * sync, a hand edit, another extension's junk): property tests over random values and over valid
 * settings with random fields broken. Repair never throws, its output is always valid, valid
 * fields are kept, broken ones fall back to their defaults and are named, and repairing twice
 * changes nothing.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SETTINGS,
  HOVER_DELAY_RANGE,
  isActiveOn,
  MARK_STYLES,
  normalizeHost,
  repairSettings,
  type MarkStyle,
  type Settings,
} from './settings.ts'

const RUNS = 1000
const FIELDS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]

/** Every rule a stored Settings value must meet. Returns the broken rules. */
function problems(s: Settings): string[] {
  const out: string[] = []
  const keys = Object.keys(s).sort()
  if (keys.join() !== [...FIELDS].sort().join()) out.push(`keys ${keys.join()}`)
  if (typeof s.enabled !== 'boolean') out.push('enabled')
  if (typeof s.debug !== 'boolean') out.push('debug')
  if (!Number.isInteger(s.hoverDelayMs)) out.push('hoverDelayMs not an integer')
  if (s.hoverDelayMs < HOVER_DELAY_RANGE.min || s.hoverDelayMs > HOVER_DELAY_RANGE.max) {
    out.push('hoverDelayMs out of range')
  }
  if (!MARK_STYLES.includes(s.markStyle)) out.push('markStyle')
  for (const [name, list, clean] of [
    ['disabledSites', s.disabledSites, normalizeHost],
    ['mutedTags', s.mutedTags, (t: string) => t.trim()],
  ] as const) {
    if (!Array.isArray(list)) {
      out.push(`${name} not a list`)
      continue
    }
    if (new Set(list).size !== list.length) out.push(`${name} has duplicates`)
    for (const item of list) {
      if (typeof item !== 'string' || item === '' || clean(item) !== item) {
        out.push(`${name} item ${JSON.stringify(item)}`)
      }
    }
  }
  return out
}

/** Any value at all, including the odd ones JSON and structured clone can carry. */
const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
  maxDepth: 3,
})

const host = fc.domain().map(normalizeHost)
const tag = fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/)

/** A valid stored Settings value. */
const validSettings: fc.Arbitrary<Settings> = fc.record({
  enabled: fc.boolean(),
  disabledSites: fc.uniqueArray(host, { maxLength: 5 }),
  mutedTags: fc.uniqueArray(tag, { maxLength: 5 }),
  hoverDelayMs: fc.integer(HOVER_DELAY_RANGE),
  markStyle: fc.constantFrom(...MARK_STYLES),
  debug: fc.boolean(),
})

const notBoolean = anything.filter((v) => typeof v !== 'boolean')
const badList = fc.oneof(
  anything.filter((v) => !Array.isArray(v)),
  fc
    .array(fc.string(), { maxLength: 3 })
    .chain((strings) =>
      anything.filter((v) => typeof v !== 'string').map((odd) => [...strings, odd] as unknown[]),
    ),
)
/** A value that must be refused for each field. */
const BAD: { [K in keyof Settings]: fc.Arbitrary<unknown> } = {
  enabled: notBoolean,
  disabledSites: badList,
  mutedTags: badList,
  hoverDelayMs: fc.oneof(
    anything.filter((v) => typeof v !== 'number'),
    fc.constantFrom(NaN, Infinity, -Infinity, -1, -0.6, 2000.6, 1e9, Number.MAX_VALUE),
    fc.double({ min: 2000.5, noNaN: true }),
    fc.double({ max: -0.5000001, noNaN: true }),
  ),
  markStyle: anything.filter((v) => !MARK_STYLES.includes(v as MarkStyle)),
  debug: notBoolean,
}

/** Valid settings with some fields replaced by bad values, and unknown keys added. */
const partlyBroken = fc
  .tuple(
    validSettings,
    fc.subarray(FIELDS),
    fc.dictionary(
      fc.string().filter((k) => !(FIELDS as string[]).includes(k)),
      anything,
      { maxKeys: 3 },
    ),
  )
  .chain(([valid, broken, extra]) =>
    fc.tuple(...broken.map((field) => BAD[field])).map((values) => {
      const stored: Record<string, unknown> = { ...extra, ...valid }
      broken.forEach((field, i) => (stored[field] = values[i]))
      return { valid, broken, stored }
    }),
  )

describe('repairSettings (property-based)', () => {
  it(`never throws and always returns valid settings, whatever storage holds (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anything,
          partlyBroken.map((p) => p.stored),
        ),
        (raw) => {
          const { settings, repaired } = repairSettings(raw)
          expect(problems(settings)).toEqual([])
          for (const field of repaired) expect(FIELDS).toContain(field)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it(`keeps every valid field, resets each broken one to its default and names it (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(partlyBroken, ({ valid, broken, stored }) => {
        const { settings, repaired } = repairSettings(stored)
        for (const field of FIELDS) {
          const expected = broken.includes(field) ? DEFAULT_SETTINGS[field] : valid[field]
          expect(settings[field], field).toEqual(expected)
        }
        expect([...repaired].sort()).toEqual([...broken].sort())
      }),
      { numRuns: RUNS },
    )
  })

  it(`is idempotent: repaired settings need no further repair (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anything,
          partlyBroken.map((p) => p.stored),
        ),
        (raw) => {
          const once = repairSettings(raw).settings
          // Through JSON, as storage.sync keeps it.
          const twice = repairSettings(JSON.parse(JSON.stringify(once)))
          expect(twice).toEqual({ settings: once, repaired: [] })
        },
      ),
      { numRuns: RUNS },
    )
  })

  it(`fills missing fields with defaults without calling them repaired (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(validSettings, fc.subarray(FIELDS), (valid, missing) => {
        const stored: Record<string, unknown> = { ...valid }
        for (const field of missing) delete stored[field]
        const { settings, repaired } = repairSettings(stored)
        expect(repaired).toEqual([])
        for (const field of FIELDS) {
          expect(settings[field]).toEqual(
            missing.includes(field) ? DEFAULT_SETTINGS[field] : valid[field],
          )
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('cleans list items instead of dropping the list: hosts lower-cased without port, duplicates merged', () => {
    const { settings, repaired } = repairSettings({
      disabledSites: [' Example.COM:8080 ', 'example.com', '', 'news.example.org.'],
      mutedTags: [' softcoup ', 'softcoup', '   '],
    })
    expect(settings.disabledSites).toEqual(['example.com', 'news.example.org'])
    expect(settings.mutedTags).toEqual(['softcoup'])
    expect(repaired).toEqual([])
  })

  it('refuses a list too long to be real (a corrupted sync), keeping the other fields', () => {
    const { settings, repaired } = repairSettings({
      mutedTags: Array.from({ length: 10_001 }, (_, i) => `t${i}`),
      markStyle: 'outline',
    })
    expect(settings.mutedTags).toEqual([])
    expect(settings.markStyle).toBe('outline')
    expect(repaired).toEqual(['mutedTags'])
  })

  it('treats a "__proto__" key from JSON (a hand edit or bad sync) as unknown data', () => {
    const proto = JSON.parse('{"__proto__": {"enabled": false}, "hoverDelayMs": 50}') as unknown
    const { settings } = repairSettings(proto)
    expect(settings.enabled).toBe(true)
    expect(settings.hoverDelayMs).toBe(50)
  })

  it('keeps developer logging off for settings stored before the switch existed', () => {
    const { settings, repaired } = repairSettings({ enabled: false, hoverDelayMs: 500 })
    expect(settings.debug).toBe(false)
    expect(settings.enabled).toBe(false)
    expect(repaired).toEqual([])
  })

  it('turns developer logging off when the stored switch is not a boolean, keeping the rest', () => {
    const { settings, repaired } = repairSettings({ debug: 'true', markStyle: 'outline' })
    expect(settings.debug).toBe(false)
    expect(settings.markStyle).toBe('outline')
    expect(repaired).toEqual(['debug'])
    expect(repairSettings({ debug: true }).settings.debug).toBe(true)
  })

  it('returns lists of its own: changing them changes neither the input nor the defaults', () => {
    const stored = { disabledSites: ['example.com'], mutedTags: ['softcoup'] }
    const { settings } = repairSettings(stored)
    settings.disabledSites.push('other.example')
    settings.mutedTags.length = 0
    expect(stored).toEqual({ disabledSites: ['example.com'], mutedTags: ['softcoup'] })
    const fresh = repairSettings(undefined).settings
    fresh.mutedTags.push('x')
    expect(DEFAULT_SETTINGS.mutedTags).toEqual([])
    expect(repairSettings(undefined).settings.mutedTags).toEqual([])
  })

  it('marks a stored value that is not an object at all as repaired (so it is written back)', () => {
    for (const raw of [null, 0, 'settings', true, [], [DEFAULT_SETTINGS]]) {
      const { settings, repaired } = repairSettings(raw)
      expect(settings).toEqual(DEFAULT_SETTINGS)
      expect(repaired.length, JSON.stringify(raw)).toBeGreaterThan(0)
    }
    expect(repairSettings(undefined).repaired).toEqual([])
  })
})

describe('isActiveOn', () => {
  it('matches a disabled site whatever the case, port or trailing dot of the page host', () => {
    const settings = repairSettings({ disabledSites: ['example.com'] }).settings
    expect(isActiveOn(settings, 'EXAMPLE.com')).toBe(false)
    expect(isActiveOn(settings, 'example.com.')).toBe(false)
    expect(isActiveOn(settings, 'news.example.com')).toBe(true)
    expect(isActiveOn({ ...settings, enabled: false }, 'other.org')).toBe(false)
  })
})
