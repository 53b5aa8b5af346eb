import { beforeEach, describe, expect, it } from 'vitest'
import type { Runtime } from 'webextension-polyfill'
import { createCatalogLookup } from '../index/catalog.ts'
import type { EntryView, FlaggedTag, LookupReply, TabState } from '../shared/messages.ts'
import { FakeArea, FakeEvent } from '../ui/test-support/fake-browser.ts'
import { testIndex } from '../ui/test-support/test-index.ts'
import { startBackground, type BackgroundApi } from './background.ts'

const EXTENSION_ID = 'hashtag-context-test'

function fakeApi(session: FakeArea) {
  const onMessage = new FakeEvent<[unknown, Runtime.MessageSender]>()
  const onUpdated = new FakeEvent<[number, { status?: string }]>()
  const onRemoved = new FakeEvent<[number]>()
  const onCommand = new FakeEvent<[string, { id?: number } | undefined]>()
  const badges = new Map<number, string>()
  const sent: { tabId: number; message: unknown; frameId?: number }[] = []
  /** Chrome documentIds that still exist (answer messages addressed to them). */
  const aliveDocuments = new Set<string>()
  const api = {
    runtime: { id: EXTENSION_ID, onMessage },
    tabs: {
      onUpdated,
      onRemoved,
      query: () => Promise.resolve([{ id: 1 }]),
      sendMessage: (
        tabId: number,
        message: unknown,
        options?: { frameId?: number; documentId?: string },
      ) => {
        if (options?.documentId !== undefined) {
          return aliveDocuments.has(options.documentId)
            ? Promise.resolve('example.com')
            : Promise.reject(new Error('No document with id'))
        }
        sent.push({ tabId, message, frameId: options?.frameId })
        return Promise.resolve(undefined)
      },
    },
    action: {
      setBadgeText: ({ tabId, text }: { tabId: number; text: string }) => {
        badges.set(tabId, text)
        return Promise.resolve()
      },
      setBadgeBackgroundColor: () => Promise.resolve(),
    },
    commands: { onCommand },
    storage: { session },
  }
  const lookup = createCatalogLookup(testIndex, [])
  startBackground(api as unknown as BackgroundApi, () => lookup, testIndex)
  /** Sends a message as the given sender and awaits the background's reply. */
  const send = async (message: unknown, sender: Partial<Runtime.MessageSender> = {}) => {
    const [reply] = onMessage.dispatch(message, { id: EXTENSION_ID, ...sender })
    return reply === undefined ? undefined : await (reply as Promise<unknown>)
  }
  return { send, onUpdated, onRemoved, onCommand, badges, sent, aliveDocuments }
}

const tags = (...keys: string[]): FlaggedTag[] =>
  keys.map((key) => ({ tag: key, key, entryId: testIndex.tags[key] ?? '' }))

const fromFrame = (tabId: number, frameId: number, documentId?: string) => ({
  tab: { id: tabId } as never,
  frameId,
  ...(documentId ? { documentId } : {}),
})

let session: FakeArea
let bg: ReturnType<typeof fakeApi>

beforeEach(() => {
  session = new FakeArea('session', new FakeEvent())
  bg = fakeApi(session)
})

describe('lookup and entry requests', () => {
  it('answers a batch of keys with the entries found', async () => {
    const reply = (await bg.send({ type: 'lookup', keys: ['softcoup', 'cult'] })) as LookupReply
    expect(reply).toEqual({ found: { softcoup: 'softcoup' } })
  })

  it('answers an entry with its view, and null for an unknown id', async () => {
    const view = (await bg.send({ type: 'entry', id: 'wesupportcorbyn' })) as EntryView
    expect(view.entry.hashtags).toEqual(['WeSupportCorbyn'])
    expect(view.sources['blog-c']?.kind).toBe('opinion-blog')
    expect(await bg.send({ type: 'entry', id: 'nope' })).toBeNull()
  })

  it('ignores messages from other extensions and unknown message types', async () => {
    expect(await bg.send({ type: 'lookup', keys: ['softcoup'] }, { id: 'other' })).toBeUndefined()
    expect(await bg.send({ type: 'evil' })).toBeUndefined()
  })
})

