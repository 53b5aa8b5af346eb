/**
 * A minimal PNG decoder for browser screenshots (8-bit RGB or RGBA, not interlaced: what Chromium
 * and Firefox produce), so the tests can look at the pixels of the card without a dependency.
 */
import { inflateSync } from 'node:zlib'

/** Decoded pixels: `data` holds 4 bytes (RGBA) per pixel, row by row. */
export interface Pixels {
  width: number
  height: number
  data: Uint8Array
}

const SIGNATURE = '89504e470d0a1a0a'

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

/** Decodes a PNG; throws on a format the screenshots never use. */
export function decodePng(png: Uint8Array): Pixels {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength)
  if (buf.subarray(0, 8).toString('hex') !== SIGNATURE) throw new Error('not a PNG')
  let width = 0
  let height = 0
  let channels = 0
  const idat: Buffer[] = []
  for (let at = 8; at < buf.length;) {
    const length = buf.readUInt32BE(at)
    const type = buf.toString('latin1', at + 4, at + 8)
    const body = buf.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]]
      channels = colour === 6 ? 4 : colour === 2 ? 3 : 0
      if (depth !== 8 || channels === 0 || interlace !== 0) {
        throw new Error(
          `unsupported PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`,
        )
      }
    } else if (type === 'IDAT') idat.push(body)
    else if (type === 'IEND') break
    at += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const rows = new Uint8Array(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const src = y * (stride + 1) + 1
    const out = y * stride
    for (let x = 0; x < stride; x++) {
      const value = raw[src + x] ?? 0
      const left = x >= channels ? (rows[out + x - channels] ?? 0) : 0
      const up = y > 0 ? (rows[out - stride + x] ?? 0) : 0
      const upLeft = y > 0 && x >= channels ? (rows[out - stride + x - channels] ?? 0) : 0
      const predicted =
        filter === 0
          ? 0
          : filter === 1
            ? left
            : filter === 2
              ? up
              : filter === 3
                ? (left + up) >> 1
                : paeth(left, up, upLeft)
      rows[out + x] = (value + predicted) & 0xff
    }
  }
  const data = new Uint8Array(width * height * 4)
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    data[i * 4] = rows[j] ?? 0
    data[i * 4 + 1] = rows[j + 1] ?? 0
    data[i * 4 + 2] = rows[j + 2] ?? 0
    data[i * 4 + 3] = channels === 4 ? (rows[j + 3] ?? 255) : 255
  }
  return { width, height, data }
}

/** Relative luminance (WCAG) of an sRGB pixel. */
export function luminance(r: number, g: number, b: number): number {
  const lin = (c: number): number => {
    const s = c / 255
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/** WCAG contrast ratio of two luminances. */
export function contrast(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)
}

/** What a block of pixels looks like to a reader. */
export interface Legibility {
  /** Luminance of the most common colour (the background). */
  background: number
  /** Share of pixels with contrast of at least 4.5 against the background (text strokes). */
  ink: number
}

/** Background and the share of strongly contrasting pixels (glyphs) in an image. */
export function legibility(pixels: Pixels): Legibility {
  const counts = new Map<number, number>()
  const n = pixels.width * pixels.height
  const d = pixels.data
  for (let i = 0; i < n; i++) {
    const key = ((d[i * 4] ?? 0) << 16) | ((d[i * 4 + 1] ?? 0) << 8) | (d[i * 4 + 2] ?? 0)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  let top = 0
  let best = -1
  for (const [key, count] of counts) if (count > best) [top, best] = [key, count]
  const background = luminance((top >> 16) & 255, (top >> 8) & 255, top & 255)
  let ink = 0
  for (let i = 0; i < n; i++) {
    const l = luminance(d[i * 4] ?? 0, d[i * 4 + 1] ?? 0, d[i * 4 + 2] ?? 0)
    if (contrast(l, background) >= 4.5) ink++
  }
  return { background, ink: n === 0 ? 0 : ink / n }
}
