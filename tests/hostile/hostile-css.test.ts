/**
 * Hostile CSS: pages whose style sheets would wreck an injected card: `* { all: unset !important }`,
 * overflow on everything, a 5 px root font, rules aimed at popovers and the top layer, overlays at
 * the highest z-index (one stacked after the card by the page), transforms, opacity, clip-path,
 * blending, the invert-filter dark-mode trick and zoom on <html> or <body>, rules aimed at the host
 * itself, and a page-wide ::backdrop rule. On each, the built extension's card is opened by
 * hovering #SoftCoup, and must be readable (text strokes in strong contrast in its pixels, 14 px
 * text, not faded or filtered), on top (five points inside it hit it), sized as designed (400 px
 * wide) and inside the viewport: measured against the same card on a plain page. Before the
 * card, the tag's mark must sit on its text (within 1 px), in the default style, with its colour
 * in the pixels under it. Chromium and Firefox, because both engines' cascade and stacking are in
 * play.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import index from 'virtual:fact-index'
import { createLookup } from '../../src/index/lookup.ts'
import { requireBrowser, type BrowserName } from '../e2e/lib/browsers.ts'
import { expectReadable, lookAtCard, type CardLook } from './lib/card-check.ts'
import { html, servePages, type PageServer } from './lib/pages.ts'
import {
  boxDistance,
  hoverCard,
  markOnText,
  markPixels,
  openSession,
  waitForMarks,
  type Session,
} from './lib/session.ts'

const entry = createLookup(index).find('SoftCoup')
if (!entry) throw new Error('the fact index has no #SoftCoup entry')
const TITLE = entry.title

/** Filler the hostile rules act on: headings, lists, links, a table, long text. */
const BODY = `
  <header><h1>Politics today</h1><nav><a href="#a">Home</a> <a href="#b">World</a></nav></header>
  <main>
    <p id="tag">Readers asked about #SoftCoup again this week.</p>
    ${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>'.repeat(12)}
    <ul><li>one</li><li>two</li></ul>
    <table><tr><td>cell</td><td>cell</td></tr></table>
  </main>`

interface Case {
  name: string
  css: string
  /** Markup put before the page's own (overlays). */
  extra?: string
  /** A page script run after load. */
  script?: string
}

const CASES: Case[] = [
  {
    name: '* { all: unset !important } (also hits the host element)',
    css: '* { all: unset !important } html, body { display: block !important }',
  },
  {
    name: '* { overflow: auto !important } with fixed heights',
    css: '* { overflow: auto !important } html, body { height: 100% !important } main { max-height: 50vh }',
  },
  {
    name: 'html { font-size: 5px } with rem sizes everywhere',
    css: 'html { font-size: 5px !important } * { font-size: 1rem !important; line-height: 1rem !important }',
  },
  {
    name: 'rules aimed at the host, popovers and the top layer: [popover], :popover-open, html > *:last-child:not(body), *',
    css: `[popover], :popover-open, html > *:last-child:not(body), html > :not(head):not(body), hashtag-context-host {
        display: none !important; position: fixed !important; inset: 300px auto auto 300px !important;
        translate: 40px 40px !important; scale: 2 !important; rotate: 10deg !important;
        zoom: 3 !important; margin: 50px !important; padding: 50px !important;
        opacity: 0 !important; visibility: hidden !important; content-visibility: hidden !important;
        clip-path: inset(50%) !important; filter: invert(1) blur(4px) !important;
        animation: page-spin 1s infinite !important; transition: all 9s !important }
      @keyframes page-spin { to { transform: translate(200px, 200px); opacity: 0 } }
      * { z-index: 2147483647 !important; mix-blend-mode: multiply !important;
        color-scheme: dark !important; forced-color-adjust: none !important; zoom: 1 }`,
  },
  {
    name: 'overlays at z-index 2147483647: fixed in body, under <html>, and one the page puts after the card',
    css: `.overlay { position: fixed !important; left: 0; right: 0; z-index: 2147483647 !important;
      background: #000; color: #000; opacity: 1 }
      #o1 { top: 30px; bottom: 0 } #tag { position: relative; z-index: 2147483647; background: #fff; margin-top: 0 }`,
    extra: '<div class="overlay" id="o1">overlay</div>',
    // The tag stays above the first overlay (it must be hoverable). A second overlay goes under
    // <html>; whenever the card's host appears, the page stacks a third one after it.
    script: `const o = document.createElement('div'); o.className = 'overlay'; o.style.top = '200px'
      o.style.bottom = '0'; document.documentElement.append(o)
      new MutationObserver(() => {
        const last = document.documentElement.lastElementChild
        if (last && last.localName === 'hashtag-context-host') {
          const o3 = document.createElement('div'); o3.className = 'overlay'; o3.style.top = '150px'
          o3.style.bottom = '0'; document.documentElement.append(o3)
        }
      }).observe(document.documentElement, { childList: true })`,
  },
  {
    name: 'transform on body and html (a containing block for fixed elements)',
    css: `html { transform: translateZ(0) } body { transform: translate(20px, 10px) scale(1.2);
      transform-origin: 0 0 } :root { perspective: 200px }`,
  },
  {
    name: 'opacity 0.25 on <html>',
    css: 'html { opacity: 0.25 }',
  },
  {
    name: 'the invert-filter dark-mode trick on <html> (filter: invert(1) hue-rotate(180deg))',
    css: 'html { filter: invert(1) hue-rotate(180deg) } body { background: #fff }',
  },
  {
    name: 'transform: scale(0.5) and clip-path on <html>',
    css: 'html { transform: scale(0.5); transform-origin: 0 0; clip-path: inset(0 40% 40% 0) }',
  },
  {
    name: 'mix-blend-mode: difference on <html>',
    css: 'html { mix-blend-mode: difference; isolation: isolate; background: #fff }',
  },
  {
    name: 'CSS zoom on <html> (0.5)',
    css: 'html { zoom: 0.5 }',
  },
  {
    name: 'CSS zoom on <html> (2)',
    css: 'html { zoom: 2 }',
  },
  {
    name: 'visibility, pointer-events and contain on <html>',
    css: `html { visibility: hidden; pointer-events: none; contain: strict; height: 100% }
      body { visibility: visible; pointer-events: auto }`,
  },
  {
    name: 'CSS zoom on body and rules targeting the host by name and attribute',
    css: `body { zoom: 1.5 } hashtag-context-host, html > :not(head):not(body) {
      display: none !important; position: absolute !important; top: -9999px !important;
      opacity: 0 !important; transform: scale(0) !important; width: 1px !important; height: 1px !important;
      clip-path: inset(50%) !important; filter: blur(20px) !important; z-index: -1 !important }`,
  },
]

