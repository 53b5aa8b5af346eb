/** The progress line's text: bytes read, rate and (when the total is known) percent and ETA. */

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB']

/** Bytes with a decimal unit: 1.5 MB, 230 MB, 2.1 GB. */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  // 99.96 rounds to 100 with one decimal: show it as 100, like every other three-digit figure
  return `${value >= 99.95 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`
}

function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`
}

/** E.g. `scanned 1.2 GB of 2.0 GB (60%), 210 MB/s, 4s left`. */
export function progressLine(done: number, total: number | null, seconds: number): string {
  const rate = seconds > 0 ? done / seconds : 0
  const rateText = `${formatBytes(rate)}/s`
  if (total === null || total <= 0) return `scanned ${formatBytes(done)}, ${rateText}`
  const percent = Math.min(100, Math.floor((done / total) * 100))
  const left = rate > 0 ? formatSeconds((total - done) / rate) : '?'
  return `scanned ${formatBytes(done)} of ${formatBytes(total)} (${percent}%), ${rateText}, ${left} left`
}
