/**
 * The options page: master switch, mark style, hover delay, muted hashtags, sites where the
 * extension is off, index packs (PackManager.tsx), the developer switch for debug logging, and a
 * browser over the whole fact index with the turned-on packs. Every change is saved at once;
 * open tabs pick it up through storage.onChanged.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks'
import type { TargetedEvent } from 'preact'
import { normalizeTag } from '../hashtags/normalize.ts'
import { mergeCatalog, type Catalog } from '../index/catalog.ts'
import type { CompiledIndex } from '../index/types.ts'
import { loadEnabledPacks } from '../shared/packs-store.ts'
import { t } from '../shared/i18n.ts'
import {
  HOVER_DELAY_RANGE,
  MARK_STYLES,
  normalizeHost,
  type MarkStyle,
  type Settings,
} from '../shared/settings.ts'
import { loadSettings, onSettingsChanged, saveSettings } from '../shared/storage.ts'
import { IndexBrowser } from './IndexBrowser.tsx'
import { PackManager } from './PackManager.tsx'
import { Switch } from './Switch.tsx'

/** The label of each mark style (a Record, so a new style in settings.ts needs its label here). */
const MARK_STYLE_LABELS: Record<MarkStyle, string> = {
  underline: 'optionsMarkUnderline',
  highlight: 'optionsMarkHighlight',
  outline: 'optionsMarkOutline',
}

/** The muted-list key for what a user typed ("#SoftCoup", "softcoup", "＃ＳｏｆｔＣｏｕｐ"), or null. */
export function muteKey(input: string): string | null {
  const key = normalizeTag(input.trim())
  // A hashtag body has no spaces, hash signs or punctuation that ends a tag.
  return /^(?:[\p{L}\p{M}\p{N}_\u00b7\u30fb]|\u200c|\u200d)+$/u.test(key) && /\p{L}/u.test(key)
    ? key
    : null
}

/** The host name in what a user typed ("Example.com", "https://example.com/page"), or null. */
export function siteHost(input: string): string | null {
  const trimmed = input.trim()
  if (!trimmed) return null
  let host = trimmed
  try {
    host = new URL(trimmed.includes('://') ? trimmed : `https://${trimmed}`).hostname
  } catch {
    return null
  }
  host = normalizeHost(host)
  return host && !/[\s/]/.test(host) ? host : null
}

/** The whole options page. */
export function Options({ index }: { index: CompiledIndex }) {
  const [settings, setSettings] = useState<Settings | null>(null)
  // The index browser shows the bundled index with the turned-on packs, as cards see it.
  const [catalog, setCatalog] = useState<Catalog>(() => mergeCatalog(index, []))
  const packsChanged = (): void =>
    void loadEnabledPacks().then((packs) => setCatalog(mergeCatalog(index, packs)))

  useEffect(() => {
    const controller = new AbortController()
    void loadSettings().then((loaded) => {
      if (!controller.signal.aborted) setSettings(loaded)
    })
    onSettingsChanged(setSettings, controller.signal)
    return () => controller.abort()
  }, [])

  const save = (patch: Partial<Settings>): void => {
    // Shown at once; the stored result (repaired if need be) replaces it when the write lands.
    setSettings((current) => (current ? { ...current, ...patch } : current))
    void saveSettings(patch).then(setSettings)
  }

  return (
    <main class="options">
      <h1>{t('optionsHeading')}</h1>
      {settings === null ? (
        <p aria-busy="true">{t('popupLoading')}</p>
      ) : (
        <>
          <section aria-labelledby="general-heading">
            <h2 id="general-heading">{t('optionsGeneralHeading')}</h2>
            <Switch
              label={t('optionsEnabled')}
              checked={settings.enabled}
              onChange={(enabled) => save({ enabled })}
            />
            <MarkStyleChoice
              value={settings.markStyle}
              onChange={(markStyle) => save({ markStyle })}
            />
            <HoverDelay
              value={settings.hoverDelayMs}
              onChange={(hoverDelayMs) => save({ hoverDelayMs })}
            />
          </section>
          <EditableList
            id="muted"
            items={settings.mutedTags}
            display={(key) => `#${key}`}
            parse={muteKey}
            onChange={(mutedTags) => save({ mutedTags })}
          />
          <EditableList
            id="sites"
            items={settings.disabledSites}
            display={(host) => host}
            parse={siteHost}
            onChange={(disabledSites) => save({ disabledSites })}
          />
          <PackManager onChange={packsChanged} />
          <section aria-labelledby="developer-heading">
            <h2 id="developer-heading">{t('optionsDeveloperHeading')}</h2>
            <Switch
              label={t('optionsDebug')}
              checked={settings.debug}
              onChange={(debug) => save({ debug })}
            />
          </section>
        </>
      )}
      <IndexBrowser index={catalog.index} packs={catalog.packs} />
    </main>
  )
}

