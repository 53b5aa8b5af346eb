import { describe, expect, it } from 'vitest'
import { formatFieldPath, lineOfPath, parseJson, type ParsedJson } from './json-location.ts'

const TEXT = '{\n  "a": {\n    "b": [\n      "x",\n      "y"\n    ]\n  },\n  "c": 1\n}\n'

function parsed(text: string): ParsedJson {
  const result = parseJson(text)
  if ('problems' in result) throw new Error('fixture is not JSON')
  return result
}

describe('formatFieldPath', () => {
  it('writes keys with dots and indices in brackets', () => {
    expect(formatFieldPath(['excerpts', 1, 'quote'])).toBe('excerpts[1].quote')
    expect(formatFieldPath([])).toBe('')
  })

  it('quotes keys that are not identifiers', () => {
    expect(formatFieldPath(['a b', 0])).toBe('["a b"][0]')
  })
})

describe('lineOfPath', () => {
  it('finds the line of a key, an array item and the root', () => {
    const p = parsed(TEXT)
    expect(lineOfPath(p, ['a'])).toBe(2)
    expect(lineOfPath(p, ['a', 'b', 1])).toBe(5)
    expect(lineOfPath(p, ['c'])).toBe(8)
    expect(lineOfPath(p, [])).toBe(1)
  })

  it('gives the nearest existing parent for a missing field', () => {
    expect(lineOfPath(parsed(TEXT), ['a', 'missing'])).toBe(2)
  })
})

describe('parseJson', () => {
  it('reports each syntax mistake once, with line and column', () => {
    expect(parseJson('{\n  "a": 1\n  "b": 2\n}')).toEqual({
      problems: [{ line: 3, column: 3, message: 'invalid JSON: expected a comma between items' }],
    })
  })

  it('reports an empty file', () => {
    const result = parseJson('')
    expect('problems' in result && result.problems[0]!.line).toBe(1)
  })

  it('keeps a "__proto__" key as data', () => {
    const result = parsed('{"__proto__": {"x": 1}}')
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype)
    expect(Object.hasOwn(result.value as object, '__proto__')).toBe(true)
  })
})
