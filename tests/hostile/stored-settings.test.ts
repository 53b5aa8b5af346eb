/**
 * Corrupt settings in extension storage (an older version's shape, a bad sync), on the built
 * extension in Chromium: what is stored is written in the extension's own service worker, then a
 * page is opened. The content script must work with the valid fields kept and the broken ones
 * at their defaults, and the repaired settings must be written back. (The repair itself is
 * property-tested in src/shared/settings.test.ts and the write-back in storage.test.ts; this is
 * the same path through the real storage.sync of a real browser.)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import index from 'virtual:fact-index'
import { createLookup } from '../../src/index/lookup.ts'
import { DEFAULT_SETTINGS } from '../../src/shared/settings.ts'
import { requireBrowser } from '../e2e/lib/browsers.ts'
import { waitFor } from '../e2e/lib/wait-for.ts'
import { extensionWorker } from './lib/badge.ts'
import { html, servePages, type PageServer } from './lib/pages.ts'
import { hoverCard, markStyles, marks, openSession, type Session } from './lib/session.ts'

const SOFT = createLookup(index).find('SoftCoup')?.title
if (!SOFT) throw new Error('the fact index has no #SoftCoup entry')

interface StorageApi {
  chrome: {
    storage: {
      sync: {
        set(items: object): Promise<void>
        get(key: string): Promise<Record<string, unknown>>
        clear(): Promise<void>
      }
      local: { clear(): Promise<void> }
    }
  }
}

const PAGE = html({ body: '<p>Read #SoftCoup now.</p><p>And #WeSupportCorbyn too.</p>' })

let server: PageServer

beforeAll(async () => {
  server = await servePages()
})

afterAll(async () => {
  await server?.close()
})

describe('chromium: corrupt settings in storage.sync', () => {
  let session: Session

  beforeAll(async () => {
    requireBrowser('chromium')
    session = await openSession('chromium')
  })

  afterAll(async () => {
    await session?.close()
  })

  // Each test answers for the errors of its own steps.
  beforeEach(() => {
    if (session) session.errors.length = 0
  })

  const store = async (value: unknown): Promise<void> => {
    const worker = await extensionWorker(session.chromium!.context)
    await worker.evaluate(async (settings) => {
      const { chrome } = globalThis as unknown as StorageApi
      await chrome.storage.local.clear()
      await chrome.storage.sync.clear()
      await chrome.storage.sync.set({ settings })
    }, value)
  }

  const stored = async (): Promise<unknown> => {
    const worker = await extensionWorker(session.chromium!.context)
    return worker.evaluate(
      async () =>
        (await (globalThis as unknown as StorageApi).chrome.storage.sync.get('settings')).settings,
    )
  }

  it('keeps the valid fields, resets the broken ones, works, and writes the repair back', async () => {
    await store({
      enabled: 'yes',
      hoverDelayMs: 1e9,
      markStyle: 'outline',
      mutedTags: ['wesupportcorbyn', 42],
      disabledSites: ['Example.COM:8080'],
      fromAnOlderVersion: { theme: 'dark' },
    })
    await session.driver.goto(server.page('settings.html', PAGE))
    // markStyle was valid: kept. mutedTags held a number: reset, so #WeSupportCorbyn is marked.
    const found = await waitFor(
      'the marks',
      () => marks(session),
      (t) => t.length === 2,
    )
    expect(found.sort()).toEqual(['#SoftCoup', '#WeSupportCorbyn'])
    expect(await markStyles(session)).toEqual(['outline'])
    // hoverDelayMs was out of range: back to the default, so a card opens as usual.
    await hoverCard(session, '#SoftCoup', SOFT)
    await waitFor('the repaired settings', stored, (value) => {
      const s = value as Record<string, unknown> | undefined
      return s?.enabled === true
    })
    expect(await stored()).toEqual({
      ...DEFAULT_SETTINGS,
      markStyle: 'outline',
      disabledSites: ['example.com'],
    })
    expect(session.errors).toEqual([])
  })

  it('starts from the defaults when the stored value is not settings at all', async () => {
    await store('{"enabled": false} (a string, not an object)')
    await session.driver.goto(server.page('settings.html', PAGE))
    await waitFor(
      'the marks',
      () => marks(session),
      (t) => t.length === 2,
    )
    expect(await markStyles(session)).toEqual(['underline'])
    await waitFor('the defaults written back', stored, (value) => typeof value === 'object')
    expect(await stored()).toEqual(DEFAULT_SETTINGS)
    expect(session.errors).toEqual([])
  })
})
