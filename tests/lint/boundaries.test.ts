// The layer rule of scripts/eslint-boundaries.js, checked on snippets as ESLint sees them.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'
import boundaries, { noHtmlSinks } from '../../scripts/eslint-boundaries.js'

const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.{ts,tsx}'],
      languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    },
    ...boundaries,
    noHtmlSinks,
  ],
})

async function messages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => m.message)
}

describe('import boundaries', () => {
  it.each([
    ['src/hashtags/x.ts', "import { x } from '../index/lookup.ts'"],
    ['src/hashtags/x.ts', "import { readFileSync } from 'node:fs'"],
    ['src/hashtags/x.ts', "import { h } from 'preact'"],
    ['src/index/x.ts', "import { x } from '../content/scanner.ts'"],
    ['src/index/x.ts', "import { x } from '../ui/Card.tsx'"],
    ['src/shared/x.ts', "import { x } from '../ui/Card.tsx'"],
    ['src/content/x.ts', "import { x } from '../background/main.ts'"],
    ['src/content/x.ts', "import { x } from '../popup/main.tsx'"],
    ['src/background/x.ts', "import { x } from '../content/scanner.ts'"],
    ['src/options/x.ts', "import { x } from '../content/scanner.ts'"],
    ['src/ui/x.tsx', "import { x } from '../content/card-host.ts'"],
    ['src/cli/x.ts', "import { x } from '../content/scanner.ts'"],
  ])('%s may not: %s', async (file, code) => {
    expect((await messages(file, code)).join('\n')).toMatch(
      /may not import|no Node built-ins|no UI or browser library/,
    )
  })

  it.each([
    ['src/index/x.ts', "import { normalizeTag } from '../hashtags/normalize.ts'"],
    ['src/content/x.ts', "import { findHashtags } from '../hashtags/tokenizer.ts'"],
    ['src/content/x.ts', "import { Card } from '../ui/Card.tsx'"],
    ['src/background/x.ts', "import { createLookup } from '../index/lookup.ts'"],
    ['src/cli/x.ts', "import { readFile } from 'node:fs/promises'"],
    ['src/popup/x.ts', "import { t } from '../shared/i18n.ts'"],
  ])('%s may: %s', async (file, code) => {
    expect(await messages(file, code)).toEqual([])
  })
})

describe('coverage', () => {
  const src = path.resolve(import.meta.dirname, '../../src')
  const shipped = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$|\.d\.ts$/.test(f))
    .map((f) => `src/${f.split(path.sep).join('/')}`)

  it('finds the source files it checks', () => {
    expect(shipped).toContain('src/hashtags/tokenizer.ts')
  })

  it('puts every non-test source file of src/ under one layer rule', async () => {
    const uncovered: string[] = []
    for (const file of shipped) {
      const config = (await eslint.calculateConfigForFile(file)) as {
        rules?: Record<string, unknown>
      }
      if (config.rules?.['no-restricted-imports'] === undefined) uncovered.push(file)
    }
    expect(uncovered, 'add the folder to RULES in scripts/eslint-boundaries.js').toEqual([])
  })
})

describe('no HTML sinks', () => {
  it.each([
    ['src/content/x.ts', 'document.body.innerHTML = s'],
    ['src/ui/x.ts', "el.insertAdjacentHTML('beforeend', s)"],
    ['src/ui/x.tsx', 'const a = <div dangerouslySetInnerHTML={{ __html: s }} />'],
  ])('%s rejects %s', async (file, code) => {
    expect((await messages(file, code)).join('\n')).toMatch(
      /no HTML sinks|no dangerouslySetInnerHTML/,
    )
  })
})