function MarkStyleChoice({
  value,
  onChange,
}: {
  value: MarkStyle
  onChange: (value: MarkStyle) => void
}) {
  return (
    <fieldset>
      <legend>{t('optionsMarkStyle')}</legend>
      {MARK_STYLES.map((style) => (
        <label key={style} class="radio">
          <input
            type="radio"
            name="mark-style"
            value={style}
            checked={value === style}
            onChange={() => onChange(style)}
          />
          <span class={`mark-sample mark-sample-${style}`}>{t(MARK_STYLE_LABELS[style])}</span>
        </label>
      ))}
    </fieldset>
  )
}

function HoverDelay({ value, onChange }: { value: number; onChange: (value: number) => void }) {
  const id = useId()
  const [shown, setShown] = useState(value)
  // Follow a value changed elsewhere, but only a changed one: the effect also runs once after
  // mounting, possibly after the user has already moved the slider, and must not undo that.
  const followed = useRef(value)
  useEffect(() => {
    if (value === followed.current) return
    followed.current = value
    setShown(value)
  }, [value])
  // 'change', not 'input': dragging must not spend storage.sync's write quota per pixel.
  const commit = (event: TargetedEvent<HTMLInputElement>): void => {
    const next = Number(event.currentTarget.value)
    if (Number.isFinite(next) && next !== value) onChange(next)
  }
  return (
    <div class="field">
      <label for={id}>{t('optionsHoverDelay')}</label>
      <div class="range-row">
        <input
          id={id}
          type="range"
          min={HOVER_DELAY_RANGE.min}
          max={HOVER_DELAY_RANGE.max}
          step={50}
          value={shown}
          aria-valuetext={t('optionsMilliseconds', String(shown))}
          onInput={(event) => setShown(Number(event.currentTarget.value))}
          onChange={commit}
        />
        <output for={id}>{t('optionsMilliseconds', String(shown))}</output>
      </div>
    </div>
  )
}

/** An add/remove list with a text field: muted hashtags or turned-off sites. */
function EditableList({
  id,
  items,
  display,
  parse,
  onChange,
}: {
  /** Prefix of the list's message keys (optionsMuted…, optionsSites…) and element ids. */
  id: 'muted' | 'sites'
  items: string[]
  display: (item: string) => string
  parse: (input: string) => string | null
  onChange: (items: string[]) => void
}) {
  const [draft, setDraft] = useState('')
  const [error, setError] = useState(false)
  const prefix = id === 'muted' ? 'optionsMuted' : 'optionsSites'
  const add = (event: Event): void => {
    event.preventDefault()
    const item = parse(draft)
    if (item === null) {
      setError(true)
      return
    }
    setError(false)
    setDraft('')
    if (!items.includes(item)) onChange([...items, item])
  }
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t(`${prefix}Heading`)}</h2>
      <p class="hint">{t(`${prefix}Hint`)}</p>
      <form class="add-row" onSubmit={add}>
        <label for={`${id}-input`}>{t(`${prefix}Label`)}</label>
        <input
          id={`${id}-input`}
          type="text"
          value={draft}
          spellcheck={false}
          autocomplete="off"
          placeholder={t(`${prefix}Placeholder`)}
          aria-invalid={error}
          aria-describedby={error ? `${id}-error` : undefined}
          onInput={(event) => setDraft(event.currentTarget.value)}
        />
        <button type="submit">{t(`${prefix}Add`)}</button>
      </form>
      {error && (
        <p id={`${id}-error`} class="error" role="alert">
          {t(`${prefix}Invalid`)}
        </p>
      )}
      {items.length === 0 ? (
        <p class="empty">{t(`${prefix}Empty`)}</p>
      ) : (
        <ul class="chips">
          {items.map((item) => (
            <li key={item}>
              <span>{display(item)}</span>
              <button
                type="button"
                class="remove"
                aria-label={t(`${prefix}Remove`, display(item))}
                onClick={() => onChange(items.filter((other) => other !== item))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
