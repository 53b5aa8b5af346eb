/**
 * Yielding to the main thread between time slices, with the best primitive the browser has:
 * `scheduler.yield()` (Chromium) keeps the task's priority; otherwise a macrotask via
 * setTimeout(0), which lets input and rendering run first.
 */

interface SchedulerWithYield {
  yield(): Promise<void>
}

/** Resolves after the browser has had a chance to handle input and paint. */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<SchedulerWithYield> }).scheduler
  if (typeof scheduler?.yield === 'function') return scheduler.yield()
  return new Promise((resolve) => setTimeout(resolve, 0))
}

/** Milliseconds of work per slice before yielding: well under one 60 Hz frame. */
export const SLICE_MS = 4
