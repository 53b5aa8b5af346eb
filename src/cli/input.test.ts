// checkedBytes (no decoding) against decoding every chunk as the command did before it.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkedBytes, cutAtEnd, decodeChunk, refuseBinary } from './input.ts'
import { cutInto } from './stream-texts.ts'

/** The whole-decoding reference: the text, or the error message. */
function decodeAll(chunks: Uint8Array[]): string {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
  let offset = 0
  let text = ''
  try {
    for (const chunk of chunks) {
      refuseBinary(chunk, offset, 'f')
      text += decodeChunk(decoder, chunk, offset, 'f').join('')
      offset += chunk.length
    }
    try {
      text += decoder.decode()
    } catch {
      throw cutAtEnd('f', offset)
    }
  } catch (error) {
    return `error: ${(error as Error).message}`
  }
  return text
}

async function checked(chunks: Uint8Array[]): Promise<string> {
  const parts: Uint8Array[] = []
  let bytes = 0
  try {
    const source = async function* (): AsyncGenerator<Uint8Array> {
      for (const chunk of chunks) yield await Promise.resolve(chunk)
    }
    for await (const chunk of checkedBytes(source(), 'f')) {
      parts.push(chunk.data)
      bytes += chunk.bytes
    }
  } catch (error) {
    return `error: ${(error as Error).message}`
  }
  expect(bytes).toBe(chunks.reduce((n, c) => n + c.length, 0))
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.concat(parts))
}

// UTF-8 with the byte order mark, truncated and overlong sequences, surrogates, NUL, stray bytes
const PIECES = [
  'a',
  ' ',
  '#x',
  'é',
  '日',
  '🙂',
  [0xef, 0xbb, 0xbf],
  [0xf0, 0x9f],
  [0xe2, 0x82],
  [0xc3],
  [0x80],
  [0xbf],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8],
  [0xff],
  [0],
].map((p) => (typeof p === 'string' ? Buffer.from(p) : Uint8Array.from(p)))

const input = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }),
    fc.array(fc.nat(), { maxLength: 6 }),
  )
  .map(([bom, parts, cuts]) => {
    const bytes = Buffer.concat([...(bom ? [PIECES[6]!] : []), ...parts])
    return cutInto(
      new Uint8Array(bytes),
      cuts.map((c) => c % (bytes.length + 1)),
    )
  })

describe('checkedBytes', () => {
  it('passes the bytes of UTF-8 text on (without a leading byte order mark) and refuses anything else with the message and byte decoding gives, however the input is cut', async () => {
    await fc.assert(
      fc.asyncProperty(input, async (chunks) => {
        expect(await checked(chunks)).toBe(decodeAll(chunks))
      }),
      { numRuns: 3000 },
    )
  })

  it('names the byte of an invalid sequence far into a chunk', async () => {
    const bytes = Buffer.concat([Buffer.from('x'.repeat(40_000)), Uint8Array.of(0xc3, 0x28)])
    expect(await checked([bytes])).toBe(decodeAll([bytes]))
    expect(await checked([bytes])).toMatch(/at byte 40000\)/)
  })
})
