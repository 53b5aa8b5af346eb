import { defineConfig } from 'vitest/config'
import { factIndex } from './scripts/vite-plugin-fact-index.ts'

/**
 * Reliability and security suite (`npm run test:hostile`, after `npm run build`):
 * - tests/privacy: the built manifests and shipped code of dist/chrome and dist/firefox (Node only);
 * - tests/hostile: the built extension in real Chromium and Firefox ESR against hostile pages,
 *   DOM storms, corrupt settings and its own lifecycle (reload, update, disable, SPA, bfcache).
 * One file at a time: two cores, and the storm tests measure main-thread time.
 */
export default defineConfig({
  plugins: [factIndex()],
  test: {
    include: ['tests/privacy/**/*.test.ts', 'tests/hostile/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
