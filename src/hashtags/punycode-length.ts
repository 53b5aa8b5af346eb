/**
 * Length of `punycode.toASCII(label)` (punycode.js 2.1, as bundled with Node), which twitter-text
 * uses to reject URLs whose domain has a label longer than 63 characters once encoded. Only the
 * length is needed, so the encoder counts output characters instead of building them.
 * Where punycode.js would throw (delta overflow, only for labels of thousands of characters),
 * twitter-text throws too; this returns Infinity, so the label simply counts as too long.
 */
export function asciiLabelLength(label: string): number {
  // punycode.toASCII maps the IDNA separators to '.', then encodes each part that has a
  // character outside ASCII
  const parts = label.split(/[.\u3002\uff0e\uff61]/)
  let total = parts.length - 1
  for (const part of parts) {
    total += /[^\0-\x7f]/.test(part) ? 4 + encodedLength(part) : part.length
  }
  return total
}

const BASE = 36
const T_MIN = 1
const T_MAX = 26
const MAX_INT = 0x7fffffff

function adapt(delta: number, points: number, first: boolean): number {
  let k = 0
  delta = first ? Math.floor(delta / 700) : delta >> 1
  delta += Math.floor(delta / points)
  for (; delta > ((BASE - T_MIN) * T_MAX) >> 1; k += BASE)
    delta = Math.floor(delta / (BASE - T_MIN))
  return Math.floor(k + ((BASE - T_MIN + 1) * delta) / (delta + 38))
}

function encodedLength(input: string): number {
  // Every output character stands for at least one code point: long labels fail fast.
  if (input.length > 2 * 63) return Infinity
  const points: number[] = []
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i)
    const d = input.charCodeAt(i + 1)
    if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
      points.push(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000)
      i++
    } else points.push(c)
  }
  const basic = points.filter((p) => p < 0x80).length
  let length = basic + (basic ? 1 : 0)
  let handled = basic
  let n = 0x80
  let delta = 0
  let bias = 72
  while (handled < points.length) {
    let m = MAX_INT
    for (const p of points) if (p >= n && p < m) m = p
    if (m - n > Math.floor((MAX_INT - delta) / (handled + 1))) return Infinity
    delta += (m - n) * (handled + 1)
    n = m
    for (const p of points) {
      if (p < n && ++delta > MAX_INT) return Infinity
      if (p === n) {
        let q = delta
        for (let k = BASE; ; k += BASE) {
          const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias
          if (q < t) break
          length++
          q = Math.floor((q - t) / (BASE - t))
        }
        length++
        bias = adapt(delta, handled + 1, handled === basic)
        delta = 0
        handled++
      }
    }
    delta++
    n++
  }
  return length
}
