/**
 * User settings, kept in extension storage (sync where the browser offers it) under one key.
 * Whatever storage holds (an older version's shape, a bad sync, a hand edit) is repaired field by
 * field: a bad field falls back to its default, the valid ones are kept.
 */

/** How marks are drawn. */
export type MarkStyle = 'underline' | 'highlight' | 'outline'

export interface Settings {
  /** Master switch. */
  enabled: boolean
  /** Host names (lower case, no port) where the extension does nothing. */
  disabledSites: string[]
  /** normalizeTag() keys of hashtags the user does not want flagged. */
  mutedTags: string[]
  /** Hover intent delay before a card opens, in ms. */
  hoverDelayMs: number
  markStyle: MarkStyle
  /** Developer switch: log handled failures to the console (src/shared/debug.ts). */
  debug: boolean
}

/** The storage key all settings live under. */
export const SETTINGS_KEY = 'settings'

export const HOVER_DELAY_RANGE = { min: 0, max: 2000 } as const

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  enabled: true,
  disabledSites: [],
  mutedTags: [],
  hoverDelayMs: 300,
  markStyle: 'underline',
  debug: false,
})

/** Every mark style. */
export const MARK_STYLES: readonly MarkStyle[] = ['underline', 'highlight', 'outline']
const MAX_LIST = 10_000

function stringList(value: unknown, clean: (s: string) => string): string[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_LIST) return undefined
  const out = new Set<string>()
  for (const item of value) {
    if (typeof item !== 'string') return undefined
    const cleaned = clean(item)
    if (cleaned) out.add(cleaned)
  }
  return [...out]
}

/** Lower-cases a host name and drops a port, for comparison with location.hostname. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '')
}

/**
 * Repairs whatever storage held into valid settings: each bad or missing field becomes its
 * default; `repaired` names the fields that were replaced (missing fields are not "repaired").
 */
export function repairSettings(raw: unknown): { settings: Settings; repaired: (keyof Settings)[] } {
  const settings: Settings = { ...DEFAULT_SETTINGS, disabledSites: [], mutedTags: [] }
  const repaired: (keyof Settings)[] = []
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { settings, repaired: raw === undefined ? [] : ['enabled'] }
  }
  const r = raw as Record<string, unknown>
  const take = <K extends keyof Settings>(key: K, value: Settings[K] | undefined): void => {
    if (!(key in r)) return
    if (value === undefined) repaired.push(key)
    else settings[key] = value
  }
  take('enabled', typeof r.enabled === 'boolean' ? r.enabled : undefined)
  take('disabledSites', stringList(r.disabledSites, normalizeHost))
  take(
    'mutedTags',
    stringList(r.mutedTags, (s) => s.trim()),
  )
  take(
    'hoverDelayMs',
    typeof r.hoverDelayMs === 'number' &&
      Number.isFinite(r.hoverDelayMs) &&
      r.hoverDelayMs >= HOVER_DELAY_RANGE.min &&
      r.hoverDelayMs <= HOVER_DELAY_RANGE.max
      ? Math.round(r.hoverDelayMs)
      : undefined,
  )
  take(
    'markStyle',
    MARK_STYLES.includes(r.markStyle as MarkStyle) ? (r.markStyle as MarkStyle) : undefined,
  )
  take('debug', typeof r.debug === 'boolean' ? r.debug : undefined)
  return { settings, repaired }
}

/** True when the extension should act on a page of this host. */
export function isActiveOn(settings: Settings, host: string): boolean {
  return settings.enabled && !settings.disabledSites.includes(normalizeHost(host))
}
