/**
 * An in-memory page server on 127.0.0.1 for the hostile-page tests: each test writes the page it
 * needs next to its assertions, so what a test tried is readable in one place. Pages are served
 * without `no-store`, so the back/forward cache may keep them (a no-store page is never cached).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A running page server. */
export interface PageServer {
  /** Base URL, ending with a slash. */
  url: string
  /** Serves `html` at `/name` and returns its full URL. */
  page(name: string, html: string): string
  close(): Promise<void>
}

/** Starts the server. */
export async function servePages(): Promise<PageServer> {
  const pages = new Map<string, string>()
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://x').pathname
    const html = pages.get(pathname)
    if (request.method !== 'GET' || html === undefined) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}/`
  return {
    url,
    page(name, html) {
      pages.set(`/${name}`, html)
      return `${url}${name}`
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A whole HTML document around `body`, with optional page CSS and a page script in <head>. */
export function html(options: {
  title?: string
  css?: string
  head?: string
  body: string
}): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${options.title ?? 'hostile page'}</title>`,
    options.css ? `<style>${options.css}</style>` : '',
    options.head ?? '',
    `</head><body>${options.body}</body></html>`,
  ].join('\n')
}
