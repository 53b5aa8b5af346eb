/**
 * Draws the toolbar and store icons (public/icons/icon-<size>.png): a white hash sign on a
 * rounded blue square. The PNGs are committed; run `tsx scripts/make-icons.ts` only to change
 * them. Written by hand with zlib so the project needs no image dependency.
 */
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const SIZES = [16, 32, 48, 128]
const BACKGROUND = [0x1f, 0x4e, 0x79] as const
const SUPERSAMPLE = 4

/** CRC-32 as PNG chunks need it. */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const out = Buffer.alloc(body.length + 8)
  out.writeUInt32BE(data.length, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), body.length + 4)
  return out
}

/** Coverage of the point (x, y) in unit coordinates: 0 outside, 1 background, 2 glyph. */
function sample(x: number, y: number): 0 | 1 | 2 {
  const radius = 0.2
  const cx = Math.min(Math.max(x, radius), 1 - radius)
  const cy = Math.min(Math.max(y, radius), 1 - radius)
  if ((x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) return 0
  // A slanted hash sign: two vertical bars sheared to the right, two horizontal bars.
  const stroke = 0.1
  const shear = (0.5 - y) * 0.18
  const inVertical = [0.39, 0.61].some((bx) => Math.abs(x - shear - bx) < stroke / 2)
  const inHorizontal = [0.39, 0.61].some((by) => Math.abs(y - by) < stroke / 2)
  const inBox = x > 0.2 && x < 0.8 && y > 0.2 && y < 0.8
  return inBox && (inVertical || inHorizontal) ? 2 : 1
}

function icon(size: number): Buffer {
  const rows: Buffer[] = []
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4)
    for (let px = 0; px < size; px++) {
      let shape = 0
      let glyph = 0
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const s = sample(
            (px + (sx + 0.5) / SUPERSAMPLE) / size,
            (py + (sy + 0.5) / SUPERSAMPLE) / size,
          )
          if (s > 0) shape++
          if (s === 2) glyph++
        }
      }
      const n = SUPERSAMPLE * SUPERSAMPLE
      const g = shape ? glyph / shape : 0
      const o = 1 + px * 4
      row[o] = Math.round(BACKGROUND[0] + (255 - BACKGROUND[0]) * g)
      row[o + 1] = Math.round(BACKGROUND[1] + (255 - BACKGROUND[1]) * g)
      row[o + 2] = Math.round(BACKGROUND[2] + (255 - BACKGROUND[2]) * g)
      row[o + 3] = Math.round((255 * shape) / n)
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ])
}

for (const size of SIZES) {
  const file = new URL(`../public/icons/icon-${size}.png`, import.meta.url)
  writeFileSync(file, icon(size))
  console.log(`wrote ${file.pathname}`)
}
