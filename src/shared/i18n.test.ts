import { afterEach, describe, expect, it, vi } from 'vitest'
import { getMessage } from './test-support/get-message.ts'
import { t } from './i18n.ts'

afterEach(() => vi.unstubAllGlobals())

describe('t', () => {
  it('returns the key when no extension API exists', () => {
    expect(t('popupEmpty')).toBe('popupEmpty')
  })

  it('returns the localised message with substitutions', () => {
    vi.stubGlobal('chrome', { i18n: { getMessage } })
    expect(t('popupActiveOn', 'example.com')).toBe('Active on example.com')
  })

  it('falls back to the key for a missing message or a throwing API', () => {
    vi.stubGlobal('chrome', { i18n: { getMessage } })
    expect(t('noSuchMessage')).toBe('noSuchMessage')
    vi.stubGlobal('chrome', {
      i18n: {
        getMessage: () => {
          throw new Error('Extension context invalidated.')
        },
      },
    })
    expect(t('popupEmpty')).toBe('popupEmpty')
  })
})
