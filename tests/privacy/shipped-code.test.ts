/**
 * The shipped code makes no network request and loads nothing remote: every JavaScript, CSS and
 * HTML file of dist/chrome and dist/firefox is parsed and checked.
 *
 * How "uses a network API" is decided: JavaScript is parsed (TypeScript's parser, as JS), and a
 * file fails if any IDENTIFIER is named fetch, XMLHttpRequest, WebSocket, EventSource,
 * sendBeacon, WebTransport, RTCPeerConnection or importScripts (a global, a property as in
 * `navigator.sendBeacon`, or a declaration), or if any STRING equals one of those names (the
 * `self['fetch']` spelling). Comments do not count, and neither does a longer string that merely
 * mentions a name (an error message), which cannot call anything. What this cannot see is a name
 * assembled at run time (`self['fe' + 'tch']`), which no one writes by accident; the default MV3
 * content security policy (no eval, no remote script), kept by the manifest test, covers the rest.
 *
 * Remote resources: every http(s) URL in a JavaScript string must be data: a source URL of the
 * bundled fact index (shown as a link, opened only by the user's click), an XML namespace name
 * that Preact compares element namespaces with, or one of zod's identifiers (never loaded). Resource positions (HTML src/href,
 * CSS url() and @import, JS import specifiers and import()) must point inside the build.
 * No code is made from strings (eval, new Function, string timers), and the only HTML sink in the
 * bundle is Preact's `dangerouslySetInnerHTML` branch (`el.innerHTML = props.__html`), which the
 * project's lint rule keeps out of the source, so it is never taken.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { Parser } from 'htmlparser2'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import index from 'virtual:fact-index'
import { distDir, listFiles, readText, TARGETS } from './dist-files.ts'

const NETWORK = new Set([
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'EventSource',
  'sendBeacon',
  'WebTransport',
  'RTCPeerConnection',
  'importScripts',
])

/** Namespace names Preact compares with when it creates SVG and MathML elements. */
const XML_NAMESPACES = new Set([
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1999/xlink',
  'http://www.w3.org/1999/xhtml',
  'http://www.w3.org/1998/Math/MathML',
  // zod (the index schema the options page runs to check a pack): the JSON Schema dialect names
  // its schema export writes into `$schema` (identifiers, never loaded), and the prefix it hands
  // to the URL parser to check an IPv6 address (parsed, never requested).
  'https://json-schema.org/draft/2020-12/schema',
  'http://json-schema.org/draft-07/schema#',
  'http://json-schema.org/draft-04/schema#',
  'http://[',
])

/** Every http(s) string in the fact index: data the card shows as links. */
function indexUrls(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string' && /^https?:\/\//.test(value)) out.add(value)
  else if (Array.isArray(value)) for (const item of value) indexUrls(item, out)
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) indexUrls(v, out)
  return out
}
const DATA_URLS = indexUrls(index)

