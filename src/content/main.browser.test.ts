/**
 * The entry point against a fake extension: a promise-based `chrome` as Chromium's MV3 API is
 * (the content script uses the browser's API directly, src/shared/ext.ts). The tests run in order and share one booted instance,
 * as a content script's frame would.
 */
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { BackgroundRequest } from '../shared/messages.ts'
import { fakeResolve, mount, testSettings, viewOf } from './test-support/fixtures.ts'
import { markBoxes } from './test-support/marks-view.ts'
import { HOST_TAG } from './skip.ts'

type Listener = (...args: unknown[]) => unknown

function event() {
  const listeners = new Set<Listener>()
  return {
    listeners,
    addListener: (f: Listener) => void listeners.add(f),
    removeListener: (f: Listener) => void listeners.delete(f),
    hasListener: (f: Listener) => listeners.has(f),
  }
}

const sent: BackgroundRequest[] = []
/** Resolves on a later task, as the browser's API does. */
const later = <T>(value: T): Promise<T> => new Promise((done) => setTimeout(() => done(value), 0))
const { resolve } = fakeResolve()
const onMessage = event()
const onChanged = event()
let stored: unknown = testSettings()

const runtime = {
  id: 'hashtag-context-test' as string | undefined,
  lastError: undefined,
  sendMessage(message: BackgroundRequest): Promise<unknown> {
    sent.push(message)
    const reply =
      message.type === 'lookup'
        ? resolve(message.keys).then((found) => ({ found }))
        : message.type === 'entry'
          ? Promise.resolve(viewOf(message.id))
          : Promise.resolve(undefined)
    return reply.then((r) => new Promise((done) => setTimeout(() => done(r), 0)))
  },
  onMessage,
}
const chromeGlobal = (globalThis as unknown as { chrome: Record<string, unknown> }).chrome
Object.assign(chromeGlobal, {
  runtime: { ...(chromeGlobal.runtime as object), ...runtime },
  storage: {
    sync: {
      get: () => later({ settings: stored }),
      set: (items: { settings: unknown }) => {
        stored = items.settings
        return later(undefined)
      },
      remove: () => later(undefined),
    },
    local: {
      get: () => later({}),
      set: () => later(undefined),
      remove: () => later(undefined),
    },
    onChanged,
  },
})
const fakeRuntime = chromeGlobal.runtime as typeof runtime

const container = mount(
  '<p>#SoftCoup and <a href="/hashtag/WeSupportCorbyn">#WeSupportCorbyn</a></p>',
)
afterAll(() => {
  // Let the last instance go as an extension reload would (its next periodic check).
  fakeRuntime.id = undefined
  container.remove()
})

/** Delivers a message as the background would, and the reply the content script sends. */
function deliver(message: unknown): Promise<unknown> {
  return new Promise((resolveReply) => {
    let answered = false
    for (const f of onMessage.listeners) {
      const keep = f(message, {}, (reply: unknown) => {
        answered = true
        resolveReply(reply)
      })
      if (keep === true) return
    }
    if (!answered) resolveReply(undefined)
  })
}

function changeSettings(next: unknown): void {
  const old = stored
  stored = next
  for (const f of onChanged.listeners) f({ settings: { oldValue: old, newValue: next } }, 'sync')
}

const reports = () => sent.filter((m) => m.type === 'flagged')
/** The marks painted now, by style: what a reader sees. */
const painted = (style = 'underline') => markBoxes().filter((b) => b.style === style).length

describe('content script entry', () => {
  it('loads settings, marks flagged tags and reports them to the background', async () => {
    await import('./main.ts')
    await vi.waitFor(() => expect(painted()).toBe(2))
    expect(sent.find((m) => m.type === 'lookup')).toEqual({
      type: 'lookup',
      keys: ['softcoup', 'wesupportcorbyn'],
    })
    await vi.waitFor(() =>
      expect(reports().at(-1)).toEqual({
        type: 'flagged',
        tags: [
          { tag: 'SoftCoup', key: 'softcoup', entryId: 'soft-coup' },
          { tag: 'WeSupportCorbyn', key: 'wesupportcorbyn', entryId: 'we-support-corbyn' },
        ],
      }),
    )
  })

  it('answers the host, reveal and step requests', async () => {
    expect(await deliver({ type: 'host' })).toBe(location.hostname)
    expect(await deliver({ type: 'reveal', nth: 1 })).toBe(true)
    expect(sent).toContainEqual({ type: 'entry', id: 'we-support-corbyn', tag: '#WeSupportCorbyn' })
    expect(await deliver({ type: 'step', direction: 1 })).toBe(true)
    expect(await deliver({ type: 'reveal', nth: 9 })).toBe(false)
    expect(await deliver({ type: 'step', direction: 2 })).toBe(false)
    expect(await deliver({ type: 'something-else' })).toBeUndefined()
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
  })

  it('does not start a second instance in the same frame', async () => {
    const listeners = onMessage.listeners.size
    await import(/* @vite-ignore */ `./main.ts?again=${Date.now()}`)
    expect(onMessage.listeners.size).toBe(listeners)
  })

  it('turns off at once on a disabled site, keeps listening, and turns on again', async () => {
    changeSettings(testSettings({ disabledSites: [location.hostname] }))
    await vi.waitFor(() => expect(markBoxes()).toEqual([]))
    expect(document.querySelector(HOST_TAG)).toBeNull()
    await vi.waitFor(() => expect(reports().at(-1)).toEqual({ type: 'flagged', tags: [] }))
    expect(await deliver({ type: 'step', direction: 1 })).toBe(false)
    changeSettings(testSettings({ markStyle: 'highlight' }))
    await vi.waitFor(() => expect(painted('highlight')).toBe(2))
  })

  it('tears everything down when the extension context is gone', async () => {
    fakeRuntime.id = undefined
    // Within the periodic check (2 s): Chrome keeps running a dead context's script.
    await vi.waitFor(() => expect(document.querySelector(HOST_TAG)).toBeNull(), {
      timeout: 3_000,
    })
    expect(onMessage.listeners.size).toBe(0)
    expect(onChanged.listeners.size).toBe(0)
    // Nothing reacts to the page any more.
    const added = mount('<p>#SoftCoup</p>')
    await new Promise((r) => setTimeout(r, 50))
    expect(document.querySelector(HOST_TAG)).toBeNull()
    added.remove()
  })

  it('lets a new instance start once the old one is dead', async () => {
    fakeRuntime.id = 'hashtag-context-test'
    await import(/* @vite-ignore */ `./main.ts?reloaded=${Date.now()}`)
    await vi.waitFor(() => expect(painted('highlight')).toBe(2))
    expect(onMessage.listeners.size).toBe(1)
  })
})
