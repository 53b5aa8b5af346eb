/**
 * Real-browser tests (Vitest browser mode on the system Chromium) for everything that needs the
 * Highlight API, live ranges, layout and hit-testing, which happy-dom does not have.
 * Run: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx vitest run --config vitest.browser.config.ts
 */
import preact from '@preact/preset-vite'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { factIndex } from './scripts/vite-plugin-fact-index.ts'

export default defineConfig({
  plugins: [factIndex(), preact({ prefreshEnabled: false, devToolsEnabled: false })],
  // Tests import public/_locales/en/messages.json as a module; nothing is served from public/.
  publicDir: false,
  // Pre-bundled up front: a dependency found mid-run makes Vite reload the test page.
  optimizeDeps: {
    include: ['webextension-polyfill', 'preact', 'preact/jsx-runtime', '@floating-ui/dom'],
  },
  test: {
    include: ['src/content/**/*.browser.test.ts', 'src/ui/**/*.browser.test.tsx'],
    // A stand-in for the extension APIs the shared modules touch at import time (i18n).
    setupFiles: ['src/content/test-support/setup.ts'],
    testTimeout: 20_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] },
      }),
      instances: [{ browser: 'chromium' }],
      viewport: { width: 1000, height: 700 },
      // Failure screenshots go where the repository ignores them, not beside the tests.
      screenshotDirectory: 'tests/artifacts/browser-screenshots',
    },
  },
})
