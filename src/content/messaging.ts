/**
 * The content script's side of the runtime messages (src/shared/messages.ts): requests to the
 * background (lookups, entries, flagged-tag reports, the Esc relay) and answers to the popup's
 * and keyboard command's requests. Everything is a promise that rejects, never throws, once the
 * extension context is gone: callers run from timers, and a throw would reach the page.
 */
import { ext } from '../shared/ext.ts'
import { listenUntil } from '../shared/listen.ts'
import { hasType } from '../shared/messages.ts'
import type {
  BackgroundRequest,
  ContentRequest,
  EntryView,
  FlaggedTag,
  LookupReply,
} from '../shared/messages.ts'
import type { ContentApp } from './content-app.ts'
import { debugCatch } from '../shared/debug.ts'

/** Benchmark build only: when each lookup went out and came back (bench/README.md). */
export const BENCH_EVENTS: [string, number][] | null =
  typeof __BENCH__ !== 'undefined' && __BENCH__ ? [] : null

/** Sends a message to the background. */
export function send<T>(message: BackgroundRequest): Promise<T> {
  try {
    return ext().runtime.sendMessage<BackgroundRequest, T>(message)
  } catch (error) {
    // Chrome throws at once, not as a rejection, once the extension is disabled or reloaded.
    return Promise.reject(error instanceof Error ? error : new Error(String(error)))
  }
}

/** Normalised keys -> entry ids of those in the index. */
export function resolve(keys: string[]): Promise<Record<string, string>> {
  BENCH_EVENTS?.push([`lookup ${keys.length}`, performance.now()])
  return send<LookupReply | undefined>({ type: 'lookup', keys }).then((reply) => {
    BENCH_EVENTS?.push(['reply', performance.now()])
    return reply?.found ?? {}
  })
}

/** One entry for a card of `tag` (as written), whose other entries are the card's choices. */
export function getEntry(id: string, tag: string): Promise<EntryView | null> {
  return send<EntryView | null | undefined>({ type: 'entry', id, tag }).then((view) => view ?? null)
}

/** Tells the background this frame's flagged tags (errors are dropped: it may be restarting). */
export function report(tags: FlaggedTag[]): void {
  send({ type: 'flagged', tags }).catch(debugCatch('messaging: report flagged tags'))
}

/** The answer to one request of the popup or the keyboard command. */
function answer(message: ContentRequest, app: ContentApp | null): Promise<unknown> {
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

/**
 * Answers requests with the app running now (`app()`), until `signal` aborts. Answers go through
 * sendResponse (return true keeps the channel open): returning a promise from the listener
 * works only in Firefox without webextension-polyfill.
 */
export function answerRequests(app: () => ContentApp | null, signal: AbortSignal): void {
  const onMessage = (
    message: unknown,
    _sender: unknown,
    sendResponse: (reply: unknown) => void,
  ): true => {
    if (hasType<ContentRequest>(message, ['reveal', 'step', 'host', 'dismiss'])) {
      answer(message, app()).then(sendResponse, () => sendResponse(undefined))
    } else {
      sendResponse(undefined)
    }
    return true
  }
  listenUntil(ext().runtime.onMessage, onMessage, signal, 'messaging: remove the message listener')
}
