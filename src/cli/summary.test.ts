import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { grouped } from './summary.ts'

describe('grouped', () => {
  it('writes counts as toLocaleString("en-US") does', () => {
    for (const n of [0, 1, 999, 1000, 12_345, 1_000_000, 987_654_321])
      expect(grouped(n)).toBe(n.toLocaleString('en-US'))
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(grouped(n)).toBe(n.toLocaleString('en-US'))
      }),
    )
  })
})
