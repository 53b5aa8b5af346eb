import { defineConfig } from 'vitest/config'
import { factIndex } from './scripts/vite-plugin-fact-index.ts'

/**
 * Real-browser smoke tests (`npm run test:e2e`): Chromium and Firefox with the built extension
 * from dist/. One file at a time (two cores, two browsers), generous timeouts for cold starts.
 * The fact index plugin lets the test compare the card with what the index says.
 */
export default defineConfig({
  plugins: [factIndex()],
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
