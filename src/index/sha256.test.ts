import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from './sha256.ts'

const nodeSha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex')

describe('sha256Hex', () => {
  it('matches the published test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
  })

  it('matches node:crypto on every padding boundary (55, 56, 63, 64, 65 bytes)', () => {
    for (const n of [55, 56, 63, 64, 65, 119, 120, 128]) {
      expect(sha256Hex('a'.repeat(n)), `${n} bytes`).toBe(nodeSha256('a'.repeat(n)))
    }
  })

  it('matches node:crypto on arbitrary Unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        expect(sha256Hex(s)).toBe(nodeSha256(s))
      }),
      { numRuns: 300 },
    )
  })
})
