import { defineConfig } from 'vitest/config'
import { factIndex } from './scripts/vite-plugin-fact-index.ts'

/**
 * The end-to-end suite (`npm run test:e2e`): Chromium and Firefox with the built extension from
 * dist/ (tests/e2e/README.md). One file at a time (two cores, two browsers), generous timeouts
 * for cold starts. The fact index plugin lets the tests compare the card with what the index
 * says. Playwright reports the extension service worker's requests only with its experimental
 * switch on; the privacy scenario needs them.
 */
export default defineConfig({
  plugins: [factIndex()],
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS: '1' },
  },
})
