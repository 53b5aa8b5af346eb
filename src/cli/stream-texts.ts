// Random texts for the streaming tests, and the whole-string answer they are held to.
import fc from 'fast-check'
import { findHashtags } from '../hashtags/tokenizer.ts'
import type { PlacedHashtag } from './hashtag-stream.ts'

/** The whole-string answer: findHashtags plus line and column in code points, as the CLI had it. */
export function oracle(text: string): PlacedHashtag[] {
  return findHashtags(text).map((h) => {
    const lineStart = text.lastIndexOf('\n', h.start - 1) + 1
    const line = text.slice(0, h.start).split('\n').length
    return { ...h, line, column: [...text.slice(lineStart, h.start)].length + 1 }
  })
}

// Pieces chosen to put cuts where the rules look around: after '#', inside '://', inside URLs
// and domains, between surrogate halves, next to combining marks, '&', joiners and break
// characters other than space and newline.
export const FRAGMENTS = [
  '#',
  '＃',
  '#SoftCoup',
  '#softcoup',
  '#a',
  '#1',
  '&',
  '_',
  'https://',
  'http://x.org/',
  '://',
  'www.example.com/',
  'example.co.uk/a_(b)/c?x=1',
  't.co/AbC123',
  'xn--e1afmkfd.xn--p1ai',
  '.com',
  '.',
  '/',
  ':',
  '?',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '\u3000',
  '\u00a0',
  '\u2028',
  'abc',
  'é',
  'e\u0301',
  '🙂',
  '\ud83d',
  '\ude42',
  '日本',
  'مصر',
  '\u200d',
  '\ufe0f',
  '\u20e3',
  '@',
]

export const text = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 4 })), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''))

/** `whole` cut at the given offsets (in any order, repeats allowed). */
export function cutInto<T extends string | Uint8Array>(whole: T, cuts: number[]): T[] {
  const out: T[] = []
  let from = 0
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    out.push(whole.slice(from, cut) as T)
    from = cut
  }
  out.push(whole.slice(from) as T)
  return out
}

/** Feeds pieces to a stream (push each, then end) and collects what it returns. */
export function feed<P, R>(pieces: P[], stream: { push(piece: P): R[]; end(): R[] }): R[] {
  const out: R[] = []
  for (const piece of pieces) for (const r of stream.push(piece)) out.push(r)
  for (const r of stream.end()) out.push(r)
  return out
}
