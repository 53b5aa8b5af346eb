import { describe, expect, it } from 'vitest'
import { formatBytes, progressLine } from './progress.ts'

describe('progress line', () => {
  it('says bytes, rate, percent and time left when the total is known', () => {
    expect(progressLine(1_200_000_000, 2_000_000_000, 6)).toBe(
      'scanned 1.2 GB of 2.0 GB (60%), 200 MB/s, 4s left',
    )
    expect(progressLine(100_000_000, 2_000_000_000, 1)).toBe(
      'scanned 100 MB of 2.0 GB (5%), 100 MB/s, 19s left',
    )
  })

  it('says bytes and rate only for standard input, whose size is unknown', () => {
    expect(progressLine(5_000_000, null, 2)).toBe('scanned 5.0 MB, 2.5 MB/s')
  })

  it('counts minutes past 60 s and units up to TB', () => {
    expect(progressLine(1e8, 1e10, 10)).toMatch(/, 16m30s left$/)
    expect(formatBytes(999)).toBe('999 B')
    expect(formatBytes(99_999_995)).toBe('100 MB')
    expect(formatBytes(99_900_000)).toBe('99.9 MB')
    expect(formatBytes(3.5e12)).toBe('3.5 TB')
  })
})
