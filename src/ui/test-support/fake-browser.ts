/**
 * Test double of the extension API for the popup, options and storage tests: in-memory
 * storage areas with onChanged, scripted runtime/tabs messaging, and i18n answered from the
 * real public/_locales/en/messages.json so tests read the strings a user reads.
 * Use with `vi.mock('webextension-polyfill', () => ({ default: fake.browser }))`.
 */
import { getMessage } from '../../shared/test-support/get-message.ts'

type Listener<A extends unknown[]> = (...args: A) => void

/** An extension event: addListener/removeListener plus a test-side dispatch. */
export class FakeEvent<A extends unknown[]> {
  readonly listeners = new Set<Listener<A>>()
  addListener = (listener: Listener<A>): void => void this.listeners.add(listener)
  removeListener = (listener: Listener<A>): void => void this.listeners.delete(listener)
  hasListener = (listener: Listener<A>): boolean => this.listeners.has(listener)
  /** Calls every listener; returns what they returned (replies, for onMessage). */
  dispatch(...args: A): unknown[] {
    return [...this.listeners].map((listener) => listener(...args))
  }
}

type Changes = Record<string, { oldValue?: unknown; newValue?: unknown }>

/** One storage area held in a Map; `failWrites`/`failAll` simulate a refusing sync area. */
export class FakeArea {
  readonly data = new Map<string, unknown>()
  failWrites = false
  failAll = false
  writes = 0

  constructor(
    readonly name: string,
    private readonly onChanged: FakeEvent<[Changes, string]>,
  ) {}

  get = async (key?: string | string[] | null): Promise<Record<string, unknown>> => {
    await Promise.resolve()
    if (this.failAll) throw new Error(`${this.name} storage is unavailable`)
    if (key == null) return Object.fromEntries(this.data)
    const keys = typeof key === 'string' ? [key] : key
    return Object.fromEntries(
      keys.filter((k) => this.data.has(k)).map((k) => [k, structuredClone(this.data.get(k))]),
    )
  }

  set = async (items: Record<string, unknown>): Promise<void> => {
    await Promise.resolve()
    if (this.failAll || this.failWrites) throw new Error(`${this.name}: QUOTA_BYTES_PER_ITEM`)
    this.writes++
    const changes: Changes = {}
    for (const [key, value] of Object.entries(items)) {
      changes[key] = { oldValue: this.data.get(key), newValue: structuredClone(value) }
      this.data.set(key, structuredClone(value))
    }
    this.onChanged.dispatch(changes, this.name)
  }

  remove = async (key: string): Promise<void> => {
    await Promise.resolve()
    if (this.failAll) throw new Error(`${this.name} storage is unavailable`)
    if (!this.data.has(key)) return
    const oldValue = this.data.get(key)
    this.data.delete(key)
    this.onChanged.dispatch({ [key]: { oldValue } }, this.name)
  }
}

/** A fresh fake; each test file builds one in vi.hoisted and resets it per test. */
export function createFakeBrowser() {
  const onChanged = new FakeEvent<[Changes, string]>()
  const fake = {
    sync: new FakeArea('sync', onChanged),
    local: new FakeArea('local', onChanged),
    session: new FakeArea('session', onChanged),
    /** Answers runtime.sendMessage (the background's side). */
    background: (_message: unknown): unknown => undefined,
    /** Answers tabs.sendMessage (the content scripts' side); throw to simulate no receiver. */
    content: (_tabId: number, _message: unknown, _frameId: number | undefined): unknown => {
      throw new Error('Could not establish connection. Receiving end does not exist.')
    },
    activeTab: { id: 7 } as { id?: number } | undefined,
    sentToContent: [] as { tabId: number; message: unknown; frameId: number | undefined }[],
    optionsOpened: 0,
  }
  const browser = {
    storage: {
      get sync() {
        return fake.sync
      },
      get local() {
        return fake.local
      },
      get session() {
        return fake.session
      },
      onChanged,
    },
    runtime: {
      id: 'test-extension',
      sendMessage: async (message: unknown): Promise<unknown> => {
        await Promise.resolve()
        return fake.background(message)
      },
      openOptionsPage: async (): Promise<void> => {
        fake.optionsOpened++
        await Promise.resolve()
      },
    },
    tabs: {
      query: async (): Promise<{ id?: number }[]> => {
        await Promise.resolve()
        return fake.activeTab ? [fake.activeTab] : []
      },
      sendMessage: async (
        tabId: number,
        message: unknown,
        options?: { frameId?: number },
      ): Promise<unknown> => {
        await Promise.resolve()
        fake.sentToContent.push({ tabId, message, frameId: options?.frameId })
        return fake.content(tabId, message, options?.frameId)
      },
    },
    i18n: { getMessage },
  }
  const reset = (): void => {
    for (const area of [fake.sync, fake.local, fake.session]) {
      area.data.clear()
      area.failWrites = false
      area.failAll = false
      area.writes = 0
    }
    onChanged.listeners.clear()
    fake.background = () => undefined
    fake.content = () => {
      throw new Error('Could not establish connection. Receiving end does not exist.')
    }
    fake.activeTab = { id: 7 }
    fake.sentToContent.length = 0
    fake.optionsOpened = 0
  }
  return { fake, browser, reset }
}

/**
 * The one fake per test file (module instances are per file in vitest). Mock with
 * `vi.mock('webextension-polyfill', async () => ({ default: (await import(…)).fakeBrowser.browser }))`.
 */
export const fakeBrowser = createFakeBrowser()
