/**
 * Checks a pack file chosen in the options page: in a worker where there is one (the page stays
 * responsive), else in this thread after a yield (unit tests' DOM has no Worker).
 */
import { checkPack, type PackResult } from '../index/pack.ts'

/** Starts the check's worker; undefined where Worker does not exist. */
function startWorker(): Worker | undefined {
  if (typeof Worker === 'undefined') return undefined
  return new Worker(new URL('../options/pack-check.worker.ts', import.meta.url), {
    type: 'module',
  })
}

/** checkPack(text, file), off the page's main thread when it can be. */
export function checkPackOffThread(text: string, file: string): Promise<PackResult> {
  const worker = startWorker()
  if (!worker) {
    return new Promise((resolve) => setTimeout(() => resolve(checkPack(text, file)), 0))
  }
  return new Promise<PackResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<PackResult>) => resolve(event.data)
    worker.onerror = (event) => reject(new Error(event.message || 'the pack check stopped'))
    worker.postMessage({ text, file })
  }).finally(() => worker.terminate())
}
