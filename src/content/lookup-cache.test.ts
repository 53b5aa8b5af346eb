import { describe, expect, it } from 'vitest'
import { LookupCache, type LookupCacheOptions } from './lookup-cache.ts'

const INDEX: Record<string, string> = {
  softcoup: 'soft-coup',
  wesupportcorbyn: 'we-support-corbyn',
}

/** A cache over INDEX whose background answers when `release()` is called (or fails). */
function setup(overrides: Partial<LookupCacheOptions> = {}) {
  const calls: string[][] = []
  const answers: { keys: string[]; ok: boolean }[] = []
  const held: ((ok: boolean) => void)[] = []
  const lifetime = new AbortController()
  const cache = new LookupCache({
    resolve: (keys) => {
      calls.push(keys)
      return new Promise((resolve, reject) =>
        held.push((ok) =>
          ok
            ? resolve(Object.fromEntries(keys.flatMap((k) => (INDEX[k] ? [[k, INDEX[k]]] : []))))
            : reject(new Error('no background')),
        ),
      )
    },
    onAnswer: (keys, ok) => answers.push({ keys, ok }),
    signal: lifetime.signal,
    ...overrides,
  })
  const release = async (ok = true): Promise<void> => {
    for (const answer of held.splice(0)) answer(ok)
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  return { cache, calls, answers, release, lifetime }
}

describe('LookupCache', () => {
  it('asks the keys of one flush in one lookup, once each, and caches the answers', async () => {
    const { cache, calls, answers, release } = setup()
    for (const key of ['softcoup', 'weather', 'softcoup']) cache.ask(key)
    expect(cache.get('softcoup')).toBeUndefined()
    cache.flush()
    cache.ask('softcoup')
    cache.flush()
    expect(calls).toEqual([['softcoup', 'weather']])
    expect(cache.busy).toBe(true)
    await release()
    expect(cache.busy).toBe(false)
    expect(answers).toEqual([{ keys: ['softcoup', 'weather'], ok: true }])
    expect(cache.get('softcoup')).toBe('soft-coup')
    expect(cache.get('weather')).toBeNull()
    cache.ask('softcoup')
    cache.flush()
    expect(calls).toHaveLength(1)
  })

  it('resolves one key with the others asked in the same task, joining a lookup already out', async () => {
    const { cache, calls, release } = setup()
    cache.ask('softcoup')
    cache.flush()
    const answers = Promise.all(
      ['softcoup', 'wesupportcorbyn', 'weather'].map((k) => cache.resolve(k)),
    )
    await Promise.resolve()
    expect(calls).toEqual([['softcoup'], ['wesupportcorbyn', 'weather']])
    await release()
    expect(await answers).toEqual(['soft-coup', 'we-support-corbyn', null])
    expect(await cache.resolve('softcoup')).toBe('soft-coup')
    expect(calls).toHaveLength(2)
  })

  it('forgets the keys of a lookup that failed, so they are asked again', async () => {
    const { cache, calls, answers, release } = setup()
    const answer = cache.resolve('softcoup')
    await Promise.resolve()
    await release(false)
    expect(await answer).toBeNull()
    expect(answers).toEqual([{ keys: ['softcoup'], ok: false }])
    expect(cache.get('softcoup')).toBeUndefined()
    cache.ask('softcoup')
    cache.flush()
    expect(calls).toEqual([['softcoup'], ['softcoup']])
  })

  it('answers null for a muted key without asking', async () => {
    const { cache, calls } = setup({ isMuted: (key) => key === 'softcoup' })
    expect(cache.get('softcoup')).toBeNull()
    expect(await cache.resolve('softcoup')).toBeNull()
    cache.ask('softcoup')
    cache.flush()
    expect(calls).toEqual([])
  })

  it('caches null for every key of a reply that is not an object', async () => {
    const cache = new LookupCache({
      resolve: () => Promise.resolve(null as unknown as Record<string, string>),
      signal: new AbortController().signal,
    })
    expect(await cache.resolve('softcoup')).toBeNull()
    expect(cache.get('softcoup')).toBeNull()
  })

  it('once aborted, settles what waits, ignores late replies and asks nothing more', async () => {
    const { cache, calls, answers, release, lifetime } = setup()
    cache.ask('softcoup')
    cache.flush()
    const waiting = cache.resolve('softcoup')
    cache.ask('weather')
    lifetime.abort()
    expect(await waiting).toBeNull()
    expect(cache.busy).toBe(false)
    await release()
    expect(answers).toEqual([])
    expect(cache.get('softcoup')).toBeUndefined()
    cache.ask('wesupportcorbyn')
    cache.flush()
    expect(calls).toEqual([['softcoup']])
  })

  it('after forget (the index changed), asks every key again and ignores replies already out', async () => {
    const { cache, calls, answers, release } = setup()
    cache.ask('softcoup')
    cache.flush()
    await release()
    expect(cache.get('softcoup')).toBe('soft-coup')
    cache.ask('wesupportcorbyn')
    cache.flush()
    cache.forget()
    expect(cache.busy).toBe(false)
    expect(cache.get('softcoup')).toBeUndefined()
    await release()
    // The reply of the batch sent before forget() is stale: not cached, not reported.
    expect(cache.get('wesupportcorbyn')).toBeUndefined()
    expect(answers).toEqual([{ keys: ['softcoup'], ok: true }])
    cache.ask('softcoup')
    cache.ask('wesupportcorbyn')
    cache.flush()
    expect(calls.at(-1)).toEqual(['softcoup', 'wesupportcorbyn'])
  })
})
