/** Listening to an extension event for as long as an AbortSignal allows. */
import { debug } from './debug.ts'

/**
 * Adds `listener` to an extension event until `signal` aborts. Removing it may throw once the
 * extension context is gone (reloaded or disabled), and the listener is gone with it then:
 * that is logged under `scope`, never thrown.
 */
export function listenUntil<L>(
  event: { addListener(listener: L): void; removeListener(listener: L): void },
  listener: L,
  signal: AbortSignal,
  scope: string,
): void {
  if (signal.aborted) return
  event.addListener(listener)
  signal.addEventListener(
    'abort',
    () => {
      try {
        event.removeListener(listener)
      } catch (error) {
        debug(scope, error)
      }
    },
    { once: true },
  )
}
