/**
 * The e2e scenarios (scenarios.ts) in Debian's Firefox ESR with dist/firefox, driven by
 * puppeteer-core over WebDriver BiDi. Run with `npm run test:e2e` after `npm run build`.
 */
import { definePlacement } from './placement.ts'
import { defineScenarios } from './scenarios.ts'

defineScenarios('firefox', {
  shortcut: 'keys typed into the browser window with focus on the tab strip, as Firefox tests do',
})

definePlacement('firefox')
