// @ts-check
/**
 * Import boundaries between the layers of src/ (docs/architecture.md, "Layers of src/").
 *
 *   hashtags  <-  index  <-  ui, shared  <-  content | background | popup | options | cli
 *
 * `hashtags/` and `index/` are pure: no DOM-facing layer, no browser API, no Node built-in.
 * Page-side code (content/) never imports extension pages or the background, nor the reverse;
 * they talk only through the message types in shared/.
 * Exported on its own so tests/lint/boundaries.test.ts can lint snippets against it; that test
 * also fails when a file of src/ is under no layer's rule.
 */

const LAYERS = [
  'hashtags',
  'index',
  'shared',
  'ui',
  'content',
  'background',
  'popup',
  'options',
  'cli',
]

/** @param {string[]} names */
const layerRegex = (names) => `^\\.{1,2}/(?:\\.\\./)*(?:src/)?(?:${names.join('|')})(?:/|$)`

const NODE_BUILTINS =
  '^(?:node:.*|fs|fs/promises|path|os|child_process|crypto|url|util|stream|process|worker_threads|zlib|http|https|net)$'

/** @type {Record<string, { forbidden: string[], node?: boolean, browser?: boolean }>} */
const RULES = {
  hashtags: { forbidden: LAYERS.filter((l) => l !== 'hashtags') },
  index: { forbidden: LAYERS.filter((l) => l !== 'hashtags' && l !== 'index') },
  shared: { forbidden: ['ui', 'content', 'background', 'popup', 'options', 'cli'], browser: true },
  ui: { forbidden: ['content', 'background', 'popup', 'options', 'cli'], browser: true },
  content: { forbidden: ['background', 'popup', 'options', 'cli'], browser: true },
  background: { forbidden: ['content', 'popup', 'options', 'cli', 'ui'], browser: true },
  popup: { forbidden: ['content', 'background', 'options', 'cli'], browser: true },
  options: { forbidden: ['content', 'background', 'popup', 'cli'], browser: true },
  cli: { forbidden: ['content', 'background', 'popup', 'options', 'ui', 'shared'], node: true },
}

/** @type {import('eslint').Linter.Config[]} */
const boundaries = Object.entries(RULES).map(([layer, { forbidden, node, browser }]) => {
  /** @type {{ regex: string, message: string }[]} */
  const patterns = [
    {
      regex: layerRegex(forbidden),
      message: `src/${layer}/ may not import from ${forbidden.join(', ')} (layer boundaries: scripts/eslint-boundaries.js).`,
    },
  ]
  if (!node) {
    patterns.push({
      regex: NODE_BUILTINS,
      message: `src/${layer}/ runs in the browser or is pure: no Node built-ins.`,
    })
  }
  if (!browser && !node) {
    patterns.push({
      regex: '^(?:preact|preact/.*|webextension-polyfill|@floating-ui/.*)$',
      message: `src/${layer}/ is pure text logic: no UI or browser library.`,
    })
  }
  return {
    name: `boundaries/${layer}`,
    files: [`src/${layer}/**/*.{ts,tsx}`],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  }
})

/**
 * No HTML sinks anywhere: every index string is rendered as text (Preact escapes it).
 * @type {import('eslint').Linter.Config}
 */
export const noHtmlSinks = {
  name: 'no-html-sinks',
  files: ['src/**/*.{ts,tsx}'],
  rules: {
    'no-restricted-properties': [
      'error',
      ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'createContextualFragment'].map(
        (property) => ({
          property,
          message: 'Render index data as text: no HTML sinks in shipped code.',
        }),
      ),
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
        message: 'Render index data as text: no dangerouslySetInnerHTML.',
      },
      {
        selector: "MemberExpression[property.name=/^(write|writeln)$/][object.name='document']",
        message: 'No document.write.',
      },
    ],
  },
}

export default boundaries
