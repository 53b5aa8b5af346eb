/**
 * Content script entry (manifest content_scripts, every frame, document_idle). Connects the
 * content app to the extension: settings from extension storage (applied at once when they change,
 * including turning the extension off or on for this site; src/shared/storage.ts), lookups and entries from the
 * background, flagged-tag reports, and the popup's and keyboard command's requests.
 *
 * Lifecycle: one instance per frame (a guard in the isolated world). Chrome keeps running the
 * script of an extension that was reloaded, updated or disabled, with its API gone: the app's
 * periodic check (2 s) sees that and tears everything down. No runtime port: one the background
 * accepted would wake it for every frame of every tab and disconnect whenever it sleeps; one it
 * did not accept closes at once and reports nothing. (Firefox runs no code of a removed add-on
 * at all; the next instance clears what the old one left.) Back/forward cache and SPA
 * navigations need nothing else: the observers keep running, and the DOM changes of a pushState
 * navigation are mutations like any other.
 */
import { ext } from '../shared/ext.ts'
import { hasType } from '../shared/messages.ts'
import type {
  BackgroundRequest,
  ContentRequest,
  EntryView,
  FlaggedTag,
  LookupReply,
} from '../shared/messages.ts'
import { isActiveOn } from '../shared/settings.ts'
import { loadSettings, onSettingsChanged } from '../shared/storage.ts'
import type { Settings } from '../shared/settings.ts'
import { startContent } from './content-app.ts'
import type { ContentApp } from './content-app.ts'
import { HOST_TAG } from './skip.ts'

const GUARD = Symbol.for('hashtag-context.content-script')
/** Benchmark build only: when this script started (bench/README.md). */
const BENCH_START = typeof __BENCH__ !== 'undefined' && __BENCH__ ? performance.now() : 0
/** Benchmark build only: when settings arrived and each lookup went out and came back. */
const BENCH_EVENTS: [string, number][] | null =
  typeof __BENCH__ !== 'undefined' && __BENCH__ ? [] : null

interface Guard {
  alive(): boolean
  stop(): void
}

type GuardedGlobal = typeof globalThis & { [GUARD]?: Guard }

function contextAlive(): boolean {
  try {
    // Undefined (Chrome) or a dead-object error (Firefox) once the extension context is gone.
    return Boolean(ext().runtime.id)
  } catch {
    return false
  }
}

function send<T>(message: BackgroundRequest): Promise<T> {
  try {
    return ext().runtime.sendMessage<BackgroundRequest, T>(message)
  } catch (error) {
    // Chrome throws at once, not as a rejection, once the extension is disabled or reloaded:
    // callers catch rejections (a report from a timer would otherwise throw into the page).
    return Promise.reject(error instanceof Error ? error : new Error(String(error)))
  }
}

function boot(): void {
  const global = globalThis as GuardedGlobal
  const existing = global[GUARD]
  if (existing?.alive()) return
  existing?.stop()
  // Only HTML documents: an SVG or XML document has no place for the card.
  if (!(document.documentElement instanceof HTMLElement)) return
  // A host left by an instance whose extension context died with a card open. Hosts live under
  // <html> (card-host.ts puts them back there), so its children are enough: a querySelectorAll
  // over a page of a million nodes costs milliseconds before the first mark.
  for (const stale of [...document.documentElement.children]) {
    if (stale.localName === HOST_TAG) stale.remove()
  }

  const lifetime = new AbortController()
  let app: ContentApp | null = null
  let settings: Settings | null = null
  let dead = false
  if (typeof __BENCH__ !== 'undefined' && __BENCH__) {
    // The benchmark reads the app from this isolated world through CDP; the shipped build has
    // no such hook, and pages never see the isolated world's globals.
    Object.assign(global, {
      [Symbol.for('hashtag-context.bench')]: {
        start: BENCH_START,
        events: BENCH_EVENTS,
        app: () => app,
      },
    })
  }

  const report = (tags: FlaggedTag[]): void => {
    if (!dead) send({ type: 'flagged', tags }).catch(() => undefined)
  }

  const resolve = (keys: string[]): Promise<Record<string, string>> => {
    BENCH_EVENTS?.push([`lookup ${keys.length}`, performance.now()])
    return send<LookupReply | undefined>({ type: 'lookup', keys }).then((reply) => {
      BENCH_EVENTS?.push(['reply', performance.now()])
      return reply?.found ?? {}
    })
  }

  const getEntry = (id: string): Promise<EntryView | null> =>
    send<EntryView | null | undefined>({ type: 'entry', id }).then((view) => view ?? null)

  const apply = (next: Settings): void => {
    BENCH_EVENTS?.push(['settings', performance.now()])
    settings = next
    const active = isActiveOn(next, location.hostname)
    if (active && !app) {
      app = startContent({
        settings: next,
        resolve,
        getEntry,
        onFlagged: report,
        isAlive: contextAlive,
        onDead: teardown,
        onEscapeWithoutCard: () => {
          if (!dead) send({ type: 'dismiss' }).catch(() => undefined)
        },
      })
    } else if (!active && app) {
      app.destroy()
      app = null
      report([])
    } else {
      app?.updateSettings(next)
    }
  }

  const answer = (message: ContentRequest): Promise<unknown> => {
    switch (message.type) {
      case 'host':
        return Promise.resolve(location.hostname)
      case 'reveal':
        return Number.isInteger(message.nth) && message.nth >= 0 && app
          ? app.reveal(message.nth)
          : Promise.resolve(false)
      case 'step':
        return (message.direction === 1 || message.direction === -1) && app
          ? app.step(message.direction)
          : Promise.resolve(false)
      case 'dismiss':
        return Promise.resolve(app?.dismiss() ?? false)
    }
  }

  // Answers through sendResponse (return true keeps the channel open): returning a promise from
  // the listener works only in Firefox without webextension-polyfill.
  const onMessage = (
    message: unknown,
    _sender: unknown,
    sendResponse: (reply: unknown) => void,
  ): true => {
    if (hasType<ContentRequest>(message, ['reveal', 'step', 'host', 'dismiss'])) {
      answer(message).then(sendResponse, () => sendResponse(undefined))
    } else {
      sendResponse(undefined)
    }
    return true
  }

  function teardown(): void {
    if (dead) return
    dead = true
    app?.destroy()
    app = null
    lifetime.abort()
    try {
      ext().runtime.onMessage.removeListener(onMessage)
    } catch {
      // The context is gone and its listeners with it.
    }
    if (global[GUARD] === guard) delete global[GUARD]
  }

  const guard: Guard = { alive: () => !dead && contextAlive(), stop: teardown }
  global[GUARD] = guard

  // Settings apply at once, whichever area (sync, or local as its fallback) holds them.
  onSettingsChanged((next) => {
    if (!dead) apply(next)
  }, lifetime.signal)
  ext().runtime.onMessage.addListener(onMessage)
  // Restored from the back/forward cache: the background dropped this frame's report on leaving.
  window.addEventListener(
    'pageshow',
    (e) => {
      if (e.persisted && app) report(app.flagged())
    },
    { signal: lifetime.signal },
  )

  loadSettings()
    .then((loaded) => {
      // A change that arrived first is newer than what was read.
      if (!dead && settings === null) apply(loaded)
    })
    .catch(() => undefined)
}

boot()
