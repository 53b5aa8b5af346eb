/**
 * Wires the content script's parts for one document, each created after what it needs:
 * host element -> marks -> report -> card -> hover intent -> hit test -> scanner -> focus and
 * step (docs/architecture.md, "Content script", draws the flow of a hashtag from page text to
 * the card). Takes every browser-extension API as an injected function, so tests run it in a
 * plain page; main.ts supplies the real ones. Everything it starts takes one AbortSignal, and
 * destroy() aborts it: listeners, observers, timers, marks, the host element.
 */
import type { EntryView, FlaggedTag } from '../shared/messages.ts'
import type { Settings } from '../shared/settings.ts'
import { ActiveCard, pointerRequest } from './active-card.ts'
import type { CardHost } from './card-host.ts'
import { FlaggedReport, flaggedTags } from './flagged-report.ts'
import { focusTarget } from './focus-target.ts'
import { FocusWatcher } from './focus-watch.ts'
import { HitTester } from './hit-test.ts'
import { HoverIntent } from './hover-intent.ts'
import { Marks } from './marks.ts'
import type { Occurrence } from './occurrence.ts'
import { PageHost } from './page-host.ts'
import { Scanner } from './scanner.ts'
import { Stepper } from './stepper.ts'

/** What the content script needs from outside the page. */
export interface ContentDeps {
  doc?: Document
  settings: Settings
  /** Normalised keys -> entry ids of those in the index (runtime message 'lookup'). */
  resolve: (keys: string[]) => Promise<Record<string, string>>
  /** One entry for a card (runtime message 'entry'). */
  getEntry: (id: string, tag: string) => Promise<EntryView | null>
  /** This frame's flagged occurrences in document order, debounced (runtime message 'flagged'). */
  onFlagged?: (tags: FlaggedTag[]) => void
  flaggedDebounceMs?: number
  /** False once the extension context is gone (reloaded, updated, disabled). */
  isAlive?: () => boolean
  /** Called (once) when isAlive() turned false; expected to destroy the app. */
  onDead?: () => void
  /**
   * The reader pressed Esc in this frame with no card open here: a card may be open in another
   * frame (hovered there while focus stayed here), which should close (runtime message 'dismiss').
   */
  onEscapeWithoutCard?: () => void
  /** Work per time slice before yielding to the page (the scanner's default when absent). */
  sliceMs?: number
}

/** A running content script for one document. */
export interface ContentApp {
  readonly scanner: Scanner
  readonly marks: Marks
  readonly card: CardHost
  readonly hits: HitTester
  /** Applies changed settings at once (style, muted tags, hover delay). */
  updateSettings(settings: Settings): void
  /** The index changed (a pack imported, turned on or off, removed): marks are looked up anew. */
  reindex(): void
  /** Keyboard command: next (1) or previous (-1) flagged hashtag; false if there is none. */
  step(direction: 1 | -1): Promise<boolean>
  /** Popup: scroll to the n-th flagged occurrence and open its card; false if there is none. */
  reveal(nth: number): Promise<boolean>
  /** The flagged occurrences in document order, as reported. */
  flagged(): FlaggedTag[]
  /** Resolves when scanning and lookups have caught up with the page. */
  settled(): Promise<void>
  /** Closes the card if one is open (Esc pressed in another frame); whether one was. */
  dismiss(): boolean
  destroy(): void
}

/** How often the app checks that the extension is alive and its host still in the page. */
const CHECK_MS = 2000

/**
 * Esc reaches only the focused frame: with no card here, a card hovered in another frame (focus
 * stayed in this one) must close too, as WCAG 1.4.13 asks. Only the reader's own key presses: a
 * page's synthetic events send nothing. A card open here handles Esc itself.
 */
function relayEscape(doc: Document, signal: AbortSignal, card: CardHost, send: () => void): void {
  doc.defaultView?.addEventListener(
    'keydown',
    (e) => {
      if (e.key === 'Escape' && e.isTrusted && !e.isComposing && !card.current) send()
    },
    { capture: true, passive: true, signal },
  )
}

/** Starts the content script on `deps.doc` (default: document). */
export function startContent(deps: ContentDeps): ContentApp {
  const doc = deps.doc ?? document
  const lifetime = new AbortController()
  const signal = lifetime.signal
  let settings = deps.settings
  let muted = new Set(settings.mutedTags)

  const host = new PageHost({ doc, signal })
  const marks = new Marks({ doc, signal, host, style: settings.markStyle })
  if (deps.onFlagged) {
    const delayMs = deps.flaggedDebounceMs ?? 500
    new FlaggedReport({ signal, marks, send: deps.onFlagged, delayMs })
  }
  const active = new ActiveCard({ doc, signal, host, marks, getEntry: deps.getEntry })
  const { card } = active
  const intent = new HoverIntent<Occurrence>({
    signal,
    delay: () => settings.hoverDelayMs,
    open: (occ) => void active.open(pointerRequest(occ), occ),
    prepare: (occ) => card.prepare(pointerRequest(occ)),
    close: () => card.close(),
    openByPointer: () => active.openByPointer(),
  })
  const hits = new HitTester({ doc, signal, marks, inCard: (t) => card.owns(t), intent })
  const scanner = new Scanner({
    resolve: deps.resolve,
    onText: (text, found) => marks.set(text, found),
    sweep: () => marks.sweep(),
    onIdle: () => {
      // The page's changes are scanned: marks near the viewport may have moved, and a
      // re-rendered tag has its new mark for the open card to follow.
      marks.relayout()
      active.follow()
    },
    isMuted: (key) => muted.has(key),
    ...(deps.sliceMs === undefined ? {} : { sliceMs: deps.sliceMs }),
    signal,
  })
  new FocusWatcher({
    doc,
    signal,
    card,
    flaggedAt: (el) =>
      focusTarget(
        {
          of: (text) => marks.of(text),
          lookup: (key) => scanner.lookup(key),
          resolveKey: (key) => scanner.resolveKey(key),
        },
        el,
      ),
    open: (request, occ) => void active.open(request, occ),
  })
  const stepper = new Stepper({
    doc,
    ordered: () => marks.ordered(),
    current: () => active.occurrence,
    open: (request, occ) => active.open(request, occ),
  })
  if (deps.onEscapeWithoutCard) relayEscape(doc, signal, card, deps.onEscapeWithoutCard)

  const checkTimer = setInterval(() => {
    if (deps.isAlive && !deps.isAlive()) deps.onDead?.()
    else marks.repair()
  }, CHECK_MS)
  signal.addEventListener('abort', () => clearInterval(checkTimer), { once: true })

  scanner.start(doc)

  return {
    scanner,
    marks,
    card,
    hits,
    updateSettings(next) {
      const before = settings
      settings = next
      marks.setStyle(next.markStyle)
      if (next.mutedTags.join('\n') !== before.mutedTags.join('\n')) {
        muted = new Set(next.mutedTags)
        active.closeIfMuted(muted)
        scanner.rescanAll()
      }
    },
    reindex() {
      card.forget()
      scanner.reindex()
    },
    step: (direction) => stepper.step(direction),
    reveal: (nth) => stepper.reveal(nth),
    flagged: () => flaggedTags(marks),
    settled: () => scanner.settled(),
    dismiss() {
      if (!card.current) return false
      card.close()
      return true
    },
    destroy: () => lifetime.abort(),
  }
}
