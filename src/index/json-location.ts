/**
 * Parses a data file strictly (plain JSON: no comments, no trailing commas) and maps field paths
 * back to lines, so every build error can point the curator at the line to fix.
 */
import {
  findNodeAtLocation,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
} from 'jsonc-parser'

/** A field path as a list of keys and array indices, e.g. ['excerpts', 1, 'quote']. */
export type FieldPath = readonly (string | number)[]

/** The text of `path` as shown to curators: `excerpts[1].quote`, '' for the whole file. */
export function formatFieldPath(path: FieldPath): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`
    else out += `[${JSON.stringify(key)}]`
  }
  return out
}

/** A problem in the JSON syntax, with a 1-based line and column. */
export interface SyntaxProblem {
  line: number
  column: number
  message: string
}

/** A parsed data file: its value and the syntax tree used to find lines. */
export interface ParsedJson {
  value: unknown
  tree: Node
  text: string
  /** Keys that appear twice in one object (JSON.parse would silently keep the last). */
  duplicateKeys: { path: FieldPath; offset: number }[]
}

const SYNTAX_HINTS: Partial<Record<string, string>> = {
  InvalidCommentToken: 'comments are not allowed in JSON (put curator notes in "notes")',
  PropertyNameExpected: 'expected a quoted key (is there a trailing comma?)',
  ValueExpected: 'expected a value (is there a trailing comma?)',
  CommaExpected: 'expected a comma between items',
  ColonExpected: 'expected a colon after the key',
  CloseBraceExpected: 'expected } to close the object',
  CloseBracketExpected: 'expected ] to close the list',
  UnexpectedEndOfString: 'unterminated string',
  InvalidEscapeCharacter: 'invalid escape in a string',
  InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
  InvalidSymbol: 'unexpected character (keys and strings need double quotes)',
  EndOfFileExpected: 'text after the end of the JSON value',
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

function columnAt(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1
}

/** Parses `text` as strict JSON, or returns every syntax problem with its line and column. */
export function parseJson(text: string): ParsedJson | { problems: SyntaxProblem[] } {
  const errors: ParseError[] = []
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false })
  if (errors.length > 0 || tree === undefined) {
    // The parser recovers and may report one mistake twice at one offset: keep the first.
    const distinct = errors.filter((e, i) => errors.findIndex((f) => f.offset === e.offset) === i)
    const problems = distinct.map((e) => {
      const code = printParseErrorCode(e.error)
      return {
        line: lineAt(text, e.offset),
        column: columnAt(text, e.offset),
        message: `invalid JSON: ${SYNTAX_HINTS[code] ?? code}`,
      }
    })
    if (problems.length === 0)
      problems.push({ line: 1, column: 1, message: 'invalid JSON: empty file' })
    return { problems }
  }
  let value: unknown
  try {
    // JSON.parse rather than the tree's values: it makes a "__proto__" key an own property.
    value = JSON.parse(text)
  } catch (e) {
    return { problems: [{ line: 1, column: 1, message: `invalid JSON: ${String(e)}` }] }
  }
  return { value, tree, text, duplicateKeys: findDuplicateKeys(tree, []) }
}

function findDuplicateKeys(node: Node, path: (string | number)[]): ParsedJson['duplicateKeys'] {
  const found: ParsedJson['duplicateKeys'] = []
  if (node.type === 'object') {
    const seen = new Set<string>()
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? []
      if (keyNode === undefined) continue
      const key = String(keyNode.value)
      if (seen.has(key)) found.push({ path: [...path, key], offset: keyNode.offset })
      seen.add(key)
      if (valueNode) found.push(...findDuplicateKeys(valueNode, [...path, key]))
    }
  } else if (node.type === 'array') {
    node.children?.forEach((child, i) => found.push(...findDuplicateKeys(child, [...path, i])))
  }
  return found
}

/**
 * The line of the field at `path`: the line of its key for an object member, of the element for
 * an array item; for a field that does not exist (a missing key) the line of the nearest
 * enclosing value that does.
 */
export function lineOfPath(parsed: Pick<ParsedJson, 'tree' | 'text'>, path: FieldPath): number {
  for (let length = path.length; length >= 0; length--) {
    const node = findNodeAtLocation(parsed.tree, path.slice(0, length))
    if (node !== undefined) {
      const start = node.parent?.type === 'property' ? node.parent.offset : node.offset
      return lineAt(parsed.text, start)
    }
  }
  return 1
}
