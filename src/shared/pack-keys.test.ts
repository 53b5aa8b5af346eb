import { describe, expect, it } from 'vitest'
import { enabledPacksChanged } from './pack-keys.ts'

const pack = (id: string, enabled: boolean, sha256 = `sha-${id}`) => ({
  id,
  name: `Pack ${id}`,
  version: '1',
  sha256,
  enabled,
})

describe('enabledPacksChanged', () => {
  const on = pack('a', true)
  const off = pack('b', false)

  it('is true when the packs that answer change: switched, added or removed while on, updated', () => {
    expect(
      enabledPacksChanged({ oldValue: [on, off], newValue: [on, { ...off, enabled: true }] }),
    ).toBe(true)
    expect(enabledPacksChanged({ oldValue: [on], newValue: [{ ...on, enabled: false }] })).toBe(
      true,
    )
    expect(enabledPacksChanged({ newValue: [on] })).toBe(true)
    expect(enabledPacksChanged({ oldValue: [on, off], newValue: [off] })).toBe(true)
    expect(enabledPacksChanged({ oldValue: [on], newValue: [pack('a', true, 'sha-new')] })).toBe(
      true,
    )
    // a damaged list is read as no packs, as listPacks reads it
    expect(enabledPacksChanged({ oldValue: [on], newValue: 'garbage' })).toBe(true)
  })

  it('is false when only packs that are off change: imported, updated, renamed or removed', () => {
    expect(enabledPacksChanged({ oldValue: [on], newValue: [on, off] })).toBe(false)
    expect(enabledPacksChanged({ oldValue: [on, off], newValue: [on] })).toBe(false)
    expect(
      enabledPacksChanged({ oldValue: [on, off], newValue: [on, pack('b', false, 'sha-new')] }),
    ).toBe(false)
    expect(enabledPacksChanged({ oldValue: [off], newValue: undefined })).toBe(false)
    expect(enabledPacksChanged({ oldValue: [on], newValue: [{ ...on, name: 'Renamed' }] })).toBe(
      false,
    )
  })
})