describe('flagged counts and the badge', () => {
  it('sums the occurrences of every frame of a tab, per tab', async () => {
    await bg.send({ type: 'flagged', tags: tags('softcoup', 'softcoup') }, fromFrame(1, 0))
    await bg.send({ type: 'flagged', tags: tags('wesupportcorbyn') }, fromFrame(1, 5))
    await bg.send({ type: 'flagged', tags: tags('softcoup') }, fromFrame(2, 0))
    expect(bg.badges.get(1)).toBe('3')
    expect(bg.badges.get(2)).toBe('1')
    const state = (await bg.send({ type: 'tab-state', tabId: 1 })) as TabState
    expect(state.frames.map((frame) => [frame.frameId, frame.tags.length])).toEqual([
      [0, 2],
      [5, 1],
    ])
  })

  it("replaces a frame's previous report and clears the badge at zero", async () => {
    await bg.send({ type: 'flagged', tags: tags('softcoup', 'softcoup') }, fromFrame(1, 0))
    await bg.send({ type: 'flagged', tags: tags('softcoup') }, fromFrame(1, 0))
    expect(bg.badges.get(1)).toBe('1')
    await bg.send({ type: 'flagged', tags: [] }, fromFrame(1, 0))
    expect(bg.badges.get(1)).toBe('')
  })

  it('drops malformed tags from a report', async () => {
    await bg.send(
      { type: 'flagged', tags: [{ tag: 'x' }, ...tags('softcoup'), 'junk'] },
      fromFrame(1, 0),
    )
    expect(bg.badges.get(1)).toBe('1')
  })

  it('keeps the counts through a same-document navigation (Chrome: pushState)', async () => {
    bg.aliveDocuments.add('doc-top')
    await bg.send({ type: 'flagged', tags: tags('softcoup') }, fromFrame(1, 0, 'doc-top'))
    expect(bg.badges.get(1)).toBe('1')
    bg.onUpdated.dispatch(1, { status: 'loading' })
    await expect.poll(() => bg.badges.get(1)).toBe('')
    bg.onUpdated.dispatch(1, { status: 'complete' })
    await expect.poll(() => bg.badges.get(1)).toBe('1')
    const state = (await bg.send({ type: 'tab-state', tabId: 1 })) as TabState
    expect(state.frames.map((frame) => frame.frameId)).toEqual([0])
  })

  it('drops the reports of documents a new page replaced (Chrome)', async () => {
    await bg.send({ type: 'flagged', tags: tags('softcoup') }, fromFrame(1, 0, 'old-top'))
    await bg.send({ type: 'flagged', tags: tags('softcoup') }, fromFrame(1, 6, 'old-frame'))
    bg.onUpdated.dispatch(1, { status: 'loading' })
    await expect.poll(() => bg.badges.get(1)).toBe('')
    bg.aliveDocuments.add('new-top')
    await bg.send({ type: 'flagged', tags: tags('wesupportcorbyn') }, fromFrame(1, 0, 'new-top'))
    bg.onUpdated.dispatch(1, { status: 'complete' })
    await expect
      .poll(async () => (await bg.send({ type: 'tab-state', tabId: 1 })) as TabState)
      .toEqual({
        frames: [{ frameId: 0, tags: tags('wesupportcorbyn') }],
      })
    expect(bg.badges.get(1)).toBe('1')
  })

  it('resets a tab when it starts loading a new page or closes', async () => {
    await bg.send({ type: 'flagged', tags: tags('softcoup') }, fromFrame(1, 0))
    await bg.send({ type: 'flagged', tags: tags('softcoup') }, fromFrame(2, 0))
    bg.onUpdated.dispatch(1, { status: 'complete' })
    bg.onUpdated.dispatch(1, { status: 'loading' })
    bg.onRemoved.dispatch(2)
    await expect.poll(() => bg.badges.get(1)).toBe('')
    expect(await bg.send({ type: 'tab-state', tabId: 1 })).toEqual({ frames: [] })
    expect(await bg.send({ type: 'tab-state', tabId: 2 })).toEqual({ frames: [] })
  })

  it('keeps the counts when the service worker is restarted', async () => {
    await bg.send({ type: 'flagged', tags: tags('softcoup') }, fromFrame(1, 0))
    await bg.send({ type: 'flagged', tags: tags('wesupportcorbyn') }, fromFrame(1, 3))
    const restarted = fakeApi(session)
    await restarted.send({ type: 'flagged', tags: tags('softcoup', 'softcoup') }, fromFrame(1, 0))
    expect(restarted.badges.get(1)).toBe('3')
  })
})

describe('the next-hashtag command', () => {
  it('steps in the first frame of the active tab that has flagged tags', async () => {
    await bg.send({ type: 'flagged', tags: tags('softcoup') }, fromFrame(1, 4))
    bg.onCommand.dispatch('next-hashtag', { id: 1 })
    await expect
      .poll(() => bg.sent)
      .toEqual([{ tabId: 1, message: { type: 'step', direction: 1 }, frameId: 4 }])
  })

  it('steps in the top frame when nothing is flagged, and ignores other commands', async () => {
    bg.onCommand.dispatch('something-else', { id: 1 })
    bg.onCommand.dispatch('next-hashtag', undefined)
    await expect
      .poll(() => bg.sent)
      .toEqual([{ tabId: 1, message: { type: 'step', direction: 1 }, frameId: 0 }])
  })

  it("relays Esc from a frame without a card to every frame of the sender's tab, and nowhere else", async () => {
    await bg.send({ type: 'dismiss' }, fromFrame(4, 2))
    expect(bg.sent).toEqual([{ tabId: 4, message: { type: 'dismiss' }, frameId: undefined }])
    // From an extension page (no tab): nothing to close.
    await bg.send({ type: 'dismiss' })
    expect(bg.sent).toHaveLength(1)
  })
})
