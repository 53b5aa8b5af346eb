/**
 * Property tests on whole malformed files, beyond compile.fuzz.test.ts's one-field mutations:
 * at a random place anywhere in an entry or source file (any depth, any list item) the value is
 * replaced by one of another JSON type, wrapped in a list (wrong nesting), or given an unknown key
 * (including `__proto__`, `constructor` and `toString`); a key is written twice; the file is cut
 * off mid-text; or the whole file is not an object. Each time the build must fail without
 * throwing, with an error that names the file and the broken field (or one inside it), on a line
 * of that file, in the one-line form curators read.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileIndex, formatBuildError, type BuildError } from './compile.ts'
import { formatFieldPath } from './json-location.ts'
import { files, fixturePath, validData, type FixtureData } from './fixtures/valid-data.ts'

type Json = unknown
type Path = (string | number)[]

const RUNS = 300

/** A place in one file of the valid data set. */
interface Place {
  kind: 'entries' | 'sources'
  id: string
  path: Path
}

/** Every path in `value` (the value's own path included). */
function paths(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = [prefix]
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])))
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]))
  }
  return out
}

const DATA = validData()
const PLACES: Place[] = (['entries', 'sources'] as const).flatMap((kind) =>
  Object.entries(DATA[kind]).flatMap(([id, file]) =>
    paths(file)
      // The root is broken by its own arbitrary below; `$schema` and `notes` are optional strings
      // whose removal is not an error.
      .filter((p) => p.length > 0)
      .map((path) => ({ kind, id, path })),
  ),
)

function get(value: Json, path: Path): Json {
  let at = value
  for (const key of path) at = (at as Record<string | number, Json>)[key]
  return at
}

/** A copy of the data set with `value` put at `place` (an own property, even for `__proto__`). */
function put(data: FixtureData, place: Place, value: Json): FixtureData {
  const copy = structuredClone(data)
  const parent = get(copy[place.kind][place.id], place.path.slice(0, -1)) as Record<string, Json>
  Object.defineProperty(parent, place.path.at(-1)!, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
  return copy
}

function typeOf(value: Json): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
}

/** A JSON value of a type other than `original`'s (never null: some strings may be null). */
const otherType = (original: Json): fc.Arbitrary<Json> =>
  fc
    .oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.string(),
      fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.integer(), { maxKeys: 3 }),
    )
    // A null stands for a nullable string (author, title, a date): a string is its other
    // valid type, not a break.
    .filter((v) => typeOf(v) !== typeOf(original) && !(original === null && typeof v === 'string'))

const KNOWN_KEYS = new Set(
  [...PLACES.map((p) => p.path.at(-1)), '$schema', 'notes'].filter((k) => typeof k === 'string'),
)
const unknownKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'notes'),
  fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !KNOWN_KEYS.has(k)),
)

/** One way to break the data set, and where the error must point. */
interface Break {
  what: string
  place: Place
  /** The error's path must be this or inside it. */
  expectPath: Path
  apply: (data: FixtureData) => { data: FixtureData; text?: (text: string) => string }
}

const placeArb = fc.constantFrom(...PLACES)
const objectPlaceArb = fc.constantFrom(
  ...(['entries', 'sources'] as const).flatMap((kind) =>
    Object.entries(DATA[kind]).flatMap(([id, file]) =>
      paths(file)
        .filter((p) => typeOf(get(file, p)) === 'object')
        .map((path): Place => ({ kind, id, path })),
    ),
  ),
)

