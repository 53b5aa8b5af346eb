// @vitest-environment happy-dom
import index from 'virtual:fact-index'
import { render } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { buildPack, MAX_PACK_BYTES } from '../index/pack.ts'
import { PACKS_KEY } from '../shared/pack-keys.ts'
import { getMessage } from '../shared/test-support/get-message.ts'
import { PackManager } from './PackManager.tsx'
import { fakeBrowser } from './test-support/fake-browser.ts'

vi.mock('../shared/ext.ts', async () => {
  const { fakeBrowser: fb } = await import('./test-support/fake-browser.ts')
  return { ext: () => fb.browser }
})

const { fake } = fakeBrowser
let root: HTMLElement

const goodPack = (version = '1.0') =>
  buildPack({ id: 'newsroom', name: 'Newsroom pack', publisher: 'A newsroom', version }, index)

/** Chooses `file` in the pack file input, as a reader does, and waits for the outcome. */
async function choose(file: File): Promise<void> {
  const input = root.querySelector<HTMLInputElement>('#pack-file')!
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }))
  })
  await vi.waitFor(() => expect(root.querySelector('[aria-busy]')).toBeNull())
  await vi.waitFor(() =>
    expect(root.querySelector('#pack-file')?.hasAttribute('disabled')).toBe(false),
  )
}

const status = (): string => root.querySelector('div[role="status"]')?.textContent ?? ''
const alert = (): string => root.querySelector('[role="alert"]')?.textContent ?? ''

beforeEach(async () => {
  fakeBrowser.reset()
  vi.stubGlobal('chrome', { i18n: { getMessage } })
  // No Worker in this DOM: the check runs in the test's thread (pack-check.ts).
  vi.stubGlobal('Worker', undefined)
  root = document.createElement('div')
  document.body.append(root)
  await act(() => render(<PackManager />, root))
})

afterEach(() => {
  render(null, root)
  root.remove()
  vi.unstubAllGlobals()
})

describe('PackManager', () => {
  it('imports a pack file and lists it with publisher, version, counts and review date', async () => {
    expect(root.textContent).toContain('No packs imported.')
    await choose(new File([JSON.stringify(goodPack())], 'newsroom.json'))
    expect(status()).toMatch(/Imported “Newsroom pack” 1\.0: \d+ entries, \d+ tags\./)
    await vi.waitFor(() =>
      expect(root.querySelector('.pack h3')?.textContent).toBe('Newsroom pack'),
    )
    expect(root.querySelector('.pack .hint')?.textContent).toMatch(
      /^A newsroom · version 1\.0 · \d+ entries, \d+ tags · reviewed .*20\d\d.* · \d+ KiB$/,
    )
  })

  it('lists every problem of an invalid pack with its field and line, and stores nothing', async () => {
    const bad = JSON.parse(JSON.stringify(goodPack())) as Record<string, unknown>
    bad.extra = true
    await choose(new File([JSON.stringify(bad, null, 2)], 'bad.json'))
    expect(alert()).toContain('bad.json is not a valid pack')
    expect(alert()).toMatch(/bad\.json:1: unknown key "extra"/)
    expect(fake.local.data.has(PACKS_KEY)).toBe(false)
  })

  it('refuses a file over 8 MiB before reading it', async () => {
    const big = new File(['x'], 'huge.json')
    Object.defineProperty(big, 'size', { value: MAX_PACK_BYTES + 1 })
    const text = vi.spyOn(big, 'text')
    await choose(big)
    expect(alert()).toMatch(/huge\.json is 8\.0 MiB: a pack file may be at most 8 MiB/)
    expect(text).not.toHaveBeenCalled()
    expect(fake.local.data.size).toBe(0)
  })

  it('updates to a newer version, refuses an older one, turns a pack off and removes it', async () => {
    await choose(new File([JSON.stringify(goodPack('1.0'))], 'a.json'))
    await choose(new File([JSON.stringify(goodPack('1.1'))], 'b.json'))
    expect(status()).toContain('Updated “Newsroom pack” from version 1.0 to 1.1.')
    await choose(new File([JSON.stringify(goodPack('0.9'))], 'c.json'))
    expect(alert()).toContain('version 0.9 of a pack imported at version 1.1')

    const toggle = root.querySelector<HTMLInputElement>('.pack input[role="switch"]')!
    await act(() => toggle.click())
    await vi.waitFor(() =>
      expect((fake.local.data.get(PACKS_KEY) as { enabled: boolean }[])[0]?.enabled).toBe(false),
    )
    const remove = [...root.querySelectorAll('button')].find(
      (b) => b.getAttribute('aria-label') === 'Remove “Newsroom pack”',
    )!
    await act(() => remove.click())
    await vi.waitFor(() => expect(root.textContent).toContain('No packs imported.'))
    expect(status()).toContain('Removed “Newsroom pack”.')
  })

  it('exports a pack to a file holding exactly the stored pack', async () => {
    await choose(new File([JSON.stringify(goodPack())], 'newsroom.json'))
    await vi.waitFor(() => expect(root.querySelector('.pack')).not.toBeNull())
    let blob: Blob | undefined
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob
      return 'blob:export'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const downloads: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloads.push(`${this.download} ${this.href}`)
    })
    const exportButton = [...root.querySelectorAll('button')].find(
      (b) => b.getAttribute('aria-label') === 'Export “Newsroom pack” to a file',
    )!
    await act(() => exportButton.click())
    await vi.waitFor(() => expect(downloads).toEqual(['newsroom-1.0.json blob:export']))
    const text = await blob!.text()
    expect(text).toBe(fake.local.data.get('pack:newsroom'))
    expect(JSON.parse(text)).toEqual(goodPack())
  })
})
