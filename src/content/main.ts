/**
 * Content script entry (manifest content_scripts, every frame, document_idle): connects the
 * content app to the extension. Settings come from extension storage and apply at once when they
 * change, including turning the extension off or on for this site (src/shared/storage.ts);
 * lookups, entries and reports go to the background and the popup's requests are answered
 * (messaging.ts); one instance runs per frame, and one whose extension died tears itself down
 * (lifecycle-guard.ts). Back/forward cache and SPA navigations need nothing else: the observers
 * keep running, and the DOM changes of a pushState navigation are mutations like any other.
 */
import { isActiveOn } from '../shared/settings.ts'
import type { Settings } from '../shared/settings.ts'
import { onEnabledPacksChanged } from '../shared/pack-keys.ts'
import { loadSettings, onSettingsChanged } from '../shared/storage.ts'
import { startContent } from './content-app.ts'
import type { ContentApp } from './content-app.ts'
import { claimFrame, contextAlive, frameTaken, releaseFrame } from './lifecycle-guard.ts'
import type { Instance } from './lifecycle-guard.ts'
import { answerRequests, BENCH_EVENTS, getEntry, report, resolve, send } from './messaging.ts'
import { debugCatch } from '../shared/debug.ts'

/** Benchmark build only: when this script started (bench/README.md). */
const BENCH_START = typeof __BENCH__ !== 'undefined' && __BENCH__ ? performance.now() : 0

function boot(): void {
  if (frameTaken()) return
  // Only HTML documents: an SVG or XML document has no place for the card.
  if (!(document.documentElement instanceof HTMLElement)) return

  const lifetime = new AbortController()
  const signal = lifetime.signal
  let app: ContentApp | null = null
  let settings: Settings | null = null
  const instance: Instance = {
    alive: () => !signal.aborted && contextAlive(),
    stop: () => {
      if (signal.aborted) return
      lifetime.abort()
      app?.destroy()
      app = null
      releaseFrame(instance)
    },
  }
  claimFrame(instance)
  if (typeof __BENCH__ !== 'undefined' && __BENCH__) {
    // The benchmark reads the app from this isolated world through CDP; the shipped build has
    // no such hook, and pages never see the isolated world's globals.
    Object.assign(globalThis, {
      [Symbol.for('hashtag-context.bench')]: {
        start: BENCH_START,
        events: BENCH_EVENTS,
        app: () => app,
      },
    })
  }

  const sendReport = (tags: Parameters<typeof report>[0]): void => {
    if (!signal.aborted) report(tags)
  }
  const apply = (next: Settings): void => {
    BENCH_EVENTS?.push(['settings', performance.now()])
    settings = next
    const active = isActiveOn(next, location.hostname)
    if (active && !app) {
      app = startContent({
        settings: next,
        resolve,
        getEntry,
        onFlagged: sendReport,
        isAlive: contextAlive,
        onDead: () => instance.stop(),
        onEscapeWithoutCard: () => {
          if (!signal.aborted) send({ type: 'dismiss' }).catch(debugCatch('main: relay Esc'))
        },
      })
    } else if (!active && app) {
      app.destroy()
      app = null
      sendReport([])
    } else {
      app?.updateSettings(next)
    }
  }

  onSettingsChanged((next) => {
    if (!signal.aborted) apply(next)
  }, signal)
  // The packs that answer changed (one turned on or off, or an update or removal of one that is
  // on): every tag is looked up anew. A change to packs that are off needs nothing here.
  onEnabledPacksChanged(() => app?.reindex(), signal)
  answerRequests(() => app, signal)
  // Restored from the back/forward cache: the background dropped this frame's report on leaving.
  window.addEventListener(
    'pageshow',
    (e) => {
      if (e.persisted && app) sendReport(app.flagged())
    },
    { signal },
  )
  loadSettings()
    .then((loaded) => {
      // A change that arrived first is newer than what was read.
      if (!signal.aborted && settings === null) apply(loaded)
    })
    .catch(debugCatch('main: load settings'))
}

boot()
