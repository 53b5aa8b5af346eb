/**
 * The hostile suite's "no uncaught error" checks only mean something if an error thrown in a
 * content script would reach them. A canary extension (fixtures/canary-extension) throws an
 * uncaught error and leaves a promise rejection unhandled in its content script's world; the
 * session's error list must show both (in Chromium attributed to the extension's world), while
 * the real extension runs beside it without an error of its own.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireBrowser, type BrowserName } from '../e2e/lib/browsers.ts'
import { waitFor } from '../e2e/lib/wait-for.ts'
import { html, servePages, type PageServer } from './lib/pages.ts'
import { extensionDir, marks, openSession, waitForMarks, type Session } from './lib/session.ts'

const CANARY = path.join(import.meta.dirname, 'fixtures', 'canary-extension')

let server: PageServer

beforeAll(async () => {
  server = await servePages()
})

afterAll(async () => {
  await server?.close()
})

describe.each<BrowserName>(['chromium', 'firefox'])('%s: the error detector', (name) => {
  let session: Session

  beforeAll(async () => {
    requireBrowser(name)
    if (name === 'chromium') {
      // Both unpacked extensions: the flags take comma-separated lists.
      session = await openSession(name, { extension: `${extensionDir(name)},${CANARY}` })
    } else {
      session = await openSession(name)
      await session.firefox?.browser.installExtension(CANARY)
    }
  })

  afterAll(async () => {
    await session?.close()
  })

  it("sees a content script's uncaught error and unhandled rejection, in the extension's world", async () => {
    await session.driver.goto(
      server.page(`canary-${name}.html`, html({ body: '<p>#SoftCoup</p>' })),
    )
    const errors = await waitFor(
      'both canary errors',
      () => Promise.resolve(session.errors.filter((e) => e.message.includes('canary:'))),
      (list) => list.length >= 2,
    )
    expect(errors).toHaveLength(2)
    // Firefox reports content-script errors in the page's realm, so a stack-less rejection cannot
    // be told from the page's own: the suite's pages throw nothing, and every test fails on any
    // error at all. Chromium names the isolated world.
    if (name === 'chromium') expect(errors.map((e) => e.world)).toEqual(['extension', 'extension'])
    else expect(errors.some((e) => e.world === 'extension')).toBe(true)
    // The real extension ran on the same page, and threw nothing.
    await waitForMarks(session, 'the mark', (t) => t.includes('#SoftCoup'))
    expect(await marks(session)).toEqual(['#SoftCoup'])
    expect(session.errors.filter((e) => !e.message.includes('canary:'))).toEqual([])
  })
})
