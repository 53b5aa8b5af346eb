/**
 * axe-core in a page: its source is evaluated through the automation protocol (not a script
 * tag, which an extension page's CSP would refuse), then `axe.run` checks the document or one
 * element. Only violations are returned; axe's "incomplete" (needs a human) results are not
 * failures.
 */
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'

const require = createRequire(import.meta.url)
/** axe-core's browser bundle. */
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** One violated rule, with the elements that fail it. */
export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: string[]
}

/**
 * Runs in the page: axe over `selector`'s element (the whole document when null), with axe's
 * default rule set (every WCAG 2.0–2.2 A/AA rule and the best practices; not the rules axe
 * itself marks experimental). Self-contained (it is sent as source).
 */
export async function axeRun(input: { selector: string | null }): Promise<AxeViolation[] | string> {
  const axe = (window as unknown as { axe?: { run: (...args: unknown[]) => Promise<unknown> } }).axe
  if (!axe) return 'axe-core is not loaded'
  const context = input.selector === null ? document : document.querySelector(input.selector)
  if (!context) return `nothing matches ${input.selector}`
  const result = (await axe.run(context, { resultTypes: ['violations'] })) as {
    violations: {
      id: string
      impact: string | null
      help: string
      nodes: { target: unknown[]; failureSummary?: string }[]
    }[]
  }
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`),
  }))
}
