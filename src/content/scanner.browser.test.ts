import { describe, expect, it, vi } from 'vitest'
import { markedTexts, page, startTestApp, track } from './test-support/app.ts'
import { fakeResolve, fragment, testSettings, textContaining } from './test-support/fixtures.ts'

async function settledApp(...args: Parameters<typeof startTestApp>) {
  const t = startTestApp(...args)
  await t.app.settled()
  return t
}

describe('scanner: what is flagged', () => {
  it('marks flagged hashtags in text, whatever their case or width, and nothing else', async () => {
    page(
      '<p>Read #SoftCoup and #softcoup, ＃ＳｏｆｔＣｏｕｐ, #SoftCoupDenied, but not #Weather.</p>',
    )
    const { app } = await settledApp()
    expect(markedTexts(app)).toEqual([
      '#SoftCoup',
      '#softcoup',
      '＃ＳｏｆｔＣｏｕｐ',
      '#SoftCoupDenied',
    ])
    expect(app.marks.ordered().map((o) => o.entryId)).toEqual(Array(4).fill('soft-coup'))
  })

  it('ignores #SoftCoupPlotters, abc#SoftCoup and https://example.org/#SoftCoup', async () => {
    page('<p>#SoftCoupPlotters abc#SoftCoup https://example.org/#SoftCoup</p>')
    const { app, calls } = await settledApp()
    expect(markedTexts(app)).toEqual([])
    expect(calls.flat()).not.toContain('softcoup')
  })

  it('marks tags in open shadow roots, including nested ones', async () => {
    const host = page('<div></div>').firstElementChild as HTMLElement
    const shadow = host.attachShadow({ mode: 'open' })
    shadow.append('outer #SoftCoup ')
    const inner = document.createElement('span')
    shadow.append(inner)
    inner.attachShadow({ mode: 'open' }).append('inner #WeSupportCorbyn')
    const { app } = await settledApp()
    expect(markedTexts(app)).toEqual(['#SoftCoup', '#WeSupportCorbyn'])
  })

  it('marks tags in a shadow root attached to an element added later', async () => {
    const { app } = await settledApp()
    const host = track(document.createElement('div'))
    host.attachShadow({ mode: 'open' }).append('late #SoftCoup')
    document.body.append(host)
    await vi.waitFor(() => expect(markedTexts(app)).toEqual(['#SoftCoup']))
  })

  it('stops observing the shadow roots of removed hosts, and finds a host that comes back', async () => {
    const root = page('')
    const hosts = Array.from({ length: 40 }, (_, i) => {
      const host = document.createElement('div')
      host.attachShadow({ mode: 'open' }).append(i === 0 ? 'item #SoftCoup' : `item ${i}`)
      root.append(host)
      return host
    })
    const { app } = await settledApp()
    expect(markedTexts(app)).toEqual(['#SoftCoup'])
    // A change in an observed shadow root costs the scanner a slice...
    const { stats } = app.scanner
    let slices = stats.slices
    hosts[1]!.shadowRoot!.append(' changed')
    await app.settled()
    expect(stats.slices).toBeGreaterThan(slices)
    for (const host of hosts) host.remove()
    await vi.waitFor(() => expect(markedTexts(app)).toEqual([]))
    await app.settled()
    // ...and none once its host has left the page.
    slices = stats.slices
    for (const host of hosts) host.shadowRoot!.append(' changed again')
    await app.settled()
    expect(stats.slices).toBe(slices)
    root.append(hosts[0]!)
    await vi.waitFor(() => expect(markedTexts(app)).toEqual(['#SoftCoup']))
    hosts[0]!.shadowRoot!.append(' and #WeSupportCorbyn')
    await vi.waitFor(() => expect(markedTexts(app)).toEqual(['#SoftCoup', '#WeSupportCorbyn']))
  })

  it('does not mark muted tags, and marks them again when unmuted', async () => {
    page('<p>#SoftCoup and #WeSupportCorbyn</p>')
    const { app } = await settledApp({ mutedTags: ['softcoup'] })
    expect(markedTexts(app)).toEqual(['#WeSupportCorbyn'])
    app.updateSettings(testSettings({ hoverDelayMs: 30 }))
    await vi.waitFor(() => expect(markedTexts(app)).toEqual(['#SoftCoup', '#WeSupportCorbyn']))
  })
})