const URL_IN_TEXT = /https?:\/\/[^\s"'`<>)\\]+/g

/** A finding: file, what, and the code around it. */
type Finding = string

/** A resource reference must stay inside the build: relative or root-relative, and present. */
function checkLocal(dir: string, from: string, ref: string, what: string, out: Finding[]): void {
  if (ref.startsWith('data:') || ref.startsWith('#')) return
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(ref)) {
    out.push(`${from}: ${what} loads ${ref} from outside the extension`)
    return
  }
  const clean = ref.split(/[?#]/)[0] ?? ''
  const file = clean.startsWith('/')
    ? path.join(dir, clean)
    : path.join(dir, path.dirname(from), clean)
  if (!existsSync(file)) out.push(`${from}: ${what} ${ref} is not in the build`)
}

function scanJs(dir: string, rel: string, out: Finding[]): void {
  scanJsText(dir, rel, readText(dir, rel), out)
}

function scanJsText(dir: string, rel: string, text: string, out: Finding[]): void {
  const source = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const at = (node: ts.Node): string => {
    const start = node.getStart(source)
    return `${rel}@${start}: …${text.slice(Math.max(0, start - 30), start + 50)}…`
  }
  const isString = (node: ts.Node): node is ts.StringLiteralLike | ts.TemplateLiteralLikeNode =>
    ts.isStringLiteralLike(node) ||
    node.kind === ts.SyntaxKind.TemplateHead ||
    node.kind === ts.SyntaxKind.TemplateMiddle ||
    node.kind === ts.SyntaxKind.TemplateTail
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      if (NETWORK.has(node.text)) out.push(`network API ${node.text}: ${at(node)}`)
      if (['insertAdjacentHTML', 'createContextualFragment', 'srcdoc'].includes(node.text)) {
        out.push(`HTML sink ${node.text}: ${at(node)}`)
      }
    }
    if (isString(node)) {
      const value = node.text
      if (NETWORK.has(value)) out.push(`network API named in a string: ${at(node)}`)
      for (const url of value.match(URL_IN_TEXT) ?? []) {
        if (!DATA_URLS.has(url) && !XML_NAMESPACES.has(url))
          out.push(`remote URL ${url}: ${at(node)}`)
      }
    }
    if (
      (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'Function'
    ) {
      out.push(`code from a string (Function): ${at(node)}`)
    }
    // eval called directly or through a global object; a property merely named eval (the
    // polyfill's table of devtools.inspectedWindow methods) is not a call.
    if (ts.isCallExpression(node)) {
      const callee = ts.isParenthesizedExpression(node.expression)
        ? node.expression.expression
        : node.expression
      const last = ts.isBinaryExpression(callee) ? callee.right : callee
      const isEval =
        (ts.isIdentifier(last) && last.text === 'eval') ||
        (ts.isPropertyAccessExpression(last) &&
          last.name.text === 'eval' &&
          ts.isIdentifier(last.expression) &&
          ['window', 'self', 'globalThis'].includes(last.expression.text))
      if (isEval) out.push(`code from a string (eval): ${at(node)}`)
    }
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      ['setTimeout', 'setInterval'].includes(node.expression.text) &&
      node.arguments[0] &&
      isString(node.arguments[0])
    ) {
      out.push(`code from a string (timer): ${at(node)}`)
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [spec] = node.arguments
      if (spec && ts.isStringLiteralLike(spec)) checkLocal(dir, rel, spec.text, 'import()', out)
      else out.push(`import() of a computed specifier: ${at(node)}`)
    }
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const spec = node.moduleSpecifier
      if (ts.isStringLiteralLike(spec)) checkLocal(dir, rel, spec.text, 'import', out)
    }
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      ['innerHTML', 'outerHTML'].includes(node.left.name.text)
    ) {
      const right = node.right
      // Preact's dangerouslySetInnerHTML branch: `dom.innerHTML = newHtml.__html`.
      const preact = ts.isPropertyAccessExpression(right) && right.name.text === '__html'
      if (!preact) out.push(`HTML sink ${node.left.name.text} = …: ${at(node)}`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
}

function scanCss(dir: string, rel: string, out: Finding[]): void {
  const text = readText(dir, rel).replace(/\/\*[\s\S]*?\*\//g, '')
  for (const m of text.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/g)) {
    checkLocal(dir, rel, m[2] ?? '', 'url()', out)
  }
  for (const m of text.matchAll(/@import\s+(?:url\()?\s*['"]?([^'");\s]+)/g)) {
    checkLocal(dir, rel, m[1] ?? '', '@import', out)
  }
}

function scanHtml(dir: string, rel: string, out: Finding[]): void {
  const parser = new Parser({
    onopentag(name, attrs) {
      for (const attr of ['src', 'href', 'srcset', 'data', 'poster', 'action', 'formaction']) {
        const value = attrs[attr]
        if (value === undefined) continue
        // <a href> is navigation by the user, not a load; extension pages have none.
        if (name === 'a') out.push(`${rel}: a link in an extension page (${value})`)
        else checkLocal(dir, rel, value, `<${name} ${attr}>`, out)
      }
      if (name === 'meta' && attrs['http-equiv']?.toLowerCase() === 'refresh') {
        out.push(`${rel}: meta refresh`)
      }
      if (attrs.style?.includes('url(')) out.push(`${rel}: url() in a style attribute`)
    },
  })
  parser.write(readText(dir, rel))
  parser.end()
}

describe.each(TARGETS)('shipped code of the %s build', (target) => {
  const dir = distDir(target)
  const files = listFiles(dir)
  const js = files.filter((f) => f.endsWith('.js') || f.endsWith('.mjs'))
  const css = files.filter((f) => f.endsWith('.css'))
  const pages = files.filter((f) => f.endsWith('.html'))

  it('ships only files of known kinds (code, styles, pages, icons, messages, manifest)', () => {
    const known = /\.(js|css|html|png|json)$/
    expect(files.filter((f) => !known.test(f))).toEqual([])
    expect(js.length).toBeGreaterThan(2)
    expect(pages.length).toBeGreaterThan(1)
  })

  it('calls no network API: fetch, XMLHttpRequest, WebSocket, EventSource, sendBeacon…', () => {
    const found: Finding[] = []
    for (const file of js) scanJs(dir, file, found)
    expect(found.filter((f) => /network API/.test(f))).toEqual([])
  })

  it('loads no remote script, style, font or image, and holds no URL but the index data', () => {
    const found: Finding[] = []
    for (const file of js) scanJs(dir, file, found)
    for (const file of css) scanCss(dir, file, found)
    for (const file of pages) scanHtml(dir, file, found)
    expect(found.filter((f) => !/network API|HTML sink|code from/.test(f))).toEqual([])
    // The scan saw the index's links, so it did look at the strings that carry URLs.
    expect(DATA_URLS.size).toBeGreaterThan(0)
    expect(js.some((f) => [...DATA_URLS].some((url) => readText(dir, f).includes(url)))).toBe(true)
  })

  it('makes no code from strings and has no HTML sink but Preact’s unused dangerouslySetInnerHTML', () => {
    const found: Finding[] = []
    for (const file of js) scanJs(dir, file, found)
    expect(found.filter((f) => /HTML sink|code from/.test(f))).toEqual([])
  })
})

describe('the scanner itself', () => {
  const scan = (code: string): Finding[] => {
    const found: Finding[] = []
    scanJsText(import.meta.dirname, 'snippet.js', code, found)
    return found
  }

  it('finds each network API, however it is reached, and ignores comments and messages', () => {
    expect(scan('fetch("/x")')).toHaveLength(1)
    expect(scan('navigator.sendBeacon("/x", d)')).toHaveLength(1)
    expect(scan('new globalThis.WebSocket(u)')).toHaveLength(1)
    expect(scan('self["XMLHttpRequest"]')).toHaveLength(1)
    expect(scan('const { EventSource: E } = window')).toHaveLength(1)
    expect(scan('// fetch(x)\nconst m = "could not fetch the entry"')).toEqual([])
  })

  it('finds remote URLs, remote imports, string code and HTML sinks', () => {
    expect(scan('img.src = "https://tracker.example/p.gif"')).toHaveLength(1)
    expect(scan('import("https://cdn.example/x.js")')).toHaveLength(2)
    expect(scan('import "./missing.js"')).toHaveLength(1)
    expect(scan('setTimeout("alert(1)", 1)')).toHaveLength(1)
    expect(scan('new Function("return 1")')).toHaveLength(1)
    expect(scan('eval(code); (0, eval)(code); globalThis.eval(code)')).toHaveLength(3)
    expect(scan('const api = { inspectedWindow: { eval: { minArgs: 1 } } }')).toEqual([])
    expect(scan('el.innerHTML = text')).toHaveLength(1)
    expect(scan('el.innerHTML = props.__html')).toEqual([])
    expect(scan('if (ns == "http://www.w3.org/2000/svg") {}')).toEqual([])
  })

  it('finds remote styles and pages that load from elsewhere', () => {
    const found: Finding[] = []
    checkLocal(import.meta.dirname, 'x.css', '//fonts.example/f.woff2', 'url()', found)
    checkLocal(import.meta.dirname, 'x.css', 'https://fonts.example/f.css', '@import', found)
    checkLocal(import.meta.dirname, 'x.css', 'data:image/png;base64,AAAA', 'url()', found)
    checkLocal(import.meta.dirname, 'x.css', 'dist-files.ts', 'url()', found)
    expect(found).toHaveLength(2)
  })
})
