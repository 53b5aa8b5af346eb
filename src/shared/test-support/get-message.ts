/**
 * chrome.i18n.getMessage over the shipped English catalogue, for tests: named placeholders,
 * then $1…$9, then `$$`; '' for an unknown key, as the browser returns. Tests therefore read
 * the strings a user reads.
 */
import messages from '../../../public/_locales/en/messages.json'

interface MessageEntry {
  message: string
  placeholders?: Record<string, { content: string }>
}

/** The English catalogue, keyed by message name. */
export const englishMessages = messages as Record<string, MessageEntry>

/** chrome.i18n.getMessage (see module comment). */
export function getMessage(key: string, substitutions?: string | string[]): string {
  const entry = englishMessages[key]
  if (!entry) return ''
  const subs = substitutions === undefined ? [] : ([] as string[]).concat(substitutions)
  const named = entry.message.replace(
    /\$([A-Za-z0-9_@]+)\$/g,
    (whole, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? whole,
  )
  return named.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '').replace(/\$\$/g, '$')
}
