/**
 * The toolbar popup: the flagged hashtags of the current tab (click one to show it on the
 * page) and the switch that turns the extension off on this site.
 *
 * Without the "tabs" permission the popup cannot read the tab's URL, so it asks the tab's own
 * content script for its host name; no answer means no content script runs there (browser
 * pages, add-on stores), and the popup says so.
 */
import { useEffect, useState } from 'preact/hooks'
import browser from 'webextension-polyfill'
import type {
  BackgroundRequest,
  ContentRequest,
  EntryView,
  FlaggedTag,
  TabState,
} from '../shared/messages.ts'
import { debugCatch } from '../shared/debug.ts'
import { t } from '../shared/i18n.ts'
import { normalizeHost, type Settings } from '../shared/settings.ts'
import { loadSettings, onSettingsChanged, saveSettings } from '../shared/storage.ts'

/** One row of the list: a hashtag (all spellings of one key) and where its first occurrence is. */
export interface FlaggedGroup {
  key: string
  /** The first spelling met on the page. */
  tag: string
  entryId: string
  count: number
  /** Frame and page-order index of the first occurrence: the target of 'reveal'. */
  frameId: number
  nth: number
}

/** Groups a tab's occurrences by key, in order of first appearance (top frame first). */
export function groupFlagged(state: TabState): FlaggedGroup[] {
  const groups = new Map<string, FlaggedGroup>()
  for (const { frameId, tags } of state.frames) {
    tags.forEach((flagged: FlaggedTag, nth) => {
      const group = groups.get(flagged.key)
      if (group) group.count++
      else groups.set(flagged.key, { ...flagged, count: 1, frameId, nth })
    })
  }
  return [...groups.values()]
}

type Loaded = {
  tabId: number
  groups: FlaggedGroup[]
  titles: Record<string, string>
  /** null when no content script answered: the extension cannot run on this page. */
  host: string | null
  settings: Settings
}

const ask = (request: BackgroundRequest): Promise<unknown> => browser.runtime.sendMessage(request)

const tell = (tabId: number, request: ContentRequest, frameId: number): Promise<unknown> =>
  browser.tabs.sendMessage(tabId, request, { frameId })

async function load(): Promise<Loaded | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true })
  if (tab?.id === undefined) return null
  const tabId = tab.id
  const [state, host, settings] = await Promise.all([
    ask({ type: 'tab-state', tabId }) as Promise<TabState | undefined>,
    // No answer: no content script runs in this tab (a browser page, an add-on store).
    tell(tabId, { type: 'host' }, 0).then(
      (reply) => (typeof reply === 'string' ? normalizeHost(reply) : null),
      debugCatch('popup: ask the tab for its host', null),
    ),
    loadSettings(),
  ])
  const groups = groupFlagged(state ?? { frames: [] })
  const titles: Record<string, string> = {}
  await Promise.all(
    [...new Set(groups.map((group) => group.entryId))].map(async (id) => {
      const view = (await ask({ type: 'entry', id }).catch(
        debugCatch(`popup: title of entry ${id}`, null),
      )) as EntryView | null
      // A pack's entry says so: the reader may have packs whose entries differ from the index.
      if (view)
        titles[id] = view.pack
          ? t('popupFromPack', [view.entry.title, view.pack.name])
          : view.entry.title
    }),
  )
  return { tabId, groups, titles, host, settings }
}

/** The popup's whole content. */
export function Popup() {
  const [loaded, setLoaded] = useState<Loaded | null | undefined>(undefined)
  const updateSettings = (settings: Settings): void =>
    setLoaded((current) => (current ? { ...current, settings } : current))

  useEffect(() => {
    const controller = new AbortController()
    load().then(
      (result) => {
        if (!controller.signal.aborted) setLoaded(result)
      },
      () => setLoaded(null),
    )
    onSettingsChanged(updateSettings, controller.signal)
    return () => controller.abort()
  }, [])

  if (loaded === undefined) {
    return (
      <main class="popup" aria-busy="true">
        <p>{t('popupLoading')}</p>
      </main>
    )
  }

  return (
    <main class="popup">
      <h1 class="popup-title">{t('extensionName')}</h1>
      {loaded === null || loaded.host === null ? (
        <p class="note" role="status">
          {t('popupUnavailable')}
        </p>
      ) : (
        <PageSection loaded={loaded} onSettings={updateSettings} />
      )}
      <footer class="popup-footer">
        <button type="button" class="link-button" onClick={() => void openSettings()}>
          {t('popupOpenSettings')}
        </button>
      </footer>
    </main>
  )
}

async function openSettings(): Promise<void> {
  await browser.runtime.openOptionsPage()
  window.close()
}

function PageSection({
  loaded,
  onSettings,
}: {
  loaded: Loaded
  onSettings: (settings: Settings) => void
}) {
  const { tabId, groups, titles, host, settings } = loaded
  const reveal = async (group: FlaggedGroup): Promise<void> => {
    await tell(tabId, { type: 'reveal', nth: group.nth }, group.frameId).catch(
      debugCatch(`popup: reveal #${group.nth} in frame ${group.frameId}`),
    )
    window.close()
  }
  return (
    <>
      {!settings.enabled && (
        <p class="note" role="status">
          {t('popupDisabledEverywhere')}
        </p>
      )}
      {host && <SiteSwitch host={host} settings={settings} onSettings={onSettings} />}
      <h2 class="popup-heading" id="flagged-heading">
        {t('popupFlaggedHeading')}
      </h2>
      {groups.length === 0 ? (
        <p class="empty">{t('popupEmpty')}</p>
      ) : (
        <ul class="flagged-list" aria-labelledby="flagged-heading">
          {groups.map((group) => {
            const title = titles[group.entryId] ?? ''
            return (
              <li key={group.key}>
                <button
                  type="button"
                  class="flagged-item"
                  aria-label={t('popupRevealLabel', [group.tag, title, String(group.count)])}
                  onClick={() => void reveal(group)}
                >
                  <span class="flagged-tag">#{group.tag}</span>
                  {/* Spaces between the grid cells (not rendered): text read from the button,
                      e.g. its visible label, says "#Tag Title 2", not "#TagTitle2". */}{' '}
                  <span class="flagged-title">{title}</span>{' '}
                  <span class="flagged-count" aria-hidden="true">
                    {group.count}
                  </span>
                </button>
              </li>
            )
          })}
        </ul>
      )}
    </>
  )
}

function SiteSwitch({
  host,
  settings,
  onSettings,
}: {
  host: string
  settings: Settings
  onSettings: (settings: Settings) => void
}) {
  const active = !settings.disabledSites.includes(host)
  const toggle = (): void => {
    const others = settings.disabledSites.filter((site) => site !== host)
    void saveSettings({ disabledSites: active ? [...others, host] : others }).then(onSettings)
  }
  return (
    <label class="switch">
      <input type="checkbox" role="switch" checked={active} onChange={toggle} />
      <span class="switch-track" aria-hidden="true" />
      <span class="switch-label">{t('popupActiveOn', host)}</span>
    </label>
  )
}
