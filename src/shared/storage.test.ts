import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeBrowser } from '../ui/test-support/fake-browser.ts'
import { DEFAULT_SETTINGS, SETTINGS_KEY, type Settings } from './settings.ts'
import { isDebugLogging, setDebugLogging } from './debug.ts'
import { followDebugSetting, loadSettings, onSettingsChanged, saveSettings } from './storage.ts'

vi.mock('webextension-polyfill', async () => ({
  default: (await import('../ui/test-support/fake-browser.ts')).fakeBrowser.browser,
}))
// Code that also runs in the content script reaches the API without the polyfill.
vi.mock('./ext.ts', async () => {
  const { fakeBrowser: fb } = await import('../ui/test-support/fake-browser.ts')
  return { ext: () => fb.browser }
})

const { fake } = fakeBrowser

beforeEach(() => fakeBrowser.reset())
afterEach(() => setDebugLogging(false))

describe('loadSettings', () => {
  it('gives the defaults when nothing is stored, without writing', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS)
    expect(fake.sync.writes + fake.local.writes).toBe(0)
  })

  it('repairs bad fields, keeps good ones, and writes the repaired settings back', async () => {
    fake.sync.data.set(SETTINGS_KEY, {
      enabled: false,
      hoverDelayMs: 'soon',
      markStyle: 'blink',
      mutedTags: ['softcoup'],
    })
    const settings = await loadSettings()
    expect(settings).toEqual({
      ...DEFAULT_SETTINGS,
      enabled: false,
      mutedTags: ['softcoup'],
    })
    expect(fake.sync.data.get(SETTINGS_KEY)).toEqual(settings)
  })

  it('reads storage.local when storage.sync is unavailable', async () => {
    fake.sync.failAll = true
    fake.local.data.set(SETTINGS_KEY, { ...DEFAULT_SETTINGS, markStyle: 'outline' })
    expect((await loadSettings()).markStyle).toBe('outline')
  })
})

describe('saveSettings', () => {
  it('merges a patch into the stored settings in storage.sync', async () => {
    await saveSettings({ mutedTags: ['cult'] })
    const saved = await saveSettings({ hoverDelayMs: 800 })
    expect(saved).toMatchObject({ mutedTags: ['cult'], hoverDelayMs: 800 })
    expect(fake.sync.data.get(SETTINGS_KEY)).toEqual(saved)
  })

  it('falls back to storage.local when sync refuses the write, and later reads see it', async () => {
    await saveSettings({ markStyle: 'highlight' })
    fake.sync.failWrites = true
    await saveSettings({ markStyle: 'outline' })
    expect(fake.sync.data.has(SETTINGS_KEY)).toBe(false)
    expect((fake.local.data.get(SETTINGS_KEY) as Settings).markStyle).toBe('outline')
    expect((await loadSettings()).markStyle).toBe('outline')
  })

  it('drops a patch value that is out of range instead of storing it', async () => {
    const saved = await saveSettings({ hoverDelayMs: 99_999 })
    expect(saved.hoverDelayMs).toBe(DEFAULT_SETTINGS.hoverDelayMs)
  })
})

describe('onSettingsChanged', () => {
  it('reports changes made elsewhere until its signal aborts', async () => {
    const seen: Settings[] = []
    const controller = new AbortController()
    onSettingsChanged((settings) => seen.push(settings), controller.signal)
    await fake.sync.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, enabled: false } })
    await vi.waitFor(() => expect(seen.at(-1)?.enabled).toBe(false))
    controller.abort()
    const count = seen.length
    await fake.sync.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, enabled: true } })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(seen.length).toBe(count)
  })

  it('ignores other keys', async () => {
    const seen: Settings[] = []
    onSettingsChanged((settings) => seen.push(settings), new AbortController().signal)
    await fake.local.set({ unrelated: 1 })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(seen).toEqual([])
  })
})

describe('the debug setting', () => {
  it('turns debug logging on in a context that reads the settings, and off again', async () => {
    fake.local.data.set(SETTINGS_KEY, { ...DEFAULT_SETTINGS, debug: true })
    await loadSettings()
    expect(isDebugLogging()).toBe(true)
    await saveSettings({ debug: false })
    expect(isDebugLogging()).toBe(false)
  })

  it('logs a sync write that storage refused, when on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    await saveSettings({ debug: true })
    fake.sync.failWrites = true
    await saveSettings({ markStyle: 'outline' })
    expect(warn.mock.calls.map((call) => String(call[0]))).toContain(
      '[hashtag-context] storage: sync write refused, writing to local:',
    )
    warn.mockRestore()
  })

  it('follows changes made elsewhere in a context that reads no settings (the background)', async () => {
    const controller = new AbortController()
    fake.sync.data.set(SETTINGS_KEY, { ...DEFAULT_SETTINGS, debug: true })
    followDebugSetting(controller.signal)
    await vi.waitFor(() => expect(isDebugLogging()).toBe(true))
    await fake.sync.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, debug: false } })
    await vi.waitFor(() => expect(isDebugLogging()).toBe(false))
    controller.abort()
  })
})
