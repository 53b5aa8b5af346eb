import index from 'virtual:fact-index'
import { describe, expect, it } from 'vitest'
import { buildPack, checkPack, compareVersions, MAX_PACK_BYTES, type IndexPack } from './pack.ts'
import { formatBuildError } from './format-error.ts'

const manifest = {
  id: 'newsroom-pack',
  name: 'Newsroom pack',
  publisher: 'A newsroom',
  version: '2.1',
}
/** The bundled index as a pack: real entries, so every schema rule has something to bite. */
const pack = buildPack(manifest, index)
const text = JSON.stringify(pack, null, 2)

/** A copy of the pack with `change` applied, as pretty JSON (so lines mean something). */
function changed(change: (p: Record<string, unknown> & IndexPack) => void): string {
  const copy = JSON.parse(text) as Record<string, unknown> & IndexPack
  change(copy)
  return JSON.stringify(copy, null, 2)
}

function errorsOf(packText: string): string[] {
  const result = checkPack(packText, 'pack.json')
  return result.ok ? [] : result.errors.map(formatBuildError)
}

describe('checkPack', () => {
  it('accepts a pack as built, and gives back the same pack', () => {
    const result = checkPack(text, 'pack.json')
    expect(result.ok && result.pack).toEqual(pack)
    expect(pack.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(pack.reviewed).toBe(index.reviewed)
  })

  it('names the entry, the field and its line for a schema error in an entry', () => {
    const bad = changed((p) => {
      p.entries.softcoup!.summary.text = ' '
    })
    const line = bad.split('\n').findIndex((l) => l.includes('"text": " "')) + 1
    expect(errorsOf(bad)).toContain(
      `pack.json:${line} entries.softcoup.summary.text: must not be empty`,
    )
  })

  it('rejects unknown keys at the top, in an entry and in a source', () => {
    const bad = changed((p) => {
      p.script = 'alert(1)'
      ;(p.entries.softcoup as unknown as Record<string, unknown>).onload = 'x'
      const source = Object.values(p.sources)[0] as unknown as Record<string, unknown>
      source.html = '<b>x</b>'
    })
    const errors = errorsOf(bad).join('\n')
    expect(errors).toMatch(/pack\.json:1: unknown key "script"/)
    expect(errors).toMatch(/entries\.softcoup\.onload: unknown key "onload"/)
    expect(errors).toMatch(/sources\[?.*html.*unknown key "html"/)
  })

  it('accepts only https links', () => {
    const bad = changed((p) => {
      Object.values(p.sources)[0]!.url = 'javascript:alert(1)'
    })
    expect(errorsOf(bad).join('\n')).toMatch(/url: .*(https|absolute URL)/)
  })

  it('refuses a pack changed after it was built, a tags map its entries do not give, a wrong date', () => {
    expect(errorsOf(changed((p) => (p.name = 'Renamed'))).join()).toMatch(/sha256: does not match/)
    expect(errorsOf(changed((p) => (p.tags.extratag = 'softcoup'))).join()).toMatch(
      /tags: "extratag" is not a hashtag or alias of any entry/,
    )
    expect(errorsOf(changed((p) => (p.reviewed = '2000-01-01'))).join()).toMatch(
      /reviewed: "2000-01-01" is not the latest review date/,
    )
  })

  it('says what is wrong with a file that is not a pack', () => {
    expect(errorsOf('{"a": 1,}')[0]).toMatch(/^pack\.json:1:\d+: not JSON: /)
    expect(errorsOf('[]').join()).toMatch(/a pack is a JSON object/)
    expect(errorsOf(changed((p) => ((p as { format: string }).format = 'other'))).join()).toMatch(
      /format: must be "hashtag-context-pack"/,
    )
    expect(
      errorsOf(changed((p) => ((p as { formatVersion: number }).formatVersion = 2))).join(),
    ).toMatch(/formatVersion: must be 1: this pack needs a newer version/)
  })

  it('refuses names with control characters and over-long labels', () => {
    expect(errorsOf(changed((p) => (p.name = 'a\u0007b'))).join()).toMatch(
      /name: must not contain control/,
    )
    expect(errorsOf(changed((p) => (p.publisher = 'x'.repeat(121)))).join()).toMatch(
      /publisher: must be at most 120/,
    )
  })

  it('keeps "__proto__" keys as data and reports them, never touching Object.prototype', () => {
    const bad = text.replace('"entries": {', '"entries": {\n  "__proto__": {"polluted": true},')
    const errors = errorsOf(bad).join('\n')
    expect(errors).toMatch(/entries\["__proto__"\]|entries\.__proto__/)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses a file over the size cap before parsing it', () => {
    const big = `{"pad": "${'x'.repeat(MAX_PACK_BYTES)}"}`
    expect(errorsOf(big)).toEqual([
      `pack.json: ${MAX_PACK_BYTES + 11} bytes: a pack may hold at most ${MAX_PACK_BYTES} bytes (8 MiB)`,
    ])
  })
})

describe('compareVersions', () => {
  it('compares number by number, missing parts as 0', () => {
    expect(compareVersions('1.10', '1.9')).toBeGreaterThan(0)
    expect(compareVersions('2', '2.0.0')).toBe(0)
    expect(compareVersions('2026.1.5', '2026.11.1')).toBeLessThan(0)
  })
})
