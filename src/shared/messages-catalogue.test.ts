// public/_locales/en/messages.json is the one catalogue: every message key the code or the
// manifest uses is in it, and it holds no string nothing uses.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { englishMessages } from './test-support/get-message.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const KEY = /'((?:card|popup|options|packs|index|extension|action|command)[A-Z][A-Za-z0-9]*)'/g
const TEMPLATE = /t\(`\$\{prefix\}([A-Za-z0-9]+)`/g

function shippedSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'test-support' ? [] : shippedSources(path)
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : []
  })
}

function keysUsed(): Set<string> {
  const literals = new Set<string>()
  const suffixes = new Set<string>()
  for (const file of shippedSources(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(KEY)) literals.add(m[1]!)
    for (const m of text.matchAll(TEMPLATE)) suffixes.add(m[1]!)
  }
  const used = new Set<string>()
  for (const literal of literals) {
    // A literal that is only a prefix of `${prefix}Suffix` keys stands for those keys.
    const expanded = [...suffixes].map((s) => literal + s).filter((k) => k in englishMessages)
    if (!(literal in englishMessages) && expanded.length > 0) {
      for (const s of suffixes) used.add(literal + s)
    } else used.add(literal)
  }
  const manifest = readFileSync(join(root, 'manifest.json'), 'utf8')
  for (const m of manifest.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) used.add(m[1]!)
  return used
}

describe('message catalogue (public/_locales/en/messages.json)', () => {
  const used = keysUsed()

  it('finds the keys it checks (the scan itself works)', () => {
    expect([...used]).toEqual(
      expect.arrayContaining([
        'cardHeading',
        'cardKindNews',
        'popupEmpty',
        'optionsMutedRemove',
        'extensionName',
      ]),
    )
  })

  it('has an English message for every key the code and the manifest use', () => {
    expect([...used].filter((key) => !(key in englishMessages))).toEqual([])
  })

  it('holds no message that nothing uses', () => {
    expect(Object.keys(englishMessages).filter((key) => !used.has(key))).toEqual([])
  })
})
