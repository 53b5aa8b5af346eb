/**
 * The built manifests promise what the README's privacy section says, and nothing more:
 * one permission (`storage`), no host permissions, no optional permissions, no
 * web_accessible_resources (pages could probe for the extension's files), no way for web pages
 * or other extensions to message it, no loosened content security policy, one content script in
 * the isolated world on `<all_urls>`, and every file the manifest names shipped inside the build.
 * A top-level key nobody has reviewed for privacy fails the test until it is added here.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { distDir, readManifest, TARGETS } from './dist-files.ts'

/** The documented permissions (README, Privacy). */
const PERMISSIONS = ['storage']

/** Top-level keys reviewed for privacy; a new key must be looked at before it ships. */
const REVIEWED_KEYS = new Set([
  'manifest_version',
  'name',
  'short_name',
  'description',
  'version',
  'default_locale',
  'icons',
  'action',
  'options_ui',
  'background',
  'content_scripts',
  'permissions',
  'commands',
  // Firefox only: the add-on id and the data-collection declaration checked below.
  'browser_specific_settings',
  // Chrome only: the oldest Chrome the build targets; grants nothing.
  'minimum_chrome_version',
])

interface ContentScript {
  matches?: unknown
  exclude_matches?: unknown
  js?: string[]
  css?: string[]
  world?: unknown
  all_frames?: unknown
}

/** Every file path the manifest names (scripts, styles, pages, icons). */
function namedFiles(manifest: Record<string, unknown>): string[] {
  const out: string[] = []
  const icons = (value: unknown): void => {
    if (value && typeof value === 'object')
      out.push(...Object.values(value as Record<string, string>))
  }
  icons(manifest.icons)
  const action = manifest.action as { default_popup?: string; default_icon?: unknown } | undefined
  if (action?.default_popup) out.push(action.default_popup)
  icons(action?.default_icon)
  const options = manifest.options_ui as { page?: string } | undefined
  if (options?.page) out.push(options.page)
  const background = manifest.background as
    { service_worker?: string; scripts?: string[]; page?: string } | undefined
  if (background?.service_worker) out.push(background.service_worker)
  out.push(...(background?.scripts ?? []))
  if (background?.page) out.push(background.page)
  for (const script of (manifest.content_scripts as ContentScript[] | undefined) ?? []) {
    out.push(...(script.js ?? []), ...(script.css ?? []))
  }
  return out
}

describe.each(TARGETS)('the built %s manifest', (target) => {
  const manifest = readManifest(target)

  it('has only keys reviewed for privacy', () => {
    expect(Object.keys(manifest).filter((key) => !REVIEWED_KEYS.has(key))).toEqual([])
  })

  it('asks for the storage permission only, and for no host or optional permission', () => {
    expect(manifest.permissions).toEqual(PERMISSIONS)
    expect(manifest.host_permissions).toBeUndefined()
    expect(manifest.optional_permissions).toBeUndefined()
    expect(manifest.optional_host_permissions).toBeUndefined()
  })

  it('exposes nothing to pages or other extensions', () => {
    // web_accessible_resources would let any page fetch a file to detect the extension.
    expect(manifest.web_accessible_resources).toBeUndefined()
    // externally_connectable would let web pages (or other extensions) message it.
    expect(manifest.externally_connectable).toBeUndefined()
    // The default extension CSP (no remote script, no eval) applies; nothing loosens it.
    expect(manifest.content_security_policy).toBeUndefined()
    expect(manifest.sandbox).toBeUndefined()
    expect(manifest.update_url).toBeUndefined()
  })

  it('runs one content script, in the isolated world, on <all_urls> exactly', () => {
    const scripts = manifest.content_scripts as ContentScript[]
    expect(scripts).toHaveLength(1)
    const [script] = scripts
    expect(script?.matches).toEqual(['<all_urls>'])
    expect(script?.exclude_matches).toBeUndefined()
    // A MAIN-world script would share its globals with the page (and the page could read them).
    expect(script?.world === undefined || script.world === 'ISOLATED').toBe(true)
  })

  it('puts no style sheet into pages (a page-level sheet costs a whole-document style recalc)', () => {
    for (const script of manifest.content_scripts as ContentScript[]) {
      expect(script.css ?? []).toEqual([])
    }
  })

  it('names only files that ship inside the build (no remote script, page or icon)', () => {
    const dir = distDir(target)
    const files = namedFiles(manifest)
    expect(files.length).toBeGreaterThan(5)
    for (const file of files) {
      expect(file, file).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\/\//i)
      expect(existsSync(path.join(dir, file)), `${file} is in the build`).toBe(true)
    }
  })

  if (target === 'firefox') {
    it('declares to Firefox that it collects no data', () => {
      const gecko = (manifest.browser_specific_settings as { gecko?: Record<string, unknown> })
        .gecko
      expect(gecko?.data_collection_permissions).toEqual({ required: ['none'] })
    })
  }
})