const breakArb: fc.Arbitrary<Break> = fc.oneof(
  // A value of another type anywhere: a list where a string was, an object in a list of ids…
  placeArb.chain((place) =>
    otherType(get(DATA[place.kind][place.id], place.path)).map((value): Break => ({
      what: `${JSON.stringify(value)} instead of a ${typeOf(get(DATA[place.kind][place.id], place.path))}`,
      place,
      expectPath: place.path,
      apply: (data) => ({ data: put(data, place, value) }),
    })),
  ),
  // Wrong nesting: the value wrapped in a list.
  placeArb.map((place): Break => ({
    what: 'wrapped in a list',
    place,
    expectPath: place.path,
    apply: (data) => ({
      data: put(data, place, [get(data[place.kind][place.id], place.path)]),
    }),
  })),
  // An unknown key in any object, at any depth.
  fc
    .tuple(objectPlaceArb, unknownKey, fc.jsonValue())
    // `notes` is a curator field at the top of entries and sources: unknown only when nested.
    .filter(([place, key]) => !(key === 'notes' && place.path.length === 0))
    .map(([place, key, value]): Break => ({
      what: `unknown key ${JSON.stringify(key)}`,
      place: { ...place, path: [...place.path, key] },
      expectPath: [...place.path, key],
      apply: (data) => ({ data: put(data, { ...place, path: [...place.path, key] }, value) }),
    })),
  // A key written twice (JSON.parse would keep the second silently: the build must not). Only
  // along paths of keys, so the key's line is the only one with that indentation and name.
  placeArb
    .filter((p) => p.path.every((k) => typeof k === 'string'))
    .map((place): Break => ({
      what: 'key written twice',
      place,
      expectPath: place.path,
      apply: (data) => ({
        data,
        text: (text) => {
          const lines = text.split('\n')
          const prefix = `${'  '.repeat(place.path.length)}${JSON.stringify(place.path.at(-1))}: `
          const i = lines.findIndex((l) => l.startsWith(prefix))
          const line = lines[i]
          // Only a value on one line (a scalar, [] or {}) is copied as it stands.
          if (!line || !/: (".*"|-?\d[^,]*|true|false|null|\[\]|\{\}),?$/.test(line)) return text
          lines.splice(i, 0, line.endsWith(',') ? line : `${line},`)
          return lines.join('\n')
        },
      }),
    })),
)

function check(errors: BuildError[], file: string, expectPath: Path, text: string): void {
  const want = formatFieldPath(expectPath)
  const hit = errors.find(
    (e) =>
      e.file === file &&
      (e.path === want || e.path.startsWith(`${want}.`) || e.path.startsWith(`${want}[`)),
  )
  const listing = errors.map(formatBuildError).join('\n')
  expect(hit, `an error at ${file} ${want}:\n${listing}`).toBeDefined()
  expect(hit!.line, listing).toBeTypeOf('number')
  expect(hit!.line!).toBeGreaterThanOrEqual(1)
  expect(hit!.line!).toBeLessThanOrEqual(text.split('\n').length)
  expect(formatBuildError(hit!)).toContain(`${file}:${hit!.line}`)
}

describe('compileIndex on structurally broken files (property-based)', () => {
  it(`names the file and the broken field, at any depth (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(breakArb, (b) => {
        const { data, text } = b.apply(DATA)
        const file = fixturePath(b.place.kind, b.place.id)
        const input = files(data).map((f) =>
          f.path === file && text ? { ...f, text: text(f.text) } : f,
        )
        const changed = input.find((f) => f.path === file)!.text
        // A duplicate the line-based edit could not place leaves the file valid: nothing to test.
        fc.pre(changed !== files(DATA).find((f) => f.path === file)!.text)
        const result = compileIndex(input)
        expect(result.ok, b.what).toBe(false)
        if (!result.ok) check(result.errors, file, b.expectPath, changed)
      }),
      { numRuns: RUNS },
    )
  })

  it(`reports a file cut off anywhere at its line, without throwing (${RUNS} runs)`, () => {
    const all = files(DATA)
    fc.assert(
      fc.property(
        fc.nat(all.length - 1),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (which, at) => {
          const file = all[which]!
          const cut = Math.floor(file.text.trimEnd().length * at)
          const text = file.text.slice(0, cut)
          const result = compileIndex(all.map((f) => (f === file ? { ...f, text } : f)))
          expect(result.ok).toBe(false)
          const errors = result.ok ? [] : result.errors
          const hit = errors.find((e) => e.file === file.path)
          expect(hit, errors.map(formatBuildError).join('\n')).toBeDefined()
          expect(hit!.line ?? 1).toBeLessThanOrEqual(Math.max(1, text.split('\n').length))
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('reports a file whose whole value is not an object', () => {
    for (const value of [null, 1, 'text', true, [], [{}], [validData().entries.softcoup]]) {
      const input = files(DATA).map((f) =>
        f.path === fixturePath('entries', 'softcoup') ? { ...f, text: JSON.stringify(value) } : f,
      )
      const result = compileIndex(input)
      expect(result.ok, JSON.stringify(value)).toBe(false)
      const errors = result.ok ? [] : result.errors
      expect(errors.some((e) => e.file === fixturePath('entries', 'softcoup'))).toBe(true)
    }
  })
})
