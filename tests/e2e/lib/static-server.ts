/**
 * A static file server on 127.0.0.1 and a free port, for the demo and the e2e fixtures: pages
 * must come from http(s) for content scripts to run, and the loopback address keeps it local.
 * Files built in memory (the React timeline's bundle) are served from `extra`; every request
 * is logged in `requests`.
 */
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
}

/** A running server: `url` ends with a slash; `close()` stops it. */
export interface StaticServer {
  url: string
  /** Paths requested so far, in order (`GET /news/index.html`). */
  requests: string[]
  close(): Promise<void>
}

/**
 * Serves the files under `root` (GET only, no directory listing, nothing outside root), and
 * `extra` (URL path such as '/timeline/app.js' -> contents) from memory.
 */
export async function serveStatic(
  root: string,
  extra: Record<string, string> = {},
): Promise<StaticServer> {
  const base = path.resolve(root)
  const requests: string[] = []
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
    requests.push(`${request.method ?? ''} ${pathname}`)
    const inMemory = extra[pathname]
    if (request.method === 'GET' && inMemory !== undefined) {
      response.writeHead(200, {
        'content-type': TYPES[path.extname(pathname)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      })
      response.end(inMemory)
      return
    }
    const file = path.join(base, pathname.endsWith('/') ? `${pathname}index.html` : pathname)
    if (request.method !== 'GET' || !file.startsWith(base + path.sep)) {
      response.writeHead(404).end()
      return
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, {
          'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        })
        response.end(body)
      },
      () => response.writeHead(404).end(),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
