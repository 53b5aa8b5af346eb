/**
 * Yielding to the main thread between time slices, with the best primitive the browser has.
 * `scheduler.yield()` (Chromium) continues ahead of other queued tasks; `scheduler.postTask()`
 * queues behind them (not clamped to 4 ms like chained setTimeouts); setTimeout(0) otherwise.
 */

interface Scheduler {
  yield(): Promise<void>
  postTask(
    callback: () => void,
    options?: { priority?: 'user-visible' | 'background' },
  ): Promise<void>
}

/**
 * How to continue: `keep` ahead of other tasks (the scan of text); `normal` behind the tasks
 * already queued, such as the replies to our own lookups, which a chain of `scheduler.yield()`
 * continuations would hold back until it ends; `background` only when the page has nothing
 * more urgent (the search for shadow roots).
 */
export type YieldPriority = 'keep' | 'normal' | 'background'

/** Resolves after the browser has had a chance to handle input and paint. */
export function yieldToMain(priority: YieldPriority = 'keep'): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<Scheduler> }).scheduler
  if (priority === 'keep' && typeof scheduler?.yield === 'function') return scheduler.yield()
  if (typeof scheduler?.postTask === 'function') {
    return scheduler.postTask(() => undefined, {
      priority: priority === 'background' ? 'background' : 'user-visible',
    })
  }
  return new Promise((resolve) => setTimeout(resolve, 0))
}

/** Milliseconds of work per slice before yielding: well under one 60 Hz frame. */
export const SLICE_MS = 4
