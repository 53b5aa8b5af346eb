/**
 * Wires the content script's parts for one document: scanner -> marks -> hit test -> hover intent
 * -> card, plus keyboard access and the flagged-tags report. Takes every browser-extension API
 * as an injected function, so tests run it in a plain page; main.ts supplies the real ones.
 * Everything it starts stops in destroy(): listeners (one AbortSignal), observers, timers,
 * highlights, the host element.
 */
import { findHashtags, mayContainHashtag } from '../hashtags/tokenizer.ts'
import { normalizeTag } from '../hashtags/normalize.ts'
import type { EntryView, FlaggedTag } from '../shared/messages.ts'
import type { Settings } from '../shared/settings.ts'
import { CardHost } from './card-host.ts'
import type { CardRequest } from './card-host.ts'
import { HitTester } from './hit-test.ts'
import { HoverIntent } from './hover-intent.ts'
import { FocusWatcher, Stepper } from './keyboard.ts'
import type { FocusTarget } from './keyboard.ts'
import { Marks } from './marks.ts'
import type { Occurrence } from './marks.ts'
import { Scanner } from './scanner.ts'
import { isInSkippedRegion } from './skip.ts'

/** What the content script needs from outside the page. */
export interface ContentDeps {
  doc?: Document
  settings: Settings
  /** Normalised keys -> entry ids of those in the index (runtime message 'lookup'). */
  resolve: (keys: string[]) => Promise<Record<string, string>>
  /** One entry for a card (runtime message 'entry'). */
  getEntry: (id: string) => Promise<EntryView | null>
  /** This frame's flagged occurrences in document order, debounced (runtime message 'flagged'). */
  onFlagged?: (tags: FlaggedTag[]) => void
  flaggedDebounceMs?: number
  /** Period of the cheap checks: highlights still registered, extension still alive. */
  checkEveryMs?: number
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

/** Longest element text considered for "this focused element is a hashtag". */
const MAX_FOCUS_TEXT = 200

/** Starts the content script on `deps.doc` (default: document). */
export function startContent(deps: ContentDeps): ContentApp {
  const doc = deps.doc ?? document
  const lifetime = new AbortController()
  const signal = lifetime.signal
  let settings = deps.settings
  let muted = new Set(settings.mutedTags)
  let openOcc: Occurrence | null = null
  let openParent: Node | null = null
  let reportTimer: ReturnType<typeof setTimeout> | undefined
  let lastReport = ''
  let destroyed = false

  const flagged = (): FlaggedTag[] =>
    marks.ordered().map((o) => ({ tag: o.tag, key: o.key, entryId: o.entryId }))

  const reportDelay = deps.flaggedDebounceMs ?? 500
  let lastChange = 0
  const armReport = (ms: number): void => {
    reportTimer = setTimeout(() => {
      reportTimer = undefined
      const wait = lastChange + reportDelay - Date.now()
      if (wait > 0) {
        armReport(wait)
        return
      }
      const tags = flagged()
      const json = JSON.stringify(tags)
      if (json === lastReport) return
      lastReport = json
      deps.onFlagged?.(tags)
    }, ms)
  }
  const scheduleReport = (): void => {
    if (!deps.onFlagged || destroyed) return
    lastChange = Date.now()
    // One timer per quiet period, not a clearTimeout and setTimeout per change: those cost tens
    // of milliseconds on a page with hundreds of marks (bench/README.md).
    if (reportTimer === undefined) armReport(reportDelay)
  }

  /** The open card's mark broke (its text was re-rendered): follow the new mark or close. */
  const followAnchor = (): void => {
    const occ = openOcc
    if (!occ || !card.current || card.current.anchor !== occ.range) return
    const r = occ.range
    if (!r.collapsed && r.startContainer === occ.text && occ.text.isConnected) return
    const next = marks
      .registered()
      .find((o) => o.key === occ.key && (o.text === occ.text || o.text.parentNode === openParent))
    if (next)
      void openCard({ ...card.current, anchor: next.range, written: next.range.toString() }, next)
    else card.close()
  }

  const marks = new Marks({
    style: settings.markStyle,
    onChange: () => {
      hits.invalidate()
      scheduleReport()
    },
    // Scrolling marks near and far changes what the pointer can hit, not the page's flagged
    // tags: no report (listing them in page order cost 5-14 ms a scroll stop on 50,000 posts).
    onRegisteredChange: () => hits.invalidate(),
  })

  const scanner = new Scanner({
    resolve: deps.resolve,
    onText: (text, found) => marks.set(text, found),
    sweep: () => marks.sweep(),
    onIdle: () => {
      marks.repair()
      // Once the page's changes are scanned, so a re-rendered tag has its new mark to follow.
      followAnchor()
    },
    isMuted: (key) => muted.has(key),
    ...(deps.sliceMs === undefined ? {} : { sliceMs: deps.sliceMs }),
    signal,
  })

  const card: CardHost = new CardHost({
    doc,
    getEntry: deps.getEntry,
    onClose: () => {
      openOcc = openParent = null
      marks.setActive(null)
    },
    onTabOut: (request) => focus.tabOut(request),
    onFocusOut: () => focus.focusLeftCard(),
  })

  const openCard = async (request: CardRequest, occ: Occurrence | null): Promise<boolean> => {
    const ok = await card.open(request)
    if (ok && card.current?.anchor === request.anchor) {
      openOcc = occ
      openParent = occ?.text.parentNode ?? null
      marks.setActive(request.anchor)
    }
    return ok
  }

  const pointerRequest = (occ: Occurrence): CardRequest => ({
    entryId: occ.entryId,
    written: occ.range.toString(),
    anchor: occ.range,
    trigger: 'pointer',
  })

  const intent = new HoverIntent<Occurrence>({
    delay: () => settings.hoverDelayMs,
    open: (occ) => void openCard(pointerRequest(occ), occ),
    prepare: (occ) => card.prepare(pointerRequest(occ)),
    close: () => card.close(),
    openByPointer: () => (card.current?.trigger === 'pointer' ? openOcc : null),
  })

  const hits: HitTester = new HitTester({
    doc,
    signal,
    registered: () => marks.registered(),
    inCard: (target) => card.owns(target),
    intent,
  })

  const flaggedAt = (el: Element): FocusTarget | null | Promise<FocusTarget | null> => {
    if (el.childElementCount > 4) return null
    const raw = el.textContent ?? ''
    if (raw.length > MAX_FOCUS_TEXT || !mayContainHashtag(raw) || isInSkippedRegion(el)) return null
    const text = raw.trim()
    const [m, extra] = findHashtags(text)
    if (!m || extra || m.start !== 0 || m.end !== text.length) return null
    const key = normalizeTag(m.tag)
    const known = scanner.lookup(key)
    if (known === undefined) {
      // Split across elements (`<s>#</s><b>Tag</b>`), so the scan never asked about it.
      return scanner.resolveKey(key).then((id) => (id ? targetIn(el, key, id, text) : null))
    }
    return known ? targetIn(el, key, known, text) : null
  }

  const targetIn = (el: Element, key: string, entryId: string, text: string): FocusTarget => {
    const walker = doc.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const occ = marks.of(t as Text).find((o) => o.key === key)
      if (occ) return { entryId, written: occ.range.toString(), anchor: occ.range, occurrence: occ }
    }
    const anchor = doc.createRange()
    anchor.selectNodeContents(el)
    return { entryId, written: text, anchor, occurrence: null }
  }

