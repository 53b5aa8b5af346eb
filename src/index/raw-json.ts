/**
 * Defensive reads of parsed-but-unvalidated JSON. The cross-file checks use these so that a file
 * with a schema error still has its well-formed parts checked in the same run.
 */
import type { FieldPath } from './json-location.ts'

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The value at `path` in raw JSON, or undefined (own keys only: "constructor" finds nothing). */
export function at(raw: unknown, path: FieldPath): unknown {
  let value = raw
  for (const key of path) {
    if (typeof key === 'number') value = Array.isArray(value) ? (value[key] as unknown) : undefined
    else value = isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined
  }
  return value
}

/** The string items of an array field with their indices (other items are schema errors). */
export function stringItems(value: unknown): [number, string][] {
  if (!Array.isArray(value)) return []
  return value.flatMap((v: unknown, i) =>
    typeof v === 'string' ? [[i, v] as [number, string]] : [],
  )
}

/** Code-unit order: unlike localeCompare, the same on every machine, so output is stable. */
export function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
    }
    previous = current
  }
  return previous[b.length]!
}

/** ` (did you mean "x"?)` for the closest candidate within a few edits, else ''. */
export function didYouMean(value: string, candidates: Iterable<string>): string {
  let best: string | undefined
  let bestDistance = Math.max(2, Math.floor(value.length / 4)) + 1
  for (const candidate of candidates) {
    const d = distance(value.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) [best, bestDistance] = [candidate, d]
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`
}