describe('scanner: skipped contexts', () => {
  const cases: [string, (root: HTMLElement) => void][] = [
    [
      'script',
      (r) =>
        r.append(
          Object.assign(document.createElement('script'), {
            type: 'text/x-none',
            text: '#SoftCoup',
          }),
        ),
    ],
    [
      'style',
      (r) =>
        r.append(
          Object.assign(document.createElement('style'), { textContent: '/* #SoftCoup */' }),
        ),
    ],
    [
      'noscript',
      (r) =>
        r.append(Object.assign(document.createElement('noscript'), { textContent: '#SoftCoup' })),
    ],
    [
      'template',
      (r) =>
        r.append(Object.assign(document.createElement('template'), { textContent: '#SoftCoup' })),
    ],
    [
      'textarea',
      (r) =>
        r.append(Object.assign(document.createElement('textarea'), { textContent: '#SoftCoup' })),
    ],
    [
      'input (a text child added by script)',
      (r) => {
        const input = document.createElement('input')
        input.append('#SoftCoup')
        r.append(input)
      },
    ],
    [
      'select and option',
      (r) => {
        const select = document.createElement('select')
        select.append(Object.assign(document.createElement('option'), { textContent: '#SoftCoup' }))
        r.append(select)
      },
    ],
    [
      'contenteditable region',
      (r) =>
        r.append(
          Object.assign(document.createElement('div'), {
            contentEditable: 'true',
            textContent: '#SoftCoup',
          }),
        ),
    ],
    [
      'descendant of a contenteditable region',
      (r) => {
        const editor = Object.assign(document.createElement('div'), {
          contentEditable: 'plaintext-only',
        })
        const p = document.createElement('p')
        p.append(Object.assign(document.createElement('b'), { textContent: '#SoftCoup' }))
        editor.append(p)
        r.append(editor)
      },
    ],
    [
      'shadow root of a contenteditable host',
      (r) => {
        const host = Object.assign(document.createElement('div'), { contentEditable: 'true' })
        host.attachShadow({ mode: 'open' }).append('#SoftCoup')
        r.append(host)
      },
    ],
    [
      'svg title and desc',
      (r) => {
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
        for (const name of ['title', 'desc']) {
          const el = document.createElementNS('http://www.w3.org/2000/svg', name)
          el.textContent = '#SoftCoup'
          svg.append(el)
        }
        r.append(svg)
      },
    ],
    [
      "the extension's own host element",
      (r) =>
        r.append(
          Object.assign(document.createElement('hashtag-context-host'), {
            textContent: '#SoftCoup',
          }),
        ),
    ],
  ]

  for (const [name, build] of cases) {
    it(`skips ${name}, present at start`, async () => {
      build(page('<p>visible #WeSupportCorbyn</p>'))
      const { app } = await settledApp()
      expect(markedTexts(app)).toEqual(['#WeSupportCorbyn'])
    })

    it(`skips ${name}, added later`, async () => {
      const root = page('')
      const { app } = await settledApp()
      build(root)
      root.append('visible #WeSupportCorbyn')
      await vi.waitFor(() => expect(markedTexts(app)).toEqual(['#WeSupportCorbyn']))
      await app.settled()
      expect(markedTexts(app)).toEqual(['#WeSupportCorbyn'])
    })
  }

  it('skips a region whose text changes after it becomes editable', async () => {
    const root = page('<div>#SoftCoup</div>')
    const { app } = await settledApp()
    expect(markedTexts(app)).toEqual(['#SoftCoup'])
    const div = root.firstElementChild as HTMLElement
    div.contentEditable = 'true'
    textContaining(div, '#SoftCoup').data = '#SoftCoup typed'
    await app.settled()
    expect(markedTexts(app)).toEqual([])
  })
})