  const focus: FocusWatcher = new FocusWatcher({
    doc,
    signal,
    card,
    flaggedAt,
    open: (request, occ) => void openCard(request, occ),
  })

  const stepper = new Stepper({
    doc,
    ordered: () => marks.ordered(),
    current: () => openOcc,
    open: openCard,
  })

  // Esc reaches only the focused frame: with no card here, a card hovered in another frame
  // (focus stayed in this one) must close too, as WCAG 1.4.13 asks. Only the reader's own key
  // presses: a page's synthetic events send nothing. A card open here handles Esc itself.
  if (deps.onEscapeWithoutCard) {
    const onEscape = deps.onEscapeWithoutCard
    doc.defaultView?.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Escape' && e.isTrusted && !e.isComposing && !card.current) onEscape()
      },
      { capture: true, passive: true, signal },
    )
  }

  const checkTimer = setInterval(() => {
    if (deps.isAlive && !deps.isAlive()) {
      deps.onDead?.()
      return
    }
    marks.repair()
  }, deps.checkEveryMs ?? 2000)

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
        if (openOcc && muted.has(openOcc.key)) card.close()
        scanner.rescanAll()
      }
    },
    step: (direction) => stepper.step(direction),
    reveal: (nth) => stepper.reveal(nth),
    flagged,
    settled: () => scanner.settled(),
    dismiss() {
      if (!card.current) return false
      card.close()
      return true
    },
    destroy() {
      if (destroyed) return
      destroyed = true
      clearInterval(checkTimer)
      clearTimeout(reportTimer)
      lifetime.abort()
      intent.cancel()
      card.destroy()
      marks.destroy()
    },
  }
}
