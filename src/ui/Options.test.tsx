// @vitest-environment happy-dom
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { debug, isDebugLogging, setDebugLogging } from '../shared/debug.ts'
import { DEFAULT_SETTINGS, SETTINGS_KEY, type Settings } from '../shared/settings.ts'
import { muteKey, Options, siteHost } from './Options.tsx'
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
let root: HTMLElement

const stored = (): Settings => fake.sync.data.get(SETTINGS_KEY) as Settings

async function renderOptions(): Promise<void> {
  await act(() => render(<Options index={testIndex} />, root))
  await vi.waitFor(() => expect(root.querySelector('[aria-busy]')).toBeNull())
}

function byLabel<T extends HTMLElement>(label: string): T {
  const labelElement = [...root.querySelectorAll('label')].find(
    (element) => element.textContent?.trim() === label,
  )
  const control = labelElement?.htmlFor
    ? root.querySelector<T>(`[id="${labelElement.htmlFor}"]`)
    : labelElement?.querySelector<T>('input')
  if (!control) throw new Error(`no control labelled "${label}"`)
  return control
}

async function type(input: HTMLInputElement, value: string): Promise<void> {
  await act(() => {
    input.value = value
    input.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

async function submit(input: HTMLInputElement): Promise<void> {
  await act(() => input.form?.requestSubmit())
}

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
  setDebugLogging(false)
})

describe('muted hashtags', () => {
  it('stores what the user types as its lookup key and shows it as #tag', async () => {
    await renderOptions()
    const input = byLabel<HTMLInputElement>('Hashtag to mute')
    await type(input, '＃ＳｏｆｔＣｏｕｐ')
    await submit(input)
    await vi.waitFor(() => expect(stored().mutedTags).toEqual(['softcoup']))
    expect(root.querySelector('.chips')?.textContent).toContain('#softcoup')
    expect(input.value).toBe('')
  })

  it('rejects text that is not a hashtag, with a message', async () => {
    await renderOptions()
    const input = byLabel<HTMLInputElement>('Hashtag to mute')
    await type(input, 'two words')
    await submit(input)
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      'Enter one hashtag, such as #example.',
    )
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(fake.sync.data.has(SETTINGS_KEY)).toBe(false)
  })

  it('unmutes with the button named after the tag', async () => {
    fake.sync.data.set(SETTINGS_KEY, { ...DEFAULT_SETTINGS, mutedTags: ['cult', 'softcoup'] })
    await renderOptions()
    const unmute = root.querySelector<HTMLButtonElement>('button[aria-label="Unmute #cult"]')
    await act(() => unmute?.click())
    await vi.waitFor(() => expect(stored().mutedTags).toEqual(['softcoup']))
  })
})

describe('other settings', () => {
  it('saves the hover delay when the slider is released', async () => {
    await renderOptions()
    const slider = byLabel<HTMLInputElement>('Delay before a card opens on hover')
    expect(slider.value).toBe(String(DEFAULT_SETTINGS.hoverDelayMs))
    await act(() => {
      slider.value = '750'
      slider.dispatchEvent(new Event('input', { bubbles: true }))
    })
    expect(root.querySelector('output')?.textContent).toBe('750 ms')
    expect(fake.sync.data.has(SETTINGS_KEY)).toBe(false)
    await act(() => {
      slider.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await vi.waitFor(() => expect(stored().hoverDelayMs).toBe(750))
  })

  it('adds a turned-off site from a pasted URL and switches the mark style', async () => {
    await renderOptions()
    const site = byLabel<HTMLInputElement>('Site')
    await type(site, 'https://News.Example.com:8080/story')
    await submit(site)
    await vi.waitFor(() => expect(stored().disabledSites).toEqual(['news.example.com']))
    await act(() => byLabel<HTMLInputElement>('Outline').click())
    await vi.waitFor(() => expect(stored().markStyle).toBe('outline'))
  })

  it('turns developer logging on and off from its switch, in storage and in this page', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    await renderOptions()
    const toggle = byLabel<HTMLInputElement>('Log errors to the console')
    expect(toggle.checked).toBe(false)
    debug('options test: before', new Error('hidden'))
    expect(warn).not.toHaveBeenCalled()

    await act(() => toggle.click())
    await vi.waitFor(() => expect(stored().debug).toBe(true))
    expect(isDebugLogging()).toBe(true)
    debug('options test: after', new Error('shown'))
    expect(warn).toHaveBeenCalledWith('[hashtag-context] options test: after:', new Error('shown'))

    await act(() => toggle.click())
    await vi.waitFor(() => expect(stored().debug).toBe(false))
    expect(isDebugLogging()).toBe(false)
  })

  it('shows changes made in another window', async () => {
    await renderOptions()
    const master = byLabel<HTMLInputElement>('Mark flagged hashtags on web pages')
    expect(master.checked).toBe(true)
    await act(() => fake.sync.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, enabled: false } }))
    await vi.waitFor(() => expect(master.checked).toBe(false))
  })
})

describe('input parsing', () => {
  it('takes a hashtag in any case or width, with or without its hash sign', () => {
    expect(['#SoftCoup', 'softcoup', '＃ＳｏｆｔＣｏｕｐ', ' #SOFTCOUP '].map(muteKey)).toEqual(
      Array(4).fill('softcoup'),
    )
    expect(['', '#', '#123', 'a b', '#a#b', 'https://x'].map(muteKey)).toEqual(Array(6).fill(null))
  })

  it('takes a host name or a URL', () => {
    expect(siteHost('Example.COM')).toBe('example.com')
    expect(siteHost('http://127.0.0.1:8080/x')).toBe('127.0.0.1')
    expect(siteHost('not a host')).toBeNull()
    expect(siteHost('  ')).toBeNull()
  })
})
