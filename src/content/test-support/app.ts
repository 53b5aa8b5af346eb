/**
 * Starts the content app on the test document with fake dependencies, and cleans up after each
 * test: apps destroyed, containers removed.
 */
import { afterEach, vi } from 'vitest'
import type { FlaggedTag } from '../../shared/messages.ts'
import type { Settings } from '../../shared/settings.ts'
import { startContent } from '../content-app.ts'
import type { ContentApp, ContentDeps } from '../content-app.ts'
import { HOST_TAG } from '../skip.ts'
import { fakeResolve, mount, testSettings, viewOf } from './fixtures.ts'

/** A running app and what its fakes saw. */
export interface TestApp {
  app: ContentApp
  /** Keys of each resolve() call. */
  calls: string[][]
  /** Ids of each getEntry() call. */
  entries: string[]
  /** Each flagged report. */
  reports: FlaggedTag[][]
}

const running: ContentApp[] = []
const mounted: HTMLElement[] = []

afterEach(() => {
  for (const app of running.splice(0)) app.destroy()
  for (const el of mounted.splice(0)) el.remove()
  for (const host of document.querySelectorAll(HOST_TAG)) host.remove()
  vi.useRealTimers()
})

/** Starts the app (hover delay 30 ms unless overridden). */
export function startTestApp(
  settings: Partial<Settings> = {},
  deps: Partial<ContentDeps> = {},
): TestApp {
  const { resolve, calls } = fakeResolve()
  const entries: string[] = []
  const reports: FlaggedTag[][] = []
  const app = startContent({
    settings: testSettings({ hoverDelayMs: 30, ...settings }),
    resolve,
    getEntry: (id) => {
      entries.push(id)
      return Promise.resolve(viewOf(id))
    },
    onFlagged: (tags) => reports.push(tags),
    flaggedDebounceMs: 10,
    ...deps,
  })
  running.push(app)
  return { app, calls, entries, reports }
}

/** Mounts markup in a container removed after the test. */
export function page(markup: string): HTMLElement {
  const el = mount(markup)
  mounted.push(el)
  return el
}

/** Tracks an element appended by a test so it is removed after it. */
export function track<T extends HTMLElement>(el: T): T {
  mounted.push(el)
  return el
}

/** Dispatches a pointer move at client (x, y) on whatever is there, as the browser would. */
export function pointerAt(x: number, y: number): void {
  const target = document.elementFromPoint(x, y) ?? document.documentElement
  target.dispatchEvent(
    new PointerEvent('pointermove', {
      clientX: x,
      clientY: y,
      bubbles: true,
      composed: true,
      pointerType: 'mouse',
    }),
  )
}

/** The centre of a range's first client rect. */
export function centreOf(range: Range): { x: number; y: number } {
  const r = range.getClientRects()[0]
  if (!r) throw new Error('range has no rect')
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 }
}

/** The text of every marked occurrence, in document order. */
export function markedTexts(app: ContentApp): string[] {
  return app.marks.ordered().map((o) => o.range.toString())
}
