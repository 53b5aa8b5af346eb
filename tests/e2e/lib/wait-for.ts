/** Polls `probe` until `accept` takes its value; fails with the last value seen. */
export async function waitFor<T, U extends T>(
  what: string,
  probe: () => Promise<T>,
  accept: (value: T) => value is U,
  timeoutMs?: number,
): Promise<U>
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs?: number,
): Promise<T>
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const last = await probe()
    if (accept(last)) return last
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 150))
  }
}
