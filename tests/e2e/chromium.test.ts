/**
 * The e2e scenarios (scenarios.ts) in Debian's Chromium with dist/chrome, driven by
 * playwright-core over CDP. Run with `npm run test:e2e` after `npm run build`.
 */
import { definePlacement } from './placement.ts'
import { defineScenarios } from './scenarios.ts'

defineScenarios('chromium', {
  shortcut: 'real key events through CDP Input, handled by the browser like a typed shortcut',
})

definePlacement('chromium')
