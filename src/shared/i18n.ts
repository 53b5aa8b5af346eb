/**
 * Localised strings from public/_locales/<lang>/messages.json. Falls back to the key itself, so
 * a missing string shows up as its key instead of an empty label, and code that runs outside an
 * extension (unit tests, the CLI) never throws.
 *
 * Reads the browser's i18n namespace directly instead of through webextension-polyfill: the
 * call is synchronous and the same in both browsers, and the polyfill throws on import outside
 * an extension, which would make every component using t() untestable without a mock.
 */
import { debug } from './debug.ts'

interface I18nApi {
  getMessage(key: string, substitutions?: string | string[]): string
}

function i18nApi(): I18nApi | undefined {
  const scope = globalThis as { browser?: { i18n?: I18nApi }; chrome?: { i18n?: I18nApi } }
  return scope.browser?.i18n ?? scope.chrome?.i18n
}

/** The message for `key`, with $1…$9 substitutions; the key itself when there is none. */
export function t(key: string, substitutions?: string | string[]): string {
  try {
    const message = i18nApi()?.getMessage(key, substitutions)
    if (message) return message
  } catch (error) {
    // An invalidated extension context throws; the key is still better than nothing.
    debug(`i18n: message ${key}`, error)
  }
  return key
}
