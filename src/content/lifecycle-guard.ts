/**
 * One content-script instance per frame, and none left running for a dead extension. Chrome keeps
 * running the script of an extension that was reloaded, updated or disabled, with its API gone:
 * the app's periodic check sees that (contextAlive) and tears everything down, and a new
 * instance replaces a dead one. Firefox runs no code of a removed add-on at all: the next
 * instance clears what the old one left (its host element), and the host's lease hides it in the
 * meantime (page-host.ts). No runtime port: one the background accepted would wake it for every
 * frame of every tab; one it did not accept closes at once and reports nothing.
 */
import { ext } from '../shared/ext.ts'
import { HOST_TAG } from './skip.ts'

const GUARD = Symbol.for('hashtag-context.content-script')

/** What an instance leaves in its isolated world for the next one to find. */
export interface Instance {
  alive(): boolean
  stop(): void
}

type GuardedGlobal = typeof globalThis & { [GUARD]?: Instance }

/** False once the extension context is gone (undefined id in Chrome, a dead object in Firefox). */
export function contextAlive(): boolean {
  try {
    return Boolean(ext().runtime.id)
  } catch {
    return false
  }
}

/** True if a live instance runs in this frame already. */
export function frameTaken(): boolean {
  return (globalThis as GuardedGlobal)[GUARD]?.alive() ?? false
}

/**
 * Claims this frame for `instance`: stops a dead one, removes hosts it left, and registers the
 * new one for the next instance to find.
 */
export function claimFrame(instance: Instance): void {
  const global = globalThis as GuardedGlobal
  global[GUARD]?.stop()
  // Hosts live under <html> (page-host.ts puts them back there), so its children are enough: a
  // querySelectorAll over a page of a million nodes costs milliseconds before the first mark.
  for (const stale of [...document.documentElement.children]) {
    if (stale.localName === HOST_TAG) stale.remove()
  }
  global[GUARD] = instance
}

/** `instance` is done: the next one may start. */
export function releaseFrame(instance: Instance): void {
  const global = globalThis as GuardedGlobal
  if (global[GUARD] === instance) delete global[GUARD]
}