describe('scanner: marks follow the page', () => {
  it('re-marks a text node whose data is replaced', async () => {
    const root = page('<p>first #SoftCoup</p>')
    const { app } = await settledApp()
    const text = textContaining(root, '#SoftCoup')
    text.data = 'now #WeSupportCorbyn instead'
    await vi.waitFor(() => expect(markedTexts(app)).toEqual(['#WeSupportCorbyn']))
    // Replacing with identical data collapses live ranges; the mark must come back.
    text.data = String(text.data)
    await app.settled()
    expect(markedTexts(app)).toEqual(['#WeSupportCorbyn'])
    expect(app.marks.ordered()[0]?.range.collapsed).toBe(false)
  })

  it('unmarks a text node that loses its hashtag', async () => {
    const root = page('<p>first #SoftCoup</p>')
    const { app } = await settledApp()
    textContaining(root, '#SoftCoup').data = 'no tag here'
    await vi.waitFor(() => expect(markedTexts(app)).toEqual([]))
  })

  it('drops the marks of a removed node and marks it again when re-inserted', async () => {
    const root = page('<p id="a">one #SoftCoup</p><p id="b">two #WeSupportCorbyn</p>')
    const { app } = await settledApp()
    const a = root.querySelector('#a') as HTMLElement
    a.remove()
    await vi.waitFor(() => expect(markedTexts(app)).toEqual(['#WeSupportCorbyn']))
    root.append(a)
    await vi.waitFor(() => expect(markedTexts(app)).toEqual(['#WeSupportCorbyn', '#SoftCoup']))
    expect(app.marks.ordered().every((o) => !o.range.collapsed)).toBe(true)
  })

  it('follows a React-like re-render that replaces and appends text nodes', async () => {
    const root = page('<div><span>loading</span></div>')
    const { app } = await settledApp()
    const span = root.querySelector('span') as HTMLElement
    // Re-render 1: the text node is replaced by a new one.
    span.replaceChildren(document.createTextNode('Trending: '))
    // Re-render 2: more text appended as a sibling node, then appended data.
    const tail = document.createTextNode('#Soft')
    span.append(tail)
    tail.appendData('Coup today')
    await vi.waitFor(() => expect(markedTexts(app)).toEqual(['#SoftCoup']))
    // Split across nodes is not joined: `#Soft` + `Coup` in two nodes is no tag.
    span.replaceChildren('#Soft', 'Coup')
    await vi.waitFor(() => expect(markedTexts(app)).toEqual([]))
  })

  it('follows a single-page-app navigation (pushState, then the view is replaced)', async () => {
    const root = page('<main><p>old view #SoftCoup</p></main>')
    const { app } = await settledApp()
    const url = location.href
    history.pushState({}, '', '#next-view')
    try {
      const main = root.querySelector('main') as HTMLElement
      main.replaceChildren(
        ...fragment('<article><p>new view #WeSupportCorbyn</p></article>').childNodes,
      )
      await vi.waitFor(() => expect(markedTexts(app)).toEqual(['#WeSupportCorbyn']))
    } finally {
      history.replaceState({}, '', url)
    }
  })

  it('handles a burst of 5,000 mutations as one deferred rescan', async () => {
    const root = page('<p>warm the lookup cache: #SoftCoup</p>')
    const { app, calls } = await settledApp()
    const drains = app.scanner.stats.drains
    const lookups = calls.length
    for (let i = 0; i < 2500; i++) {
      const p = document.createElement('p')
      p.textContent = i % 50 === 0 ? `post ${i} #SoftCoup` : `post ${i}`
      root.append(p)
      ;(p.firstChild as Text).appendData(' edited')
      // As a framework's batches would: the observer is called back many times during the burst.
      if (i % 100 === 99) await Promise.resolve()
    }
    await app.settled()
    expect(app.scanner.stats.drains - drains).toBe(1)
    expect(calls.length - lookups).toBe(0)
    expect(markedTexts(app)).toHaveLength(51)
  })

  it('looks up the unknown keys of a burst in one batch', async () => {
    const root = page('<p>#SoftCoup</p>')
    // Keys are batched per time slice; a long slice keeps a loaded machine from splitting the
    // burst over two slices (what is tested is one lookup per burst, not per node).
    const { app, calls } = await settledApp({}, { sliceMs: 1000 })
    const lookups = calls.length
    for (let i = 0; i < 1000; i++) {
      const p = document.createElement('p')
      p.textContent = i % 20 === 0 ? `#WeSupportCorbyn ${i} #Tag${i}x` : `post ${i}`
      root.append(p)
    }
    await app.settled()
    expect(calls.length - lookups).toBe(1)
    const batch = calls.at(-1) ?? []
    expect(batch).toHaveLength(51)
    expect(batch).toContain('wesupportcorbyn')
    expect(markedTexts(app).filter((t) => t === '#WeSupportCorbyn')).toHaveLength(50)
  })

  it('tokenises a new text once, though its key had to be looked up first', async () => {
    page('<p>read #SoftCoup today</p>')
    const { app, calls } = await settledApp()
    expect(calls.flat()).toEqual(['softcoup'])
    expect(markedTexts(app)).toEqual(['#SoftCoup'])
    expect(app.scanner.stats.tokenised).toBe(1)
  })

  it('tokenises again a text whose data changed while its lookup was out', async () => {
    const root = page('<p>read #SoftCoup today</p>')
    const { resolve } = fakeResolve()
    const held: (() => void)[] = []
    const { app } = startTestApp(
      {},
      { resolve: (keys) => new Promise((done) => held.push(() => done(resolve(keys)))) },
    )
    await vi.waitFor(() => expect(held).toHaveLength(1))
    textContaining(root, '#SoftCoup').data = 'now #WeSupportCorbyn instead'
    await vi.waitFor(() => expect(held).toHaveLength(2))
    for (const release of held) release()
    await app.settled()
    expect(markedTexts(app)).toEqual(['#WeSupportCorbyn'])
    expect(app.scanner.stats.tokenised).toBe(2)
  })

  it('asks for each unknown key once, however often it appears', async () => {
    page(`<p>${'#SoftCoup #Weather '.repeat(200)}</p><p>#SoftCoup</p>`)
    const { calls } = await settledApp()
    expect(calls.flat().filter((k) => k === 'softcoup')).toHaveLength(1)
    expect(calls.flat().filter((k) => k === 'weather')).toHaveLength(1)
  })
})
