/**
 * The background's listeners, over an injected browser API so tests can drive them. Every
 * listener is registered synchronously by startBackground(): a Chrome service worker woken by
 * an event only delivers it to listeners that exist after the first run of the script.
 */
import type { Browser, Runtime, Tabs } from 'webextension-polyfill'
import type { CatalogLookup } from '../index/catalog.ts'
import type { CompiledIndex } from '../index/types.ts'
import { debugCatch } from '../shared/debug.ts'
import { hasType, type BackgroundRequest, type ContentRequest } from '../shared/messages.ts'
import { entryView, lookupKeys } from './entry-view.ts'
import { badgeText, cleanTags, TabFlags, type SessionArea } from './tab-flags.ts'

/** The parts of the extension API the background uses. */
export interface BackgroundApi {
  runtime: { id: string; onMessage: Pick<Browser['runtime']['onMessage'], 'addListener'> }
  tabs: {
    onUpdated: Pick<Browser['tabs']['onUpdated'], 'addListener'>
    onRemoved: Pick<Browser['tabs']['onRemoved'], 'addListener'>
    query: (query: Tabs.QueryQueryInfoType) => Promise<Tabs.Tab[]>
    sendMessage: (
      tabId: number,
      message: ContentRequest,
      options?: Tabs.SendMessageOptionsType & { documentId?: string },
    ) => Promise<unknown>
  }
  action: {
    setBadgeText: (details: { tabId: number; text: string }) => Promise<void>
    setBadgeBackgroundColor: (details: { color: string }) => Promise<void>
  }
  commands?: { onCommand: Pick<Browser['commands']['onCommand'], 'addListener'> }
  storage: { session?: SessionArea }
}

const REQUEST_TYPES: BackgroundRequest['type'][] = [
  'lookup',
  'entry',
  'flagged',
  'tab-state',
  'dismiss',
]

/** Dark enough for white badge text at WCAG AA contrast in both browsers. */
const BADGE_COLOR = '#1f4e79'

/**
 * Starts the background: message handling, badge counts, tab clean-up and the shortcut.
 * `lookup` gives the current look-ups (bundled index and turned-on packs); it is asked per
 * request, so a change of packs applies to the next request.
 */
export function startBackground(
  api: BackgroundApi,
  lookup: () => CatalogLookup | Promise<CatalogLookup>,
  meta: Pick<CompiledIndex, 'version' | 'reviewed'>,
): void {
  const flags = new TabFlags(api.storage.session)

  const setBadge = (tabId: number, count: number): Promise<void> =>
    // The tab may have closed since the report: nothing to update then.
    api.action
      .setBadgeText({ tabId, text: badgeText(count) })
      .catch(debugCatch(`background: badge text of tab ${tabId}`))

  void api.action
    .setBadgeBackgroundColor({ color: BADGE_COLOR })
    .catch(debugCatch('background: badge colour'))

  const handle = async (
    request: BackgroundRequest,
    sender: Runtime.MessageSender,
  ): Promise<unknown> => {
    switch (request.type) {
      case 'lookup':
        return lookupKeys(await lookup(), request.keys)
      case 'entry':
        return entryView(await lookup(), meta, request.id, request.tag)
      case 'flagged': {
        const tabId = sender.tab?.id
        if (tabId === undefined || tabId < 0) return undefined
        const { documentId } = sender as { documentId?: unknown }
        const count = await flags.report(
          tabId,
          sender.frameId ?? 0,
          cleanTags(request.tags),
          typeof documentId === 'string' ? documentId : undefined,
        )
        await setBadge(tabId, count)
        return undefined
      }
      case 'tab-state':
        return Number.isInteger(request.tabId) ? flags.state(request.tabId) : { frames: [] }
      case 'dismiss': {
        // To every frame of the sender's tab (no frameId): only the one with a card acts.
        const tabId = sender.tab?.id
        if (tabId !== undefined && tabId >= 0) {
          await api.tabs
            .sendMessage(tabId, { type: 'dismiss' })
            .catch(debugCatch(`background: dismiss the cards of tab ${tabId}`))
        }
        return undefined
      }
    }
  }

  api.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    // Only this extension's own scripts and pages; never another extension.
    if (sender.id !== api.runtime.id) return undefined
    if (!hasType<BackgroundRequest>(message, REQUEST_TYPES)) return undefined
    return handle(message, sender)
  })

  // Status 'loading': a new document, whose frames will report afresh, or (Chrome) a
  // same-document navigation, whose reports still hold. Suspended reports are checked when the
  // tab completes (see tab-flags.ts). Neither event needs the "tabs" permission.
  api.tabs.onUpdated.addListener((tabId, changeInfo) => {
    if (changeInfo.status === 'loading') {
      void flags.suspend(tabId).then((count) => setBadge(tabId, count))
    } else if (changeInfo.status === 'complete') {
      void settleSuspended(api, flags, tabId).then((count) => {
        if (count !== null) return setBadge(tabId, count)
      })
    }
  })
  api.tabs.onRemoved.addListener((tabId) => {
    void flags.clear(tabId)
  })

  api.commands?.onCommand.addListener((command, tab) => {
    if (command !== 'next-hashtag') return
    void stepInTab(api, flags, tab)
  })
}

/** How long a suspended document has to answer before it counts as gone. */
const PING_TIMEOUT_MS = 1_000

/**
 * Asks each suspended document of the tab whether it still exists (Chrome's documentId
 * addressing: a replaced or unloaded document cannot answer) and restores or drops its report.
 * Returns the new total, or null when nothing was suspended.
 */
async function settleSuspended(
  api: BackgroundApi,
  flags: TabFlags,
  tabId: number,
): Promise<number | null> {
  const suspended = await flags.suspended(tabId)
  if (suspended.length === 0) return null
  let count = 0
  await Promise.all(
    suspended.map(async (frame) => {
      const alive = await Promise.race([
        api.tabs.sendMessage(tabId, { type: 'host' }, { documentId: frame.documentId }).then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), PING_TIMEOUT_MS)),
      ])
      // Settles run one at a time in the store; the one that runs last sees the final total.
      count = await flags.settle(tabId, frame, alive)
    }),
  )
  return count
}

/**
 * Sends the "next hashtag" step to one frame of the active tab: the top frame when it has
 * flagged tags, else the first frame that has. Sending to every frame would open a card in each.
 */
async function stepInTab(api: BackgroundApi, flags: TabFlags, tab?: Tabs.Tab): Promise<void> {
  const tabId = tab?.id ?? (await api.tabs.query({ active: true, currentWindow: true }))[0]?.id
  if (tabId === undefined) return
  const { frames } = await flags.state(tabId)
  const frameId = frames[0]?.frameId ?? 0
  await api.tabs
    .sendMessage(tabId, { type: 'step', direction: 1 }, { frameId })
    .catch(debugCatch(`background: next-hashtag step to tab ${tabId} frame ${frameId}`))
}
