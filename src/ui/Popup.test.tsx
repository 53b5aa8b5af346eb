// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLookup } from '../index/lookup.ts'
import { DEFAULT_SETTINGS, SETTINGS_KEY, type Settings } from '../shared/settings.ts'
import type { BackgroundRequest, ContentRequest, TabState } from '../shared/messages.ts'
import { Popup } from './Popup.tsx'
import { getMessage } from '../shared/test-support/get-message.ts'
import { fakeBrowser } from './test-support/fake-browser.ts'
import { testIndex } from './test-support/test-index.ts'

vi.mock('webextension-polyfill', async () => ({
  default: (await import('./test-support/fake-browser.ts')).fakeBrowser.browser,
}))
// Code that also runs in the content script reaches the API without the polyfill.
vi.mock('../shared/ext.ts', async () => {
  const { fakeBrowser: fb } = await import('./test-support/fake-browser.ts')
  return { ext: () => fb.browser }
})

const { fake } = fakeBrowser
const lookup = createLookup(testIndex)
let root: HTMLElement

/** A background that knows the test index and reports `state` for tab 7. */
function background(state: TabState) {
  return (message: unknown): unknown => {
    const request = message as BackgroundRequest
    if (request.type === 'tab-state') return request.tabId === 7 ? state : { frames: [] }
    if (request.type === 'entry') {
      const entry = lookup.entry(request.id)
      return entry ? { entry, sources: {}, related: [], index: testIndex } : null
    }
    return undefined
  }
}

/** Content scripts that answer 'host' with `host` in every frame of tab 7. */
function pageOn(host: string) {
  return (tabId: number, message: unknown): unknown => {
    if (tabId !== 7) throw new Error('Receiving end does not exist.')
    return (message as ContentRequest).type === 'host' ? host : undefined
  }
}

const flagged = (key: string, tag = key) => ({ tag, key, entryId: testIndex.tags[key] ?? '' })

async function renderPopup(): Promise<void> {
  await act(() => render(<Popup />, root))
  await vi.waitFor(() => expect(root.querySelector('[aria-busy]')).toBeNull())
}

const text = () => root.textContent ?? ''

beforeEach(() => {
  fakeBrowser.reset()
  vi.stubGlobal('chrome', { i18n: { getMessage } })
  root = document.createElement('div')
  document.body.append(root)
})

afterEach(() => {
  render(null, root)
  root.remove()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('Popup', () => {
  it('lists each flagged hashtag once with its count and entry title', async () => {
    fake.background = background({
      frames: [
        { frameId: 0, tags: [flagged('softcoup', 'SoftCoup'), flagged('wesupportcorbyn')] },
        { frameId: 3, tags: [flagged('softcoup', 'softcoup')] },
      ],
    })
    fake.content = pageOn('example.com')
    await renderPopup()
    const items = [...root.querySelectorAll('li button')]
    expect(items.map((item) => item.getAttribute('aria-label'))).toEqual([
      '#SoftCoup The 2017 “soft coup” claim, 2 found: show it on the page',
      '#wesupportcorbyn The November 2020 #WeSupportCorbyn storm, 1 found: show it on the page',
    ])
    expect(items[0]?.textContent).toContain('#SoftCoup')
  })

  it('names the pack of a flagged entry that comes from one', async () => {
    const base = background({ frames: [{ frameId: 0, tags: [flagged('softcoup', 'SoftCoup')] }] })
    fake.background = (message: unknown) => {
      const reply = base(message) as Record<string, unknown> | null | undefined
      return (message as BackgroundRequest).type === 'entry' && reply
        ? {
            ...reply,
            pack: {
              id: 'np',
              name: 'Newsroom pack',
              publisher: 'N',
              version: '1',
              reviewed: '2026-01-01',
            },
          }
        : reply
    }
    fake.content = pageOn('example.com')
    await renderPopup()
    expect(root.querySelector('li button')?.getAttribute('aria-label')).toBe(
      '#SoftCoup The 2017 “soft coup” claim (from the pack “Newsroom pack”), 1 found: show it on the page',
    )
  })

  it('reveals the first occurrence in its own frame and closes', async () => {
    fake.background = background({
      frames: [
        { frameId: 0, tags: [flagged('wesupportcorbyn')] },
        { frameId: 3, tags: [flagged('wesupportcorbyn'), flagged('softcoup')] },
      ],
    })
    fake.content = pageOn('example.com')
    const close = vi.spyOn(window, 'close').mockImplementation(() => undefined)
    await renderPopup()
    const button = [...root.querySelectorAll<HTMLButtonElement>('li button')].find((b) =>
      b.textContent?.includes('#softcoup'),
    )
    await act(() => button?.click())
    await vi.waitFor(() => expect(close).toHaveBeenCalled())
    expect(fake.sentToContent.at(-1)).toEqual({
      tabId: 7,
      message: { type: 'reveal', nth: 1 },
      frameId: 3,
    })
  })

  it('says when the page has no flagged hashtags', async () => {
    fake.background = background({ frames: [] })
    fake.content = pageOn('example.com')
    await renderPopup()
    expect(text()).toContain('No flagged hashtags on this page')
    expect(root.querySelector('li')).toBeNull()
  })

  it('says the extension cannot run where no content script answers', async () => {
    fake.background = background({ frames: [] })
    await renderPopup()
    expect(text()).toContain('cannot run on this page')
    expect(root.querySelector('input[role="switch"]')).toBeNull()
  })

  it('turns the extension off and on again for the current site', async () => {
    fake.background = background({ frames: [] })
    fake.content = pageOn('News.Example.com')
    fake.sync.data.set(SETTINGS_KEY, { ...DEFAULT_SETTINGS, disabledSites: ['other.org'] })
    await renderPopup()
    const toggle = root.querySelector<HTMLInputElement>('input[role="switch"]')
    expect(toggle?.closest('label')?.textContent).toContain('Active on news.example.com')
    expect(toggle?.checked).toBe(true)

    await act(() => toggle?.click())
    await vi.waitFor(() =>
      expect((fake.sync.data.get(SETTINGS_KEY) as Settings).disabledSites).toEqual([
        'other.org',
        'news.example.com',
      ]),
    )
    await vi.waitFor(() => expect(toggle?.checked).toBe(false))

    await act(() => toggle?.click())
    await vi.waitFor(() =>
      expect((fake.sync.data.get(SETTINGS_KEY) as Settings).disabledSites).toEqual(['other.org']),
    )
    expect(toggle?.checked).toBe(true)
  })
})
