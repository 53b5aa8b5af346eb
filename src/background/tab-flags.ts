/**
 * The flagged hashtags of each tab, per frame, as the content scripts last reported them.
 *
 * Chrome may stop the service worker at any moment, so the state is written through to
 * storage.session (kept in memory by the browser, gone when it closes) and read back when a
 * fresh worker first needs a tab. Firefox's event page uses the same path (storage.session
 * exists since Firefox 115); where it is missing the state lives in memory only, and the next
 * report from each frame rebuilds it.
 *
 * Navigation: Chrome reports status 'loading' for a new document AND for a same-document
 * navigation (history.pushState, as single-page apps like X do), and without the "tabs"
 * permission both look alike. So 'loading' only suspends the reports that carry a Chrome
 * documentId; when the tab completes, each suspended document is asked whether it still exists
 * (background.ts) and restored if it does. Reports without a documentId (Firefox, which fires
 * no 'loading' for pushState) are dropped at once.
 */
import { debugCatch } from '../shared/debug.ts'
import type { FlaggedTag, TabState } from '../shared/messages.ts'

/** The subset of a storage area the store uses. */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>
  set(items: Record<string, unknown>): Promise<void>
  remove(key: string): Promise<void>
}

/** One frame's last report. */
interface FrameReport {
  tags: FlaggedTag[]
  /** Chrome's id of the reporting document; absent in Firefox. */
  documentId?: string
  /** Set between a 'loading' and the check that the document survived it. */
  suspended?: boolean
}

type Frames = Map<number, FrameReport>

/** A suspended frame: its document is to be checked, then settle()d. */
export interface SuspendedFrame {
  frameId: number
  documentId: string
}

/** Most occurrences kept per frame: bounds storage on pathological pages (the badge shows 999+). */
export const MAX_TAGS_PER_FRAME = 10_000

const storageKey = (tabId: number): string => `flags:${tabId}`

function isFlaggedTag(value: unknown): value is FlaggedTag {
  if (typeof value !== 'object' || value === null) return false
  const tag = value as Record<string, unknown>
  return (
    typeof tag.tag === 'string' && typeof tag.key === 'string' && typeof tag.entryId === 'string'
  )
}

/** Keeps only well-formed reports: content scripts run on hostile pages. */
export function cleanTags(tags: unknown): FlaggedTag[] {
  if (!Array.isArray(tags)) return []
  return tags
    .filter(isFlaggedTag)
    .slice(0, MAX_TAGS_PER_FRAME)
    .map(({ tag, key, entryId }) => ({ tag, key, entryId }))
}

function parseReport(value: unknown): FrameReport | null {
  if (typeof value !== 'object' || value === null) return null
  const raw = value as Record<string, unknown>
  return {
    tags: cleanTags(raw.tags),
    ...(typeof raw.documentId === 'string' ? { documentId: raw.documentId } : {}),
    ...(raw.suspended === true ? { suspended: true } : {}),
  }
}

/** Per-tab, per-frame flagged tags with write-through persistence. */
export class TabFlags {
  readonly #tabs = new Map<number, Frames>()
  readonly #session: SessionArea | undefined
  /** One operation at a time, so read-modify-write cycles of concurrent reports cannot interleave. */
  #queue: Promise<unknown> = Promise.resolve()

  constructor(session?: SessionArea) {
    this.#session = session
  }

  #run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(operation)
    // The caller gets the failure through `result`; the queue only has to go on after it.
    this.#queue = result.catch(() => undefined)
    return result
  }

  async #frames(tabId: number): Promise<Frames> {
    let frames = this.#tabs.get(tabId)
    if (frames) return frames
    frames = new Map()
    if (this.#session) {
      const key = storageKey(tabId)
      const items = await this.#session
        .get(key)
        .catch(debugCatch<Record<string, unknown>>(`tab flags: read tab ${tabId}`, {}))
      const stored = items[key]
      if (Array.isArray(stored)) {
        for (const item of stored as unknown[]) {
          if (!Array.isArray(item) || typeof item[0] !== 'number') continue
          const report = parseReport(item[1])
          if (report) frames.set(item[0], report)
        }
      }
    }
    this.#tabs.set(tabId, frames)
    return frames
  }

  async #persist(tabId: number, frames: Frames): Promise<void> {
    if (!this.#session) return
    const failed = debugCatch(`tab flags: write tab ${tabId}`)
    if (frames.size === 0) await this.#session.remove(storageKey(tabId)).catch(failed)
    else await this.#session.set({ [storageKey(tabId)]: [...frames] }).catch(failed)
  }

  /** Replaces one frame's report; returns the tab's new total of flagged occurrences. */
  report(tabId: number, frameId: number, tags: FlaggedTag[], documentId?: string): Promise<number> {
    return this.#run(async () => {
      const frames = await this.#frames(tabId)
      if (tags.length > 0) frames.set(frameId, { tags, ...(documentId ? { documentId } : {}) })
      else frames.delete(frameId)
      await this.#persist(tabId, frames)
      return total(frames)
    })
  }

  /**
   * The tab started loading: drops the reports that cannot be checked later and suspends the
   * others (see the module comment). Returns the tab's new total.
   */
  suspend(tabId: number): Promise<number> {
    return this.#run(async () => {
      const frames = await this.#frames(tabId)
      for (const [frameId, report] of frames) {
        if (report.documentId === undefined) frames.delete(frameId)
        else report.suspended = true
      }
      await this.#persist(tabId, frames)
      return total(frames)
    })
  }

  /** The suspended frames of a tab (for the check when it completes). */
  suspended(tabId: number): Promise<SuspendedFrame[]> {
    return this.#run(async () => {
      const out: SuspendedFrame[] = []
      for (const [frameId, report] of await this.#frames(tabId)) {
        if (report.suspended && report.documentId) {
          out.push({ frameId, documentId: report.documentId })
        }
      }
      return out
    })
  }

  /**
   * Ends a suspension: restores the frame's report when its document survived, drops it when
   * not. A report that arrived meanwhile (not suspended) is left alone. Returns the new total.
   */
  settle(tabId: number, frame: SuspendedFrame, alive: boolean): Promise<number> {
    return this.#run(async () => {
      const frames = await this.#frames(tabId)
      const report = frames.get(frame.frameId)
      if (report?.suspended && report.documentId === frame.documentId) {
        if (alive) delete report.suspended
        else frames.delete(frame.frameId)
        await this.#persist(tabId, frames)
      }
      return total(frames)
    })
  }

  /** Forgets a tab (closed). */
  clear(tabId: number): Promise<void> {
    return this.#run(async () => {
      this.#tabs.delete(tabId)
      await this.#persist(tabId, new Map())
    })
  }

  /** The tab's frames that have flagged tags, top frame first. */
  state(tabId: number): Promise<TabState> {
    return this.#run(async () => {
      const frames = await this.#frames(tabId)
      return {
        frames: [...frames]
          .filter(([, report]) => !report.suspended)
          .sort(([a], [b]) => a - b)
          .map(([frameId, { tags }]) => ({ frameId, tags })),
      }
    })
  }
}

function total(frames: Frames): number {
  let sum = 0
  for (const report of frames.values()) if (!report.suspended) sum += report.tags.length
  return sum
}

/** The badge text for a total: '' for none, capped so it fits the badge. */
export function badgeText(count: number): string {
  if (count <= 0) return ''
  return count > 999 ? '999+' : String(count)
}
