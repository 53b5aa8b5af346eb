import { defineConfig } from 'vitest/config'
import { factIndex } from './scripts/vite-plugin-fact-index.ts'

export default defineConfig({
  plugins: [factIndex()],
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'tests/{cli,lint}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.browser.test.{ts,tsx}'],
    environment: 'node',
    // Property tests run thousands of cases; the default 5 s is for examples, not properties.
    testTimeout: 30_000,
  },
})