let server: PageServer

beforeAll(async () => {
  server = await servePages()
})

afterAll(async () => {
  await server?.close()
})

describe.each<BrowserName>(['chromium', 'firefox'])('%s: the card on hostile CSS', (name) => {
  let session: Session
  let control: CardLook | null = null

  beforeAll(async () => {
    requireBrowser(name)
    session = await openSession(name)
  })

  afterAll(async () => {
    await session?.close()
  })

  // Each test answers for the errors of its own steps.
  beforeEach(() => {
    if (session) session.errors.length = 0
  })

  const open = async (page: string): Promise<CardLook | null> => {
    await session.driver.goto(page)
    await waitForMarks(session, 'the #SoftCoup mark', (t) => t.includes('#SoftCoup'))
    const seen = await markOnText(session, '#SoftCoup')
    expect(boxDistance(seen.mark, seen.text), JSON.stringify(seen)).toBeLessThan(1)
    expect(seen.style).toBe('underline')
    expect(await markPixels(session, '#SoftCoup')).toBeGreaterThan(0)
    await hoverCard(session, '#SoftCoup', TITLE)
    return lookAtCard(session)
  }

  it('is readable, on top and inside the viewport on a plain page (the control)', async () => {
    control = await open(server.page(`plain-${name}.html`, html({ body: BODY })))
    if (process.env.HOSTILE_DEBUG) console.log('control', JSON.stringify(control))
    expectReadable(control)
    expect(session.errors).toEqual([])
  })

  it("does not let the page's own ::backdrop rule dim the page while the card is open", async () => {
    const page = html({
      css: `::backdrop { background: rgb(200 0 0) !important; display: block !important }
        #swatch { position: fixed; right: 40px; bottom: 40px; width: 40px; height: 40px;
          background: #fff; z-index: 1 }`,
      body: `${BODY}<div id="swatch"></div>`,
    })
    await open(server.page(`backdrop-${name}.html`, page))
    // A white swatch of the page, away from the card: still the page's own white.
    const pixel = await session.shot({ x: 1000 - 70, y: 800 - 70, width: 4, height: 4 })
    expect([...pixel.data.slice(0, 3)]).toEqual([255, 255, 255])
    expect(session.errors).toEqual([])
  })

  for (const c of CASES) {
    it(`stays readable, on top, sized right and inside the viewport: ${c.name}`, async () => {
      expect(control, 'the control case ran').not.toBeNull()
      const page = html({
        css: c.css,
        body: (c.extra ?? '') + BODY,
        head: c.script ? `<script>addEventListener('load', () => { ${c.script} })</script>` : '',
      })
      const look = await open(server.page(`css-${CASES.indexOf(c)}-${name}.html`, page))
      if (process.env.HOSTILE_DEBUG) console.log(c.name, JSON.stringify(look))
      expectReadable(look, control ?? undefined)
      expect(session.errors).toEqual([])
    })
  }
})
