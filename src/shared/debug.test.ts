import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { debug, debugCatch, isDebugLogging, setDebugLogging } from './debug.ts'

let warn: MockInstance<typeof console.warn>
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
})
afterEach(() => {
  vi.restoreAllMocks()
  setDebugLogging(false)
})

describe('debug', () => {
  it('logs nothing until a developer turns it on', () => {
    expect(isDebugLogging()).toBe(false)
    debug('storage: sync write', new Error('quota'))
    expect(warn).not.toHaveBeenCalled()
  })

  it('logs the scope and the error itself (its stack intact) once turned on, and stops when off', () => {
    const error = new Error('quota')
    setDebugLogging(true)
    debug('storage: sync write', error)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]).toEqual(['[hashtag-context] storage: sync write:', error])
    expect(warn.mock.calls[0]![1]).toBe(error)
    setDebugLogging(false)
    debug('storage: sync write', error)
    expect(warn).toHaveBeenCalledTimes(1)
  })
})

describe('debugCatch', () => {
  it('handles a rejection as undefined, logging it only when on', async () => {
    const failing = (): Promise<string> => Promise.reject(new Error('tab closed'))
    await expect(failing().catch(debugCatch('background: badge'))).resolves.toBeUndefined()
    expect(warn).not.toHaveBeenCalled()
    setDebugLogging(true)
    await expect(failing().catch(debugCatch('background: badge'))).resolves.toBeUndefined()
    expect(warn).toHaveBeenCalledWith(
      '[hashtag-context] background: badge:',
      new Error('tab closed'),
    )
  })

  it('resolves to the fallback it is given', async () => {
    const fallback = { frames: [] }
    const result = await Promise.reject(new Error('gone')).catch(
      debugCatch('popup: state', fallback),
    )
    expect(result).toBe(fallback)
  })
})
