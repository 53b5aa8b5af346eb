/**
 * The card that is open and the occurrence it belongs to: opens cards (from the pointer, the
 * keyboard or a command), draws the open card's tag as the active mark, and follows the tag when
 * the page re-renders its text (a framework replaces the text node: the card moves to the new
 * mark of the same tag in the same place, or closes).
 */
import type { EntryView } from '../shared/messages.ts'
import { CardHost } from './card-host.ts'
import type { CardRequest } from './card-host.ts'
import type { Marks } from './marks.ts'
import type { Occurrence } from './occurrence.ts'
import type { PageHost } from './page-host.ts'

/** Options of {@link ActiveCard}. */
export interface ActiveCardOptions {
  doc: Document
  signal: AbortSignal
  host: PageHost
  marks: Marks
  getEntry: (id: string, tag: string) => Promise<EntryView | null>
}

/** A request to open the card of a marked occurrence from the pointer. */
export function pointerRequest(occ: Occurrence): CardRequest {
  return {
    entryId: occ.entryId,
    written: occ.range.toString(),
    anchor: occ.range,
    trigger: 'pointer',
  }
}

/** The open card and its occurrence; see the module comment. */
export class ActiveCard {
  readonly card: CardHost
  private readonly marks: Marks
  private occ: Occurrence | null = null
  private parent: Node | null = null

  constructor(options: ActiveCardOptions) {
    const { doc, signal, host, marks, getEntry } = options
    this.marks = marks
    this.card = new CardHost({
      doc,
      signal,
      host,
      getEntry,
      onClose: () => {
        this.occ = this.parent = null
        marks.setActive(null)
      },
    })
  }

  /** The occurrence whose card is open, if any. */
  get occurrence(): Occurrence | null {
    return this.occ
  }

  /** The occurrence whose card the pointer opened, if any (the hover intent's view). */
  openByPointer(): Occurrence | null {
    return this.card.current?.trigger === 'pointer' ? this.occ : null
  }

  /** Opens the card of `request` (for `occ`, when it is a marked occurrence). */
  async open(request: CardRequest, occ: Occurrence | null): Promise<boolean> {
    const ok = await this.card.open(request)
    if (ok && this.card.current?.anchor === request.anchor) {
      this.occ = occ
      this.parent = occ?.text.parentNode ?? null
      this.marks.setActive(request.anchor)
    }
    return ok
  }

  /** The open card's mark broke (its text was re-rendered): follow the new mark or close. */
  follow(): void {
    const occ = this.occ
    const current = this.card.current
    if (!occ || !current || current.anchor !== occ.range) return
    const r = occ.range
    if (!r.collapsed && r.startContainer === occ.text && occ.text.isConnected) return
    const next = this.marks
      .near()
      .find((o) => o.key === occ.key && (o.text === occ.text || o.text.parentNode === this.parent))
    if (next)
      void this.open({ ...current, anchor: next.range, written: next.range.toString() }, next)
    else this.card.close()
  }

  /** Closes the card if its tag was muted. */
  closeIfMuted(muted: ReadonlySet<string>): void {
    if (this.occ && muted.has(this.occ.key)) this.card.close()
  }
}
