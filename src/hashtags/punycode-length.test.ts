import punycode from 'node:punycode'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { asciiLabelLength } from './punycode-length.ts'

/** What twitter-text computes: punycode.toASCII(label).length, or Infinity where it throws. */
function reference(label: string): number {
  try {
    return punycode.toASCII(label).length
  } catch {
    return Infinity
  }
}

const unit = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x80, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  fc.constantFrom('.', '\u3002', '\uff0e', '\uff61', 'é', 'ж', '中'),
)

describe('asciiLabelLength', () => {
  it('equals the length of punycode.toASCII for labels up to 126 code units', () => {
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 40 }).map((a) => a.join('')),
        (label) => {
          // '@' (an e-mail separator for punycode.js) is no domain character, so no label has it
          fc.pre(label.length <= 126 && !label.includes('@'))
          expect(asciiLabelLength(label)).toBe(reference(label))
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('gives known encodings', () => {
    expect(asciiLabelLength('example')).toBe(7)
    expect(asciiLabelLength('bücher')).toBe('xn--bcher-kva'.length)
    expect(asciiLabelLength('домкниги')).toBe(reference('домкниги'))
  })

  it('reports labels too long to be valid as longer than 63', () => {
    const long = 'é'.repeat(200)
    expect(asciiLabelLength(long)).toBeGreaterThan(63)
    expect(reference(long)).toBeGreaterThan(63)
  })
})
