/**
 * Developer logging for failures the extension handles on purpose: a storage write refused, a
 * tab that closed before its badge was set, a message to a frame with no content script. Users
 * must never see these, so the code catches them; a developer chasing a bug must be able to.
 *
 * Off unless the `debug` setting is on (the options page's "Developer: log errors to the
 * console", or `debug: true` in the stored settings). Each extension context (background, popup,
 * options page, every content script) holds its own switch: storage.ts sets it whenever it reads
 * the settings, so a context that reads them follows the setting, including its changes, without
 * extra code. When off, debug() does nothing but one test of a boolean.
 *
 * No imports, so every layer that may import shared/ can use it (storage.ts included).
 */

let on = false

/** Turns logging on or off for this extension context (storage.ts calls it with the setting). */
export function setDebugLogging(enabled: boolean): void {
  on = enabled
}

/** True when debug() logs in this context. */
export function isDebugLogging(): boolean {
  return on
}

/**
 * Logs a handled failure to the console when debug logging is on; otherwise does nothing.
 * `scope` says where it happened, as `file: what was attempted` (e.g. `'storage: sync write'`),
 * so a log line can be traced to its catch. Uses console.warn: the failure was handled.
 */
export function debug(scope: string, error: unknown): void {
  if (on) console.warn(`[hashtag-context] ${scope}:`, error)
}

/**
 * A rejection handler for a failure that is expected and handled by going on without a result:
 * `promise.catch(debugCatch('background: badge text'))` in place of `.catch(() => undefined)`,
 * or `debugCatch('popup: entry title', null)` where the caller wants `null` instead. Logs the
 * error (when on) and resolves to `fallback`.
 */
export function debugCatch(scope: string): (error: unknown) => undefined
export function debugCatch<T>(scope: string, fallback: T): (error: unknown) => T
export function debugCatch<T>(scope: string, fallback?: T): (error: unknown) => T | undefined {
  return (error) => {
    debug(scope, error)
    return fallback
  }
}
