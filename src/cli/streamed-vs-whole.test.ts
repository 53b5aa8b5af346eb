// The streamed scan against the whole-file path it replaced, on every fixture of the repository.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import index from 'virtual:fact-index'
import { describe, expect, it } from 'vitest'
import { createLookup } from '../index/lookup.ts'
import { toScanInput } from './input.ts'
import { runCli, scanText, type JsonHit } from './run.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const lookup = createLookup(index)

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? filesUnder(path) : [path]
    })
}

const FIXTURES = ['tests/e2e/fixtures', 'tests/hostile/fixtures', 'demo', 'bench/pages', 'data']
  .flatMap((dir) => filesUnder(join(root, dir)))
  .map((path) => relative(root, path))

/** Today's whole-file answer: decode it all, tokenize it all, place each hit in the whole text. */
async function wholeFile(bytes: Uint8Array, label: string, html: boolean): Promise<JsonHit[]> {
  const input = await toScanInput(bytes, label, html)
  return scanText(input.text, lookup).map((hit) => ({
    ...hit,
    file: label,
    ...input.position(hit.start),
  }))
}

/** The streamed command, handed the bytes `piece` at a time. */
async function streamed(
  bytes: Uint8Array,
  label: string,
  html: boolean,
  piece: number,
): Promise<JsonHit[]> {
  let out = ''
  const code = await runCli(
    ['scan', '--json', '--all', ...(html ? ['--html'] : []), label],
    {
      stdout: (t) => void (out += t),
      stderr: (t) => {
        throw new Error(t)
      },
      stat: () => Promise.resolve({ directory: false, size: bytes.length }),
      list: () => Promise.resolve([]),
      // one buffer refilled for every piece, as the command reads files
      read: async function* () {
        const buffer = new Uint8Array(piece)
        for (let i = 0; i < bytes.length; i += piece) {
          const part = bytes.subarray(i, i + piece)
          buffer.set(part)
          yield await Promise.resolve(buffer.subarray(0, part.length))
        }
      },
    },
    index,
    'test',
  )
  expect(code).toBe(0)
  return (JSON.parse(out) as { hashtags: JsonHit[] }).hashtags
}

describe('streamed scan = whole-file scan', () => {
  it('covers the fixtures', () => {
    expect(FIXTURES.filter((f) => f.endsWith('.html')).length).toBeGreaterThanOrEqual(8)
  })

  it.each(FIXTURES)('%s as plain text, in pieces of 1, 13 and 4096 bytes', async (file) => {
    const bytes = readFileSync(join(root, file))
    const expected = await wholeFile(bytes, file, false)
    for (const piece of [1, 13, 4096])
      expect(await streamed(bytes, file, false, piece)).toEqual(expected)
  })

  it.each(FIXTURES.filter((f) => f.endsWith('.html')))('%s as HTML', async (file) => {
    const bytes = readFileSync(join(root, file))
    expect(await streamed(bytes, file, true, 13)).toEqual(await wholeFile(bytes, file, true))
  })

  it('all fixtures end to end as one text, in pieces of 977 bytes', async () => {
    const bytes = Buffer.concat(FIXTURES.map((f) => readFileSync(join(root, f))))
    const expected = await wholeFile(bytes, 'all.txt', false)
    expect(expected.length).toBeGreaterThan(50)
    expect(await streamed(bytes, 'all.txt', false, 977)).toEqual(expected)
  })
})
