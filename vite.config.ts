/**
 * One build config for both browsers: `TARGET=chrome vite build` writes dist/chrome,
 * `TARGET=firefox vite build` writes dist/firefox, each an unpacked extension with its
 * manifest.json at the root. manifest.json at the project root is the one source; the Firefox
 * differences are applied here (firefoxManifest).
 */
import { readFileSync } from 'node:fs'
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin'
import preact from '@preact/preset-vite'
import { defineConfig, type Plugin } from 'vite'
import { factIndex } from './scripts/vite-plugin-fact-index.ts'

type Target = 'chrome' | 'firefox'
type CrxManifest = Extract<ManifestV3Export, { manifest_version: number }>
type Manifest = Omit<CrxManifest, 'background' | 'browser_specific_settings'> & {
  // Firefox takes `type: 'module'` with scripts too; crxjs's type only knows it with service_worker.
  background?: { service_worker?: string; scripts?: string[]; type?: 'module' }
  browser_specific_settings?: CrxManifest['browser_specific_settings'] & {
    gecko_android?: { strict_min_version?: string }
  }
}

const CONTENT_SCRIPT = 'src/content/main.ts'

/** The add-on id Firefox keys storage and updates on; never change it once published. */
export const GECKO_ID = 'hashtag-context@hashtag-context.org'

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as T
}

function target(): Target {
  const value = process.env.TARGET ?? 'chrome'
  if (value !== 'chrome' && value !== 'firefox') {
    throw new Error(`TARGET must be "chrome" or "firefox", not "${value}"`)
  }
  return value
}

/**
 * Firefox runs MV3 backgrounds as event pages (background.scripts), not service workers; crxjs
 * with `browser: 'firefox'` reads background.scripts[0], so the entry moves there. The gecko
 * settings give the add-on a stable id and declare that it collects no data (required for new
 * AMO listings since 2025). Desktop Firefox knows data_collection_permissions from 140 (an ESR),
 * Firefox for Android from 142: without gecko_android, web-ext lint warns that Android 140
 * would not understand the key.
 */
function firefoxManifest(base: Manifest): Manifest {
  const worker = base.background?.service_worker
  if (!worker) throw new Error('manifest.json: background.service_worker is missing')
  return {
    ...base,
    background: { scripts: [worker], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    },
  }
}

/**
 * zod (the index schema, which the options page and its worker run to check an index pack)
 * probes whether it may compile validators with `new Function("")`. Extension pages' content
 * security policy forbids that, so the probe can only fail, and a strict CSP reports even the
 * caught attempt as a violation. The probe is replaced by its only possible answer, so the
 * shipped code makes no code from strings (tests/privacy/shipped-code.test.ts) and never trips
 * the policy. Fails the build if the probe is not where it was: a zod upgrade must be looked at.
 */
function zodWithoutEvalProbe(): Plugin {
  const PROBE = /export const allowsEval = \/\* @__PURE__\*\/ cached\(\(\) => \{[\s\S]*?\n\}\);/
  return {
    name: 'hashtag-context:zod-without-eval-probe',
    transform(code, id) {
      if (!/[\\/]zod[\\/]v4[\\/]core[\\/]util\.js$/.test(id)) return null
      if (!PROBE.test(code)) this.error(`zod's allowsEval probe not found in ${id}`)
      return { code: code.replace(PROBE, 'export const allowsEval = { value: false };'), map: null }
    },
  }
}

/**
 * Fails the build if anything would let pages see the extension's files. crxjs gives a
 * standalone (IIFE) content script no loader and no web_accessible_resources; this guards that
 * promise against a plugin upgrade or a content script that starts importing assets.
 */
function forbidWebAccessibleResources(): Plugin {
  return {
    name: 'hashtag-context:no-web-accessible-resources',
    apply: 'build',
    enforce: 'post',
    // writeBundle: crxjs emits the manifest late in generateBundle, after other plugins ran.
    writeBundle(_options, bundle) {
      const asset = bundle['manifest.json']
      if (asset?.type !== 'asset') this.error('crxjs emitted no manifest.json')
      const manifest = JSON.parse(String(asset.source)) as Manifest
      if (manifest.web_accessible_resources?.length) {
        this.error(
          `web_accessible_resources in the built manifest (pages could fingerprint the extension): ${JSON.stringify(manifest.web_accessible_resources)}`,
        )
      }
    },
  }
}

export default defineConfig(() => {
  const browser = target()
  // BENCH=1: the benchmark's build (bench/README.md), into dist/bench-<browser>, with __BENCH__
  // hooks in the content script's isolated world; FACT_INDEX_DIR swaps in a generated index.
  const bench = process.env.BENCH === '1'
  const pkg = readJson<{ version: string }>('./package.json')
  // package.json is the one place the version is bumped.
  const base: Manifest = { ...readJson<Manifest>('./manifest.json'), version: pkg.version }
  // Chrome 123: the first with light-dark(), which the card's styles use as written (the build
  // target below). Firefox has it from 120, under its strict_min_version.
  const manifest =
    browser === 'firefox' ? firefoxManifest(base) : { ...base, minimum_chrome_version: '123' }
  return {
    define: { __BENCH__: JSON.stringify(bench) },
    plugins: [
      factIndex({ dataDir: process.env.FACT_INDEX_DIR }),
      preact(),
      crx({
        manifest: manifest as CrxManifest,
        browser,
        // One self-contained file per content script: no loader, no dynamic import, so no
        // web_accessible_resources.
        contentScripts: { standaloneFiles: [CONTENT_SCRIPT] },
      }),
      forbidWebAccessibleResources(),
      zodWithoutEvalProbe(),
    ],
    // The options page's pack check worker is bundled on its own, with its own plugins.
    worker: { plugins: () => [zodWithoutEvalProbe()] },
    build: {
      outDir: process.env.OUT_DIR ?? (bench ? `dist/bench-${browser}` : `dist/${browser}`),
      emptyOutDir: true,
      // No maps in the shipped extension: nothing that could point at a remote URL.
      sourcemap: false,
      // The bench build keeps its names, so profiles name the functions that ran.
      minify: !bench,
      // Vite's preload polyfill fetches module URLs; extension pages need no polyfill.
      modulePreload: { polyfill: false },
      target: ['chrome123', 'firefox140'],
    },
  }
})
