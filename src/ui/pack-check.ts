/**
 * Checks a pack file chosen in the options page: in a worker where there is one (the page stays
 * responsive), else in this thread after a yield (unit tests' DOM has no Worker).
 *
 * What comes back to the page is the pack's canonical text and its summary (summarisePack),
 * never the checked pack itself: the page only stores the text, and a reply holding a pack of
 * 100,000 tags cost the page's main thread its structured clone and a JSON.stringify of it, a
 * task of hundreds of milliseconds (tests/hostile/hostile-packs.test.ts).
 */
import type { BuildError } from '../index/format-error.ts'
import { checkPack, summarisePack, type CheckedPack } from '../index/pack.ts'

/** The outcome of a check, as the page gets it. */
export type PageCheckResult = { ok: true; pack: CheckedPack } | { ok: false; errors: BuildError[] }

/** checkPack(text, file), answered as the page gets it (see the module comment). */
export function checkForPage(text: string, file: string): PageCheckResult {
  const result = checkPack(text, file)
  return result.ok ? { ok: true, pack: summarisePack(result.pack) } : result
}

/** Starts the check's worker; undefined where Worker does not exist. */
function startWorker(): Worker | undefined {
  if (typeof Worker === 'undefined') return undefined
  return new Worker(new URL('../options/pack-check.worker.ts', import.meta.url), {
    type: 'module',
  })
}

/** checkForPage(text, file), off the page's main thread when it can be. */
export function checkPackOffThread(text: string, file: string): Promise<PageCheckResult> {
  const worker = startWorker()
  if (!worker) {
    return new Promise((resolve) => setTimeout(() => resolve(checkForPage(text, file)), 0))
  }
  return new Promise<PageCheckResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<PageCheckResult>) => resolve(event.data)
    worker.onerror = (event) => reject(new Error(event.message || 'the pack check stopped'))
    worker.postMessage({ text, file })
  }).finally(() => worker.terminate())
}
