/**
 * The "next/previous hashtag" command and the popup's "reveal": walk the flagged occurrences in
 * document order, scroll each into view (instantly for readers who ask for reduced motion) and
 * open its card with focus in it.
 */
import type { CardRequest } from './card-host.ts'
import { compareComposed } from './doc-order.ts'
import type { Occurrence } from './occurrence.ts'

/** Options of {@link Stepper}. */
export interface StepperOptions {
  doc: Document
  /** Flagged occurrences in document order. */
  ordered: () => Occurrence[]
  /** The occurrence whose card is open, if any. */
  current: () => Occurrence | null
  open: (request: CardRequest, occurrence: Occurrence) => Promise<boolean>
}

function compareOccurrences(a: Occurrence, b: Occurrence): number {
  return compareComposed(a.text, b.text) || a.start - b.start
}

/** Walks flagged occurrences for the keyboard command and the popup; see the module comment. */
export class Stepper {
  private readonly opts: StepperOptions
  private last: Occurrence | null = null

  constructor(options: StepperOptions) {
    this.opts = options
  }

  /** Moves to the next (1) or previous (-1) occurrence, wrapping around; false if there is none. */
  step(direction: 1 | -1): Promise<boolean> {
    const all = this.opts.ordered()
    if (all.length === 0) return Promise.resolve(false)
    const from = this.opts.current() ?? this.last
    let index = from ? all.indexOf(from) : -1
    if (index >= 0) index += direction
    else if (!from) index = direction === 1 ? 0 : all.length - 1
    else if (direction === 1) index = all.findIndex((o) => compareOccurrences(o, from) > 0)
    else index = all.findLastIndex((o) => compareOccurrences(o, from) < 0)
    const n = all.length
    const target = all[index < 0 ? (direction === 1 ? 0 : n - 1) : ((index % n) + n) % n]
    return target ? this.go(target) : Promise.resolve(false)
  }

  /** Goes to the n-th occurrence (0-based, document order); false if there is none. */
  reveal(nth: number): Promise<boolean> {
    const target = this.opts.ordered()[nth]
    return target ? this.go(target) : Promise.resolve(false)
  }

  private go(occ: Occurrence): Promise<boolean> {
    this.last = occ
    const { doc } = this.opts
    const parent = occ.text.parentElement
    const reduce = doc.defaultView?.matchMedia('(prefers-reduced-motion: reduce)').matches ?? false
    parent?.scrollIntoView({
      block: 'center',
      inline: 'nearest',
      behavior: reduce ? 'instant' : 'smooth',
    })
    const focusable = parent?.closest<HTMLElement>('a[href], button, [tabindex]')
    const active = doc.activeElement
    return this.opts.open(
      {
        entryId: occ.entryId,
        written: occ.range.toString(),
        anchor: occ.range,
        trigger: 'command',
        focus: true,
        returnFocus:
          focusable ?? (active instanceof HTMLElement && active !== doc.body ? active : null),
      },
      occ,
    )
  }
}
