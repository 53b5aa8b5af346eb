/**
 * Tells the background which flagged tags this frame shows (for the badge and the popup), once
 * the page has been quiet for a moment and only when the list changed: one timer per quiet
 * period, not a clearTimeout and setTimeout per change, which cost a page with hundreds of marks
 * (bench/README.md).
 */
import type { FlaggedTag } from '../shared/messages.ts'
import type { Marks } from './marks.ts'

/** Options of {@link FlaggedReport}. */
export interface FlaggedReportOptions {
  signal: AbortSignal
  marks: Marks
  send: (tags: FlaggedTag[]) => void
  /** Quiet time before a report. */
  delayMs: number
}

/** The flagged occurrences of `marks` in document order, as reported. */
export function flaggedTags(marks: Marks): FlaggedTag[] {
  return marks.ordered().map((o) => ({ tag: o.tag, key: o.key, entryId: o.entryId }))
}

/** The debounced report; see the module comment. */
export class FlaggedReport {
  private readonly opts: FlaggedReportOptions
  private timer: ReturnType<typeof setTimeout> | undefined
  private lastChange = 0
  private last = ''

  constructor(options: FlaggedReportOptions) {
    this.opts = options
    options.marks.listen(this.schedule)
    options.signal.addEventListener('abort', () => clearTimeout(this.timer), { once: true })
  }

  private readonly schedule = (): void => {
    if (this.opts.signal.aborted) return
    this.lastChange = Date.now()
    if (this.timer === undefined) this.arm(this.opts.delayMs)
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined
      const wait = this.lastChange + this.opts.delayMs - Date.now()
      if (wait > 0) {
        this.arm(wait)
        return
      }
      const tags = flaggedTags(this.opts.marks)
      const json = JSON.stringify(tags)
      if (json === this.last) return
      this.last = json
      this.opts.send(tags)
    }, ms)
  }
}
