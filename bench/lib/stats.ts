/** Small statistics and formatting helpers for the benchmark's table. */

/** The median of `values` (the mean of the two middle ones for an even count); NaN if empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** The median of `f(a[k], b[k])` over pairs (a run with and one without, say). */
export function pairedMedian(
  a: readonly number[],
  b: readonly number[],
  f: (x: number, y: number) => number,
): number {
  return median(a.map((x, k) => f(x, b[k] as number)))
}

/** Frame rates with and without (medians) and the median of their paired ratios. */
export function frameRates(
  withFps: readonly number[],
  withoutFps: readonly number[],
): { withFps: number; withoutFps: number; fpsRatio: number } {
  return {
    withFps: median(withFps),
    withoutFps: median(withoutFps),
    fpsRatio: pairedMedian(withFps, withoutFps, (w, wo) => w / wo),
  }
}

/** Milliseconds with a precision that suits their size. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '–'
  const digits = Math.abs(value) < 1 ? 3 : Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0
  return `${value.toFixed(digits)} ms`
}

/** A ratio as `1.23×`. */
export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '–'
}

/** Bytes as `12,345 B`. */
export function bytes(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')} B`
}

/** Kibibytes as `391.2 KiB`. */
export function kib(value: number): string {
  return `${(value / 1024).toFixed(1)} KiB`
}

/** A difference in kibibytes as `+1.2 KiB` or `−1.2 KiB`. */
export function kibDelta(value: number): string {
  return `${value < 0 ? '−' : '+'}${kib(Math.abs(value))}`
}

/** Waits `ms` milliseconds. */
export const sleep = (msToWait: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, msToWait))
